import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { PolicyLayerName } from '../contract/index.ts';
import { adminPaths } from './admin-keys.ts';
import { issueWords } from './issue-words.ts';
import { deepMerge, isPlainObject, valueAt } from './merge.ts';
import { keyPath, lineLocator, type PolicyProblem } from './problem.ts';
import { defaultPolicy, Policy } from './schema.ts';

export type FileLayerName = Exclude<PolicyLayerName, 'defaults'>;

export type LayerCheck =
  | { ok: true; data: Record<string, unknown> }
  | { ok: false; problems: PolicyProblem[] };

const MAX_PROBLEMS = 50;

const syntaxWords: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'malformed number',
  PropertyNameExpected: 'expected a key in double quotes (a trailing comma?)',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":"',
  CommaExpected: 'expected "," (a missing comma?)',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: 'unexpected text after the end of the document',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in a string',
};

/**
 * Checks the text of one layer file on its own: JSON syntax, then the layer laid over the
 * built-in defaults and parsed with the full schema, so that every problem is this file's and
 * can point at its line. The local layer may in addition hold only the admin settings.
 */
export function checkLayerText(text: string, file: string, layer: FileLayerName): LayerCheck {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const locate = lineLocator(source);
  const errors: ParseError[] = [];
  if (source.trim() === '') return { ok: false, problems: [{ file, key: '', message: 'the file is empty' }] };
  const root = parseTree(source, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length > 0 || !root) {
    return {
      ok: false,
      problems: errors.slice(0, 5).map((e) => ({
        file,
        ...locate(e.offset),
        key: '',
        message: `invalid JSON: ${syntaxWords[printParseErrorCode(e.error)] ?? printParseErrorCode(e.error)}`,
      })),
    };
  }
  const data: unknown = JSON.parse(source);
  if (!isPlainObject(data)) {
    return { ok: false, problems: [{ file, ...locate(root.offset), key: '', message: 'expected a JSON object { ... }' }] };
  }
  const problems: PolicyProblem[] = [];
  const add = (path: readonly PropertyKey[], message: string) => {
    const key = keyPath(path);
    if (problems.some((p) => p.key === key)) return;
    problems.push({ file, ...locate(offsetOf(root, path)), key, message });
  };
  if (layer === 'local') {
    for (const path of pathsOutsideAdmin(data)) {
      add(path, 'not an admin setting; the local layer may hold only admin settings');
    }
  }
  const parsed = Policy.safeParse(deepMerge(defaultPolicy, data));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          add([...issue.path, key], issueWords(issue, undefined));
        }
        continue;
      }
      add(issue.path, issueWords(issue, valueAt(data, issue.path)));
    }
  }
  if (problems.length === 0) return { ok: true, data };
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return { ok: false, problems: problems.slice(0, MAX_PROBLEMS) };
}

/**
 * Where a problem at `path` should point: the key of the property when it exists (that is
 * where the admin looks), else the nearest enclosing value that does (a missing key is
 * reported at the object that lacks it).
 */
function offsetOf(root: Node, path: readonly PropertyKey[]): number {
  for (let n = path.length; n >= 0; n--) {
    const node = findNodeAtLocation(root, path.slice(0, n) as (string | number)[]);
    if (!node) continue;
    const keyNode = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
    return keyNode ? keyNode.offset : node.offset;
  }
  return root.offset;
}

/** Paths in a local-layer object that are not admin settings (nor `$schema`). */
function pathsOutsideAdmin(data: Record<string, unknown>): string[][] {
  const allowed = Object.values(adminPaths).map((p) => p.join('.'));
  const out: string[][] = [];
  const walk = (node: Record<string, unknown>, prefix: string[]) => {
    for (const [key, value] of Object.entries(node)) {
      const path = [...prefix, key];
      const joined = path.join('.');
      if (allowed.includes(joined) || joined === '$schema') continue;
      const isPrefix = allowed.some((a) => a.startsWith(`${joined}.`));
      if (isPrefix && isPlainObject(value)) walk(value, path);
      else if (!isPrefix) out.push(path);
    }
  };
  walk(data, []);
  return out;
}
