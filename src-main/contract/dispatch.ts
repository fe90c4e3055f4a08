import { calls, type CallName, type ShellHandlers } from './calls.ts';
import { ShellError, toWireError } from './errors.ts';
import type { Reply } from './envelope.ts';

function isCallName(name: string): name is CallName {
  return Object.hasOwn(calls, name);
}

/**
 * The one IPC server, shared by both hosts: looks the method up in the contract, validates the
 * arguments, runs the handler, validates the result, and turns any failure into `{code, message}`.
 * Hosts check the sender before they call this.
 */
export async function dispatchCall(
  handlers: ShellHandlers,
  method: string,
  rawArgs: unknown,
): Promise<Reply> {
  try {
    if (!isCallName(method)) throw new ShellError('invalid-argument', `unknown call "${method}"`);
    const spec = calls[method];
    const parsed = spec.args.safeParse(rawArgs ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? issue.path.join('.') : 'arguments';
      throw new ShellError('invalid-argument', `${method}: ${where}: ${issue?.message ?? 'invalid'}`);
    }
    const handler = handlers[method] as (args: unknown) => unknown;
    const value = await handler(parsed.data);
    const checked = spec.result.safeParse(value);
    if (!checked.success) throw new ShellError('internal', `${method}: result broke the contract`);
    return { ok: true, value: checked.data };
  } catch (err) {
    return { ok: false, error: toWireError(err) };
  }
}
