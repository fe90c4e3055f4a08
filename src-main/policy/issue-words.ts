import type { core } from 'zod';

/** A value as the admin wrote it, short enough for one line. */
export function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${shown(value)}`;
}

const typeWords: Record<string, string> = {
  object: 'an object',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
};

/**
 * A zod issue in plain words, without zod's own phrasing ("Invalid input: ..."), because the
 * reader is an admin with a JSON file open, not a TypeScript programmer. `value` is what the
 * file holds at the issue's path.
 */
export function issueWords(issue: core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return `missing (expected ${typeWords[issue.expected] ?? issue.expected})`;
      return `expected ${typeWords[issue.expected] ?? issue.expected} (got ${typeOf(value)})`;
    case 'invalid_value':
      if (issue.values.length === 1) return `expected ${shown(issue.values[0])} (got ${shown(value)})`;
      return `expected one of ${issue.values.map(String).join(', ')} (got ${shown(value)})`;
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      if (options) return `expected one of ${options.map(String).join(', ')} (got ${shown(value)})`;
      return `does not match any allowed form (got ${shown(value)})`;
    }
    case 'unrecognized_keys':
      return 'unknown key';
    case 'too_big':
      return `${limitWords(issue.origin, 'at most', issue.maximum)} (got ${sizeOf(value)})`;
    case 'too_small':
      return `${limitWords(issue.origin, 'at least', issue.minimum)} (got ${sizeOf(value)})`;
    case 'invalid_format':
      if (issue.format === 'url') return `expected a URL (got ${shown(value)})`;
      return `expected ${issue.message} (got ${shown(value)})`;
    case 'not_multiple_of':
      return `expected a multiple of ${String(issue.divisor)} (got ${shown(value)})`;
    default:
      return issue.message;
  }
}

function limitWords(origin: string, bound: string, limit: number | bigint): string {
  if (origin === 'string') return `expected ${bound} ${limit} characters`;
  if (origin === 'array' || origin === 'set') return `expected ${bound} ${limit} entries`;
  return `expected ${bound} ${limit}`;
}

function sizeOf(value: unknown): string {
  if (typeof value === 'string') return `${value.length}`;
  if (Array.isArray(value)) return `${value.length}`;
  return shown(value);
}
