import { describe, expect, it } from 'vitest';
import { failureToErrorCode } from '../../../../../src-main/sessions/engines.ts';
import { REMOTE_VIEWER_FAILURE_LINES } from '../../../../../src-main/sessions/spice/remote-viewer-lines.ts';
import de from '../../../../../src-renderer/i18n/de.json';
import en from '../../../../../src-renderer/i18n/en.json';

const catalogues = { en, de } as Record<string, Record<string, string>>;

/**
 * Each way a SPICE attempt fails, as the person at the terminal reads it: the remote-viewer line
 * rule -> the engine's failure -> the contract's code -> the words in both catalogues.
 */
const EXPECTED: Record<string, { code: string; en: RegExp; de: RegExp }> = {
  auth: { code: 'session-auth-failed', en: /did not accept your sign-in/, de: /Anmeldung nicht angenommen|nicht angenommen/ },
  dns: { code: 'session-dns', en: /could not find the desktop's address/, de: /Adresse/ },
  refused: { code: 'session-unreachable', en: /cannot be reached/, de: /nicht erreichbar/ },
  'connect-failed': { code: 'session-unreachable', en: /cannot be reached/, de: /nicht erreichbar/ },
  certificate: { code: 'session-certificate', en: /could not prove its identity/, de: /Identität/ },
  tls: { code: 'session-failed', en: /could not be opened/, de: /.+/ },
  'proxy-dns': { code: 'session-gateway', en: /gateway or proxy/, de: /Proxy/ },
  'proxy-unreachable': { code: 'session-gateway', en: /gateway or proxy/, de: /Proxy/ },
  'proxy-refused': { code: 'session-gateway', en: /gateway or proxy/, de: /Proxy/ },
  'proxy-auth': { code: 'session-gateway', en: /gateway or proxy/, de: /Proxy/ },
  'proxy-bad-reply': { code: 'session-gateway', en: /gateway or proxy/, de: /Proxy/ },
  'proxy-upstream': { code: 'session-unreachable', en: /cannot be reached/, de: /nicht erreichbar/ },
};

describe('SPICE failures in the user\'s words', () => {
  it('every remote-viewer failure rule is listed here', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(REMOTE_VIEWER_FAILURE_LINES.map((r) => r.id).sort());
  });

  it.each(REMOTE_VIEWER_FAILURE_LINES.map((r) => [r.id, r] as const))('%s', (id, rule) => {
    const want = EXPECTED[id]!;
    const code = failureToErrorCode(rule.failure);
    expect(code).toBe(want.code);
    for (const locale of ['en', 'de'] as const) {
      expect(catalogues[locale]![`error.${code}.message`], locale).toMatch(want[locale]);
      expect(catalogues[locale]![`error.${code}.action`]?.trim(), locale).toBeTruthy();
    }
    // The admin's detail names the step that failed; the proxy ones say it was the proxy.
    expect(rule.detail.length).toBeGreaterThan(10);
    if (id.startsWith('proxy-')) expect(rule.detail).toMatch(/proxy/);
  });

  it('the deadline, a missing remote-viewer and a server that goes away have their words too', () => {
    expect(en[`error.${failureToErrorCode('timeout')}.message` as keyof typeof en]).toMatch(/took too long/);
    expect(en[`error.${failureToErrorCode('engine-missing')}.message` as keyof typeof en]).toMatch(/not installed/);
    expect(en['end.reason.server-disconnect']).toMatch(/closed the connection/);
    expect(de['end.reason.server-disconnect']).toMatch(/beendet/);
  });
});
