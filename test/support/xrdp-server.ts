import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort } from '../../src-main/demo/servers.ts';

/**
 * A real xrdp on loopback (xrdp + xrdp-sesman, Xvnc sessions, TLS), with configuration files of
 * its own and a throwaway local account (PAM). The X session is a script that lives for
 * `sessionSec` seconds and ends, as when the user logs off inside the desktop.
 *
 * xrdp finds its sesman at the ListenPort of /etc/xrdp/sesman.ini (3350, compiled in), so only
 * one such server can run on a machine: `xrdpUnavailable()` says why it cannot (not root, not
 * installed, the port taken), and tests skip with that.
 */
const SESMAN_PORT = 3350;
const BINARIES = ['/usr/sbin/xrdp', '/usr/sbin/xrdp-sesman', '/usr/bin/Xvnc', '/usr/sbin/useradd', '/usr/sbin/chpasswd', '/usr/bin/openssl'];

function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port }, () => (s.destroy(), resolve(true)));
    s.on('error', () => resolve(false));
  });
}

/** sesman, told 127.0.0.1, may bind ::1 (it resolves "localhost"): either counts. */
async function portTaken(port: number): Promise<boolean> {
  return (await listening('127.0.0.1', port)) || (await listening('::1', port));
}

export async function xrdpUnavailable(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'xrdp tests need root (a local account, sesman)';
  const missing = BINARIES.filter((b) => !existsSync(b));
  if (missing.length) return `xrdp tests need ${missing.join(', ')} (scripts/setup.sh test)`;
  if (await portTaken(SESMAN_PORT)) return `port ${SESMAN_PORT} (xrdp-sesman) is taken`;
  return undefined;
}

export interface XrdpServer {
  port: number;
  user: string;
  password: string;
  /** SHA-256 of its certificate, `AA:BB:...`. */
  fingerprint: string;
  stop(): Promise<void>;
}

async function waitForPort(port: number, child: ChildProcess, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode})`);
    if (await portTaken(port)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${what} did not listen on ${port}`);
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(t);
}

export async function startXrdp(options: { sessionSec: number; maxSessions?: number }): Promise<XrdpServer> {
  const dir = await mkdtemp(join(tmpdir(), 'thinshell-xrdp-'));
  await chmod(dir, 0o755); // sesman runs the session script as the test user
  const user = `tsx${randomBytes(4).toString('hex')}`;
  const password = `Xrdp-${randomBytes(6).toString('base64url')}`;
  let sesman: ChildProcess | undefined;
  let xrdp: ChildProcess | undefined;
  let made = false;
  const stop = async () => {
    await stopChild(xrdp);
    await stopChild(sesman);
    // Whatever the session left running belongs to the test user only.
    if (made) {
      spawnSync('/usr/bin/pkill', ['-KILL', '-u', user]);
      spawnSync('/usr/sbin/userdel', ['-r', user], { stdio: 'ignore' });
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const add = spawnSync('/usr/sbin/useradd', ['-m', '-N', '-s', '/bin/sh', user], { encoding: 'utf8' });
    if (add.status !== 0) throw new Error(`useradd: ${add.stderr}`);
    made = true;
    // The password through stdin: never on a command line.
    const pw = spawnSync('/usr/sbin/chpasswd', [], { input: `${user}:${password}\n`, encoding: 'utf8' });
    if (pw.status !== 0) throw new Error(`chpasswd: ${pw.stderr}`);
    const run = spawnSync('/usr/bin/openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
    if (run.status !== 0) throw new Error('openssl could not make a certificate');
    await writeFile(join(dir, 'session.sh'), `#!/bin/sh\n# The X session: it ends after ${options.sessionSec} s, as a user logging off would.\nsleep ${options.sessionSec}\n`, { mode: 0o755 });
    const port = await freeLoopbackPort();
    await writeFile(
      join(dir, 'sesman.ini'),
      [
        '[Globals]',
        'ListenAddress=127.0.0.1',
        `ListenPort=${SESMAN_PORT}`,
        'EnableUserWindowManager=false',
        `DefaultWindowManager=${join(dir, 'session.sh')}`,
        'ReconnectScript=/bin/true',
        '[Security]',
        'AllowRootLogin=false',
        'MaxLoginRetry=4',
        'AlwaysGroupCheck=false',
        '[Sessions]',
        `X11DisplayOffset=${70 + (process.pid % 50)}`,
        `MaxSessions=${options.maxSessions ?? 10}`,
        'KillDisconnected=true',
        'DisconnectedTimeLimit=0',
        'IdleTimeLimit=0',
        'Policy=Default',
        '[Logging]',
        `LogFile=${join(dir, 'sesman.log')}`,
        'LogLevel=INFO',
        'EnableSyslog=false',
        '[Xvnc]',
        'param=Xvnc',
        'param=-bs',
        'param=-nolisten',
        'param=tcp',
        'param=-localhost',
        '[Chansrv]',
        'FuseMountName=thinclient_drives',
        '',
      ].join('\n'),
    );
    await writeFile(
      join(dir, 'xrdp.ini'),
      [
        '[Globals]',
        'ini_version=1',
        'fork=true',
        `port=tcp://127.0.0.1:${port}`,
        'security_layer=tls',
        `certificate=${join(dir, 'cert.pem')}`,
        `key_file=${join(dir, 'key.pem')}`,
        'ssl_protocols=TLSv1.2, TLSv1.3',
        'autorun=Xvnc',
        'allow_channels=true',
        'max_bpp=32',
        '[Logging]',
        `LogFile=${join(dir, 'xrdp.log')}`,
        'LogLevel=INFO',
        'EnableSyslog=false',
        '[Xvnc]',
        'name=Xvnc',
        'lib=libvnc.so',
        'username=ask',
        'password=ask',
        'ip=127.0.0.1',
        'port=-1',
        '',
      ].join('\n'),
    );
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' };
    sesman = spawn('/usr/bin/timeout', ['300', '/usr/sbin/xrdp-sesman', '-n', '-c', join(dir, 'sesman.ini')], { env, stdio: 'ignore', cwd: dir });
    xrdp = spawn('/usr/bin/timeout', ['300', '/usr/sbin/xrdp', '-n', '-c', join(dir, 'xrdp.ini')], { env, stdio: 'ignore', cwd: dir });
    await Promise.all([waitForPort(port, xrdp, 'xrdp'), waitForPort(SESMAN_PORT, sesman, 'xrdp-sesman')]);
    const fingerprint = new X509Certificate(await readFile(join(dir, 'cert.pem'), 'utf8')).fingerprint256;
    return { port, user, password, fingerprint, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
