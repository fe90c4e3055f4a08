import { expect } from 'vitest';
import type { BrokerSession, SignInResult } from '../../src-main/brokers/types.ts';
import { ShellError } from '../../src-main/contract/index.ts';

/** A signal nobody aborts, for calls that are not about cancelling. */
export const signal = (): AbortSignal => new AbortController().signal;

/** The session of a sign-in that must not ask for a second factor. */
export function signedIn(result: SignInResult): BrokerSession {
  if (result.kind !== 'signedIn') throw new Error(`expected signedIn, got ${result.kind}`);
  return result.session;
}

/** The ShellError a broker call must fail with (anything else fails the test). */
export async function fails(p: Promise<unknown>): Promise<ShellError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ShellError);
  return e as ShellError;
}
