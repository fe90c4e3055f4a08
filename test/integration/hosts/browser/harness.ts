import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import WebSocket from 'ws';

/**
 * Test scaffolding for real Chromium: a tiny renderer that opens the bridge exactly as the real
 * one will, a Chromium launcher that sees its own /etc/chromium (a private mount namespace) so
 * the managed policy under test never reaches any other browser on this machine, and raw CDP.
 */
export interface Scratch {
  dir: string;
  rendererDir: string;
  /** Write the policy here: inside the namespace it is /etc/chromium/policies/managed/thinshell.json. */
  policyPath: string;
  /** Use as chromiumPath. */
  chromium: string;
  cleanup(): Promise<void>;
}

// The page's script: read and remove the token, connect, call getView, show what happened.
// (A separate file: the CSP allows no inline script.)
const APP_JS = `
const status = (s) => { window.__state = s; document.getElementById('status').textContent = s; };
window.__frames = [];
const m = /^#token=([0-9a-f]+)$/.exec(location.hash);
history.replaceState(null, '', location.pathname + location.search);
const bridgeHost = new URLSearchParams(location.search).get('bridge') || location.host;
if (!m) status('no-token');
else {
  const ws = new WebSocket('ws://' + bridgeHost + '/bridge?token=' + m[1]);
  ws.onopen = () => { status('open'); ws.send(JSON.stringify({ seq: 1, method: 'getView', args: {} })); };
  ws.onmessage = (e) => {
    const f = JSON.parse(e.data);
    window.__frames.push(f);
    if (f.type === 'reply' && f.seq === 1 && f.reply.ok) status('view:' + f.reply.value.screen.kind);
    if (f.type === 'event') document.getElementById('screen').textContent = f.payload.screen.kind;
  };
  ws.onclose = (e) => status('closed:' + e.code);
}
`;
const INDEX = `<!doctype html><html><head><meta charset="utf-8"><title>thinshell test page</title>
<script type="module" src="/app.js"></script></head>
<body><h1>thinshell</h1><p id="status">loading</p><p id="screen"></p></body></html>`;

export async function makeScratch(): Promise<Scratch> {
  const dir = await mkdtemp(join(tmpdir(), 'thinshell-chromium-it-'));
  const rendererDir = join(dir, 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), INDEX);
  await writeFile(join(rendererDir, 'app.js'), APP_JS);
  const etc = join(dir, 'etc-chromium');
  await mkdir(join(etc, 'policies', 'managed'), { recursive: true });
  await copyFile('/etc/chromium/master_preferences', join(etc, 'master_preferences')).catch(() => {});
  const chromium = join(dir, 'chromium-in-namespace');
  await writeFile(
    chromium,
    `#!/bin/sh\nexec unshare --mount --propagation private sh -c 'mount --bind "$0" /etc/chromium && exec /usr/bin/chromium "$@"' '${etc}' "$@"\n`,
  );
  await chmod(chromium, 0o755);
  return {
    dir,
    rendererDir,
    policyPath: join(etc, 'policies', 'managed', 'thinshell.json'),
    chromium,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** An HTTP server on another loopback origin that counts the requests it gets. */
export async function otherOrigin(): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.end('<!doctype html><title>other</title><p>other origin</p>');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    hits,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** The argv a process was started with, as any local user could read it. */
export async function cmdline(pid: number): Promise<string[]> {
  return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter(Boolean);
}

/** Minimal raw CDP client: one call at a time over the browser endpoint. */
export async function cdp(browserWsUrl: string) {
  const ws = new WebSocket(browserWsUrl);
  await once(ws, 'open');
  let id = 0;
  const pending = new Map<number, (msg: { result?: unknown; error?: { message: string } }) => void>();
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string } };
    if (msg.id !== undefined) pending.get(msg.id)?.(msg);
  });
  // A browser that goes away answers every open call with an error, never with silence.
  ws.on('close', () => {
    for (const answer of pending.values()) answer({ error: { message: 'CDP connection closed' } });
    pending.clear();
  });
  return {
    send(method: string, params: object = {}) {
      const msgId = ++id;
      ws.send(JSON.stringify({ id: msgId, method, params }));
      return new Promise<{ result?: unknown; error?: { message: string } }>((r) => pending.set(msgId, r));
    },
    close: () => ws.close(),
  };
}

/** Rows of chrome://policy: name, value text and status ("OK", "Deprecated", "Error", ...). */
export const READ_POLICY_ROWS = `(() => {
  const rows = [];
  const walk = (n) => {
    if (n.tagName === 'POLICY-ROW' && n.shadowRoot) {
      const r = n.shadowRoot;
      const text = (sel) => (r.querySelector(sel)?.textContent ?? '').trim();
      rows.push({ name: text('#name'), value: text('.policy.row .value'), status: text('.policy.row .messages') });
    }
    if (n.shadowRoot) walk(n.shadowRoot);
    for (const c of n.children ?? []) walk(c);
  };
  walk(document.documentElement);
  return rows;
})()`;
