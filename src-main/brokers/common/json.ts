import { z } from 'zod';
import { ShellError } from '../../contract/index.ts';
import type { HttpReply } from './http-client.ts';

/** Where a reply's shape went wrong, short enough for a log line: the first few zod issues. */
export function describeIssues(error: z.ZodError, max = 3): string {
  const issues = error.issues.slice(0, max).map((i) => `${i.path.length ? i.path.join('.') : '(top)'}: ${i.message}`);
  const more = error.issues.length > max ? ` (+${error.issues.length - max} more)` : '';
  return issues.join('; ') + more;
}

/** JSON text through a schema; anything else is `broker-bad-reply` naming what was expected. */
export function parseJsonText<S extends z.ZodType>(text: string, schema: S, what: string): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ShellError('broker-bad-reply', `${what}: not JSON (${(err as Error).message.slice(0, 120)})`);
  }
  return parseValue(value, schema, what);
}

export function parseValue<S extends z.ZodType>(value: unknown, schema: S, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ShellError('broker-bad-reply', `${what}: unexpected reply (${describeIssues(parsed.error)})`);
  return parsed.data;
}

/** Any JSON value: for replies whose shape the caller checks piece by piece. */
export const anyJson = z.unknown();

/** A reply's body as JSON through a schema. */
export function parseJson<S extends z.ZodType>(reply: HttpReply, schema: S, what: string): z.output<S> {
  return parseJsonText(reply.text(), schema, what);
}

/** The words for a status a broker did not expect; the body's start helps the admin. */
export function unexpectedStatus(reply: HttpReply, what: string): ShellError {
  const start = reply.text().replace(/\s+/g, ' ').slice(0, 200);
  return new ShellError('broker-bad-reply', `${what}: HTTP ${reply.status} ${reply.statusText}${start ? `: ${start}` : ''}`);
}
