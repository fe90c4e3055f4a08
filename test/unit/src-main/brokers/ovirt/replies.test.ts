import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';
import type { ShellError } from '../../../../../src-main/contract/index.ts';
import { accessToken, desktopsFromVms, spiceConsoleId, ssoRefusal } from '../../../../../src-main/brokers/ovirt/replies.ts';
import { spiceFromVv } from '../../../../../src-main/brokers/ovirt/vv.ts';
import { fixtureTests } from '../../../../support/reply-fixtures.ts';

const dir = fileURLToPath(new URL('./fixtures', import.meta.url));

describe('oVirt reply parsers (fixtures)', () => {
  fixtureTests(dir, {
    desktopsFromVms,
    accessToken,
    spiceConsoleId: (input: unknown) => spiceConsoleId(input) ?? null,
    ssoRefusal: (input: unknown) => {
      const err: ShellError = ssoRefusal(input);
      return { code: err.code, message: err.message };
    },
    spiceFromVv: (input: { text: string; title: string }) => {
      const conn = spiceFromVv(input.text, input.title);
      return { ...conn, ...(conn.password ? { password: conn.password.reveal() } : {}) };
    },
  });
});
