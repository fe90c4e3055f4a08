import { describe, expect, it } from 'vitest';
import {
  ConnectStep,
  DesktopStatus,
  EndAction,
  EndReason,
  ErrorAction,
  ErrorCode,
  SecondFactorMethod,
} from '../../../../src-main/contract/index.ts';
import de from '../../../../src-renderer/i18n/de.json';
import en from '../../../../src-renderer/i18n/en.json';
import { translate } from '../../../../src-renderer/i18n/t.ts';

const catalogues = { en, de } as Record<string, Record<string, string>>;

// The lists come from the contract's own enums at test time, so a new code added there
// fails this test until both catalogues word it.
const required = [
  ...ErrorCode.options.flatMap((c) => [`error.${c}.message`, `error.${c}.action`]),
  ...EndReason.options.map((r) => `end.reason.${r}`),
  ...EndAction.options.map((a) => `end.next.${a}`),
  ...ConnectStep.options.map((s) => `connect.step.${s}`),
  ...DesktopStatus.options.map((s) => `desktop.status.${s}`),
  ...ErrorAction.options.map((a) => `error.action.${a}`),
  ...SecondFactorMethod.options.map((m) => `secondFactor.method.${m}`),
];

describe('message catalogues', () => {
  it('en and de have identical key sets', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(['en', 'de'])('%s words every code, reason, step and status of the contract', (locale) => {
    const missing = required.filter((k) => !catalogues[locale]?.[k]?.trim());
    expect(missing).toEqual([]);
  });

  it('German is a translation, not a copy: every contract message differs from English', () => {
    const copied = required.filter((k) => catalogues.de?.[k] === catalogues.en?.[k]);
    expect(copied).toEqual([]);
  });

  it('each translation uses the same placeholders as English', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of Object.entries(en)) expect([key, names(de[key as keyof typeof de])]).toEqual([key, names(text)]);
  });
});

describe('translate', () => {
  it('interpolates {name} parameters', () => {
    expect(translate('en', 'picker.count', { shown: 3, total: 10 })).toBe('3 of 10 desktops');
    expect(translate('de', 'picker.count', { shown: 3, total: 10 })).toBe('3 von 10 Desktops');
  });

  it('leaves a placeholder without a value visible rather than inventing one', () => {
    expect(translate('en', 'picker.count', { shown: 1 })).toBe('1 of {total} desktops');
  });

  it('does not treat a parameter value as a placeholder', () => {
    expect(translate('en', 'picker.signedInAs', { user: '{broker}', broker: 'X' })).toBe('Signed in as {broker} at X');
  });
});
