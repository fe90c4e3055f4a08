import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

// js-yaml and ajv come with electron-builder (no typings for js-yaml): load them as CommonJS.
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
type Validate = ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string }> | null };
const Ajv = require('ajv') as new (options: object) => { compile(schema: object): Validate };

const root = fileURLToPath(new URL('../../../../../', import.meta.url));
const readJson = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8')) as Record<string, unknown>;

interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  asar: boolean;
  extraResources: Array<{ from: string; to: string }>;
  linux: { target: string; executableName: string };
  publish: unknown;
  [key: string]: unknown;
}

let config: BuilderConfig;
let validate: Validate;

beforeAll(() => {
  config = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
  // The schema electron-builder itself checks its configuration against before building.
  const schema = readJson('node_modules/app-builder-lib/scheme.json');
  validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
});

const problems = () => (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`).join('; ');

describe('electron-builder.yml', () => {
  it("is valid by electron-builder's own schema", () => {
    expect(validate(config), problems()).toBe(true);
  });

  it('would be caught by that schema if it were wrong', () => {
    expect(validate({ ...config, linux: { target: 5 } })).toBe(false);
    expect(validate({ ...config, asarr: true })).toBe(false);
  });

  it('names the app and builds only the dir target (AppImage and deb download tools)', () => {
    expect(config.productName).toBe('thinshell');
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z0-9-]+){2,}$/);
    expect(config.linux.target).toBe('dir');
    expect(config.linux.executableName).toBe('thinshell');
  });

  it('packs dist and package.json into an asar, and never publishes', () => {
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(expect.arrayContaining(['dist/**', 'package.json']));
    expect(config.publish).toBeNull();
  });

  it("includes the entry point package.json names", () => {
    const main = String(readJson('package.json').main);
    expect(main.startsWith('dist/')).toBe(true);
  });

  it('ships resources from the resources folder, the policy schema included', () => {
    for (const entry of config.extraResources) expect(entry.from.startsWith('resources/'), entry.from).toBe(true);
    const schema = config.extraResources.find((e) => e.from === 'resources/policy.schema.json');
    expect(schema).toBeDefined();
    expect(existsSync(path.join(root, schema!.from))).toBe(true);
  });
});
