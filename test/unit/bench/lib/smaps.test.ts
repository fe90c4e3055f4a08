import { describe, expect, it } from 'vitest';
import { largestDifferences, mappingGroup, medianRss, parseSmaps, topGroups } from '../../../../bench/lib/smaps.ts';

const mapping = (header: string, rss: number, pss: number, privateKb: number, anon: number) =>
  [
    header,
    `Size:               1024 kB`,
    `Rss:                ${rss} kB`,
    `Pss:                ${pss} kB`,
    `Shared_Clean:          0 kB`,
    `Private_Clean:      ${privateKb - Math.min(privateKb, anon)} kB`,
    `Private_Dirty:      ${Math.min(privateKb, anon)} kB`,
    `Anonymous:          ${anon} kB`,
    `VmFlags: rd mr mw me`,
  ].join('\n');

describe('mappingGroup', () => {
  it('names libraries without their version, the executable, and special mappings', () => {
    expect(mappingGroup('/usr/lib/x86_64-linux-gnu/libfreerdp2.so.2.11.7')).toBe('libfreerdp2');
    expect(mappingGroup('/usr/lib/x86_64-linux-gnu/libSDL2-2.0.so.0.2600.5')).toBe('libSDL2-2.0');
    expect(mappingGroup('/work/native/build/libthinshell_rdp.so')).toBe('libthinshell_rdp');
    expect(mappingGroup('/usr/bin/node', '/usr/bin/node')).toBe('node (executable)');
    expect(mappingGroup('')).toBe('[anon]');
    expect(mappingGroup('[heap]')).toBe('[heap]');
    expect(mappingGroup('[stack:1234]')).toBe('[stack]');
    expect(mappingGroup('[anon:v8]')).toBe('[anon]');
    expect(mappingGroup('/SYSV00000000 (deleted)')).toBe('[shared memory]');
    expect(mappingGroup('/memfd:wayland-shm (deleted)')).toBe('[shared memory]');
    expect(mappingGroup('/usr/lib/locale/C.utf8/LC_CTYPE')).toBe('LC_CTYPE');
  });
});

describe('parseSmaps', () => {
  const text = [
    mapping('00400000-00b6f000 r--p 00000000 fe:00 260689                             /usr/bin/node', 5948, 2974, 0, 0),
    mapping('00b72000-025fe000 r-xp 00772000 fe:00 260689                             /usr/bin/node', 16620, 8310, 100, 0),
    mapping('7f37e9564000-7f37e96ba000 r-xp 00026000 fe:00 339380                     /usr/lib/x86_64-linux-gnu/libc.so.6', 1048, 30, 0, 0),
    mapping('10915000-10bd8000 rw-p 00000000 00:00 0                                  [heap]', 2708, 2708, 2708, 2708),
    mapping('f14575c0000-f1457602000 rw-p 00000000 00:00 0 ', 264, 264, 264, 264),
    mapping('671f7240000-671f7280000 rw-p 00000000 00:00 0', 256, 256, 256, 256),
    mapping('7f0000000000-7f0000400000 rw-s 00000000 00:01 42                         /SYSV00000000 (deleted)', 4000, 2000, 0, 0),
    mapping('7ffe287c0000-7ffe287e1000 ---p 00000000 00:00 0', 0, 0, 0, 0),
  ].join('\n');

  it('sums Rss, Pss, private and anonymous pages per group', () => {
    const b = parseSmaps(text, '/usr/bin/node');
    expect(b['node (executable)']).toEqual({ rssKb: 22568, pssKb: 11284, privateKb: 100, anonKb: 0 });
    expect(b['[anon]']).toEqual({ rssKb: 520, pssKb: 520, privateKb: 520, anonKb: 520 });
    expect(b['[heap]']!.anonKb).toBe(2708);
    expect(b['[shared memory]']!.rssKb).toBe(4000);
    expect(b.libc!.pssKb).toBe(30);
  });

  it('leaves out groups with nothing resident and ignores lines before the first mapping', () => {
    expect(parseSmaps(`Rss: 5 kB\n${mapping('7ffe287c0000-7ffe287e1000 ---p 00000000 00:00 0', 0, 0, 0, 0)}`)).toEqual({});
  });

  it('topGroups lists the largest by RSS in MiB', () => {
    expect(topGroups(parseSmaps(text, '/usr/bin/node'), 2)).toBe('node (executable) 22.0, [shared memory] 3.9');
  });
});

describe('medianRss and largestDifferences', () => {
  const use = (rssKb: number) => ({ rssKb, pssKb: 0, privateKb: 0, anonKb: 0 });
  it('takes the median per group, a missing group counting 0', () => {
    expect(medianRss([{ a: use(1), b: use(10) }, { a: use(3) }, { a: use(2), b: use(30) }, undefined])).toEqual({ a: 2, b: 10 });
    expect(medianRss([{ a: use(1) }, { a: use(4) }])).toEqual({ a: 2.5 });
  });
  it('lists the largest differences first, with their sign', () => {
    expect(largestDifferences({ node: 35840, anon: 10240, x: 0 }, { anon: 15360, xfreerdp: 512 }, 2)).toBe('node +35.0, anon -5.0');
  });
});
