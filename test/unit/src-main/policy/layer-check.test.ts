import { describe, expect, it } from 'vitest';
import { checkLayerText } from '../../../../src-main/policy/layer-check.ts';
import { formatProblem } from '../../../../src-main/policy/problem.ts';

const F = '/etc/thinshell/policy.json';

function problems(text: string, layer: 'image' | 'managed' | 'local' = 'image'): string[] {
  const result = checkLayerText(text, F, layer);
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe('checkLayerText', () => {
  it('accepts a valid partial policy and returns it unmerged', () => {
    const result = checkLayerText('{ "session": { "onEnd": "reconnect" } }', F, 'image');
    expect(result).toEqual({ ok: true, data: { session: { onEnd: 'reconnect' } } });
  });

  it('names file, line, column and key of a bad enum value', () => {
    const text = '{\n  "locale": "en",\n  "session": {\n    "onEnd": "sleep"\n  }\n}\n';
    expect(problems(text)).toEqual([`${F}:4:5: session.onEnd: expected one of signIn, reconnect, powerOff (got "sleep")`]);
  });

  it('reports an unknown key at the key itself', () => {
    const text = '{\n  "kiosk": {\n    "devtools": false,\n      "devtool": true\n  }\n}';
    expect(problems(text)).toEqual([`${F}:4:7: kiosk.devtool: unknown key`]);
  });

  it('reports a wrong type with what the file holds', () => {
    expect(problems('{"session":{"endedScreenSec":"5"}}')).toEqual([
      `${F}:1:13: session.endedScreenSec: expected a number (got string "5")`,
    ]);
  });

  it('reports a missing required key at the object that lacks it, with array indices', () => {
    const text = '{"brokers":[{"type":"direct","id":"a","name":"A",\n "hosts":[{"id":"h","name":"H","protocol":"rdp"}]}]}';
    expect(problems(text)).toEqual([`${F}:2:11: brokers[0].hosts[0].host: missing (expected a string)`]);
  });

  it('reports JSON syntax errors with line and column', () => {
    const text = '{\n  "locale": "en"\n  "kiosk": {}\n}';
    expect(problems(text)).toEqual([`${F}:3:3: invalid JSON: expected "," (a missing comma?)`]);
    expect(problems('{"a": 1,}')[0]).toMatch(/^\/etc\/thinshell\/policy\.json:1:9: invalid JSON: /);
    expect(problems('{ // note\n}')[0]).toContain('comments are not allowed');
  });

  it('rejects an empty file and a non-object document', () => {
    expect(problems('  \n')).toEqual([`${F}: the file is empty`]);
    expect(problems('[1, 2]')).toEqual([`${F}:1:1: expected a JSON object { ... }`]);
  });

  it('tolerates a byte order mark', () => {
    expect(checkLayerText('\ufeff{"locale":"de"}', F, 'image').ok).toBe(true);
  });

  it('lets the local layer hold admin settings only', () => {
    const text = '{\n  "locale": "de",\n  "brokers": [],\n  "session": { "onEnd": "powerOff", "hotkey": "F12" },\n  "locked": []\n}';
    expect(problems(text, 'local')).toEqual([
      `${F}:3:3: brokers: not an admin setting; the local layer may hold only admin settings`,
      `${F}:4:37: session.hotkey: not an admin setting; the local layer may hold only admin settings`,
      `${F}:5:3: locked: not an admin setting; the local layer may hold only admin settings`,
    ]);
    expect(problems(text, 'managed')).toEqual([]);
    expect(checkLayerText('{"$schema":"x","kiosk":{"devtools":true}}', F, 'local').ok).toBe(true);
  });

  it('rejects locked names that are not admin settings', () => {
    expect(problems('{"locked":["locale","hotkey"]}')[0]).toMatch(/:1:21: locked\[1\]: expected one of locale, .* \(got "hotkey"\)$/);
  });
});
