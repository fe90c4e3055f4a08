import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startChild } from '../../../../src-main/sessions/child.ts';

const node = process.execPath;
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

/** Running, not a zombie waiting for a parent (in a container nobody may reap it). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function collect() {
  const lines: { line: string; stream: string }[] = [];
  return { lines, onLine: (line: string, stream: string) => lines.push({ line, stream }) };
}

describe('startChild', () => {
  it('writes the secret to stdin, closes it, and reads both streams line by line', async () => {
    const { lines, onLine } = collect();
    const script = `let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{console.log('got:'+s.trim());console.error('err line');process.stdout.write('no newline')})`;
    const child = startChild({ command: node, args: ['-e', script], env, stdin: 'pa ss\n', onLine });
    const exit = await child.done;
    expect(exit).toMatchObject({ code: 0, signal: null, killed: false });
    expect(lines).toEqual(
      expect.arrayContaining([
        { line: 'got:pa ss', stream: 'stdout' },
        { line: 'err line', stream: 'stderr' },
        { line: 'no newline', stream: 'stdout' },
      ]),
    );
  });

  it('closes stdin at once when there is nothing to write (a reader sees end of file)', async () => {
    const { lines, onLine } = collect();
    const child = startChild({ command: node, args: ['-e', `process.stdin.on('data',()=>{}).on('end',()=>console.log('eof'))`], env, onLine });
    await child.done;
    expect(lines.map((l) => l.line)).toEqual(['eof']);
  });

  it('passes arguments literally: no shell expands them', async () => {
    const { lines, onLine } = collect();
    const tricky = '$(echo pwned); `id` && echo x | cat > /tmp/nope';
    await startChild({ command: node, args: ['-e', 'console.log(process.argv[1])', tricky], env, onLine }).done;
    expect(lines.map((l) => l.line)).toEqual([tricky]);
  });

  it('gives the child exactly the environment it is handed', async () => {
    const { lines, onLine } = collect();
    await startChild({ command: node, args: ['-e', 'console.log(JSON.stringify(process.env))'], env: { ...env, ONLY: 'this' }, onLine }).done;
    const seen = JSON.parse(lines[0]!.line) as Record<string, string>;
    expect(Object.keys(seen).sort()).toEqual(['ONLY', 'PATH']);
  });

  it('kills with SIGTERM, then SIGKILL when the child ignores SIGTERM; done resolves once', async () => {
    const { lines, onLine } = collect();
    const script = `process.on('SIGTERM',()=>console.log('ignored TERM'));console.log('ready');setInterval(()=>{},1000)`;
    const child = startChild({ command: node, args: ['-e', script], env, onLine, killGraceMs: 300 });
    await new Promise<void>((r) => {
      const t = setInterval(() => lines.some((l) => l.line === 'ready') && (clearInterval(t), r()), 10);
    });
    const t0 = Date.now();
    const [a, b] = await Promise.all([child.kill(), child.kill()]);
    expect(a).toBe(b);
    expect(a).toMatchObject({ signal: 'SIGKILL', killed: true });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    expect(lines.map((l) => l.line)).toContain('ignored TERM');
    expect(alive(child.pid!)).toBe(false);
  });

  it('ends the whole process group: a helper the child started dies with it', async () => {
    const { lines, onLine } = collect();
    const script = `const c=require('child_process').spawn(process.execPath,['-e','setInterval(()=>{},1000)'],{stdio:'ignore'});console.log(c.pid);setInterval(()=>{},1000)`;
    const child = startChild({ command: node, args: ['-e', script], env, onLine, killGraceMs: 500 });
    await new Promise<void>((r) => {
      const t = setInterval(() => lines.length > 0 && (clearInterval(t), r()), 10);
    });
    const grandchild = Number(lines[0]!.line);
    expect(alive(grandchild)).toBe(true);
    await child.kill();
    await new Promise((r) => setTimeout(r, 100));
    expect(alive(grandchild)).toBe(false);
  });

  it('without a group of its own: stays in our process group, and kill() still ends the helper it started', async () => {
    const { lines, onLine } = collect();
    const script = `const c=require('child_process').spawn(process.execPath,['-e','setInterval(()=>{},1000)'],{stdio:'ignore'});console.log(c.pid);setInterval(()=>{},1000)`;
    const child = startChild({ command: node, args: ['-e', script], env, onLine, killGraceMs: 500, ownProcessGroup: false });
    await new Promise<void>((r) => {
      const t = setInterval(() => lines.length > 0 && (clearInterval(t), r()), 10);
    });
    const pgid = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[2]);
    expect(pgid(child.pid!)).toBe(pgid(process.pid));
    const grandchild = Number(lines[0]!.line);
    expect(alive(grandchild)).toBe(true);
    expect(await child.kill()).toMatchObject({ signal: 'SIGTERM', killed: true });
    await new Promise((r) => setTimeout(r, 100));
    expect(alive(grandchild)).toBe(false);
  });

  it('reports a missing program as a spawn error instead of throwing', async () => {
    const child = startChild({ command: 'thinshell-no-such-program', args: [], env, onLine: () => undefined });
    const exit = await child.done;
    expect(exit.spawnError?.code).toBe('ENOENT');
    await expect(child.kill()).resolves.toBe(exit);
  });

  it('calls onDeadline once when it passes, and not at all after clearDeadline', async () => {
    let fired = 0;
    const slow = startChild({ command: node, args: ['-e', 'setTimeout(()=>{},400)'], env, onLine: () => undefined, deadlineMs: 50, onDeadline: () => fired++ });
    await slow.done;
    expect(fired).toBe(1);
    let cleared = 0;
    const other = startChild({ command: node, args: ['-e', 'setTimeout(()=>{},200)'], env, onLine: () => undefined, deadlineMs: 50, onDeadline: () => cleared++ });
    other.clearDeadline();
    await other.done;
    expect(cleared).toBe(0);
  });

  it('survives a throwing line handler and cuts endless lines', async () => {
    const seen: string[] = [];
    const child = startChild({
      command: node,
      args: ['-e', `process.stdout.write('x'.repeat(40000)+'\\nafter\\n')`],
      env,
      onLine: (line) => {
        seen.push(line);
        if (line === 'after') throw new Error('parser bug');
      },
    });
    expect((await child.done).code).toBe(0);
    expect(seen.at(-1)).toBe('after');
    expect(Math.max(...seen.map((l) => l.length))).toBe(16_384);
  });
});
