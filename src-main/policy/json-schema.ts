import { z } from 'zod';
import { Policy } from './schema.ts';

export const POLICY_SCHEMA_ID = 'urn:thinshell:policy';

/**
 * The JSON Schema of a policy file, derived from the zod schema so the two cannot drift.
 * `io: 'input'` describes what a file may hold (keys with defaults are optional).
 * `resources/policy.schema.json` is this, committed (a test keeps it current); editors use it
 * through the file's `$schema` key for completion and checks.
 */
export function policyJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(Policy, { io: 'input' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: POLICY_SCHEMA_ID,
    title: 'thinshell policy',
    description:
      'Policy of a thinshell terminal. Layers, lowest first: built-in defaults, the image file ' +
      '(/etc/thinshell/policy.json), the managed file, the local admin settings. Each layer is a ' +
      'partial policy; objects merge key by key, lists replace. Check a file with ' +
      '`thinshell policy validate FILE`.',
    ...rest,
  };
}

/** The committed file's exact text: two-space indent, trailing newline. */
export function policyJsonSchemaText(): string {
  return `${JSON.stringify(policyJsonSchema(), null, 2)}\n`;
}
