import { describe, expect, it } from 'vitest';
import { onPath } from '../../../../src-main/sessions/on-path.ts';

describe('onPath', () => {
  it('finds an executable on the given PATH, or by absolute path', async () => {
    expect(await onPath('sh', '/nonexistent:/bin:/usr/bin')).toMatch(/\/sh$/);
    expect(await onPath('/bin/sh', '')).toBe('/bin/sh');
  });

  it('finds nothing that is missing or not executable', async () => {
    expect(await onPath('sh', '/nonexistent')).toBeUndefined();
    expect(await onPath('passwd', '/etc')).toBeUndefined();
    expect(await onPath('sh', undefined)).toBeUndefined();
  });
});
