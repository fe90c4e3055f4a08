import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { descendants, parentOf } from '../../../../src-main/sessions/process-tree.ts';

describe('process-tree', () => {
  it('reads the parent pid after the last ")" (a comm may hold spaces and parentheses)', () => {
    expect(parentOf('1234 (remote-viewer) S 77 1234 1234 0 -1')).toBe(77);
    expect(parentOf('1234 (a) b) (c) R 88 1 1 0')).toBe(88);
    expect(parentOf('garbage')).toBeUndefined();
  });

  it('finds children and grandchildren of a process', async () => {
    const script = `const c=require('child_process').spawn(process.execPath,['-e','setInterval(()=>{},1000)'],{stdio:'ignore'});console.log(c.pid);setInterval(()=>{},1000)`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
    const [line] = (await once(child.stdout!, 'data')) as [Buffer];
    const grandchild = Number(String(line).trim());
    try {
      expect(descendants(child.pid!)).toEqual([grandchild]);
      expect(descendants(process.pid)).toEqual(expect.arrayContaining([child.pid, grandchild]));
    } finally {
      process.kill(grandchild, 'SIGKILL');
      child.kill('SIGKILL');
    }
  });
});
