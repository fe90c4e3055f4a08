import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { policyJsonSchema, policyJsonSchemaText } from '../../../../src-main/policy/json-schema.ts';
import { checkLayerText } from '../../../../src-main/policy/layer-check.ts';
import { Policy } from '../../../../src-main/policy/schema.ts';

const resource = (name: string) => new URL(`../../../../resources/${name}`, import.meta.url);

describe('policy JSON Schema', () => {
  it('the committed resources/policy.schema.json is what the code generates (run `thinshell policy schema`)', async () => {
    expect(await readFile(resource('policy.schema.json'), 'utf8')).toBe(policyJsonSchemaText());
  });

  it('describes the policy: id, title, closed objects, enums and defaults from the zod schema', () => {
    const schema = policyJsonSchema() as {
      $id: string; title: string; additionalProperties: boolean;
      properties: Record<string, { properties?: Record<string, { enum?: string[]; default?: unknown }> }>;
      required?: string[];
    };
    expect(schema.$id).toBe('urn:thinshell:policy');
    expect(schema.title).toBe('thinshell policy');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.session?.properties?.onEnd).toMatchObject({ enum: ['signIn', 'reconnect', 'powerOff'], default: 'signIn' });
    expect(schema.required ?? []).toEqual([]); // every top-level key has a default: any layer may omit it
  });
});

describe('resources/policy.example.json', () => {
  it('is a valid image layer that references the schema and shows RDP and SPICE hosts', async () => {
    const text = await readFile(resource('policy.example.json'), 'utf8');
    const checked = checkLayerText(text, 'policy.example.json', 'image');
    expect(checked.ok ? [] : checked.problems).toEqual([]);
    const policy = Policy.parse(JSON.parse(text));
    expect(policy.$schema).toBe('./policy.schema.json');
    const hosts = policy.brokers.flatMap((b) => (b.type === 'direct' ? b.hosts : []));
    expect(new Set(hosts.map((h) => h.protocol))).toEqual(new Set(['rdp', 'spice']));
  });
});
