import fc from 'fast-check';
import { ShellError } from '../../src-main/contract/index.ts';

/** Every path into a JSON value (objects and arrays), the root included. */
function paths(value: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...at, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out);
  return out;
}

function setAt(root: unknown, path: (string | number)[], change: (old: unknown) => unknown | typeof REMOVE): unknown {
  if (path.length === 0) {
    const next = change(root);
    return next === REMOVE ? null : next;
  }
  const copy: unknown = Array.isArray(root) ? [...root] : { ...(root as object) };
  const [head, ...rest] = path;
  const container = copy as Record<string | number, unknown>;
  const next = setAt(container[head!], rest, change);
  if (rest.length === 0 && change(container[head!]) === REMOVE) {
    if (Array.isArray(container)) container.splice(head as number, 1);
    else delete container[head!];
  } else container[head!] = next;
  return copy;
}

const REMOVE = Symbol('remove');

export type Mutation = { path: number; kind: 'replace' | 'remove' | 'stringify' | 'wrap'; value: unknown };

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  path: fc.nat(),
  kind: fc.constantFrom('replace', 'remove', 'stringify', 'wrap'),
  value: fc.jsonValue({ maxDepth: 2 }),
});

/** A seed with a few structural mutations: one value replaced, removed, turned into a string, wrapped in an array. */
export function mutate(seed: unknown, ops: Mutation[]): unknown {
  let value = seed;
  for (const op of ops) {
    const all = paths(value);
    const path = all[op.path % all.length]!;
    value = setAt(value, path, (old) => {
      switch (op.kind) {
        case 'replace':
          return op.value;
        case 'remove':
          return REMOVE;
        case 'stringify':
          return typeof old === 'string' ? Number(old.length) : JSON.stringify(old) ?? 'null';
        case 'wrap':
          return [old];
      }
    });
  }
  return value;
}

/** The rule for every reply parser: a value, or a ShellError broker-bad-reply that says something. */
export function acceptOrRefuse(parse: () => unknown): unknown {
  try {
    return parse();
  } catch (err) {
    if (!(err instanceof ShellError)) throw err;
    if (err.code !== 'broker-bad-reply') throw new Error(`unexpected code ${err.code}: ${err.message}`);
    if (err.message.length < 12) throw new Error(`unclear message: ${err.message}`);
    return undefined;
  }
}
