import { createHmac, randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { readBody, startHttpsServer, type TestHttpsServer } from '../support/https-server.ts';
import { Misbehaviours, sendSpoiled } from './misbehaviour.ts';

/**
 * A fake Proxmox VE cluster API (HTTPS, /api2/json), built to broker-contracts.md: ticket
 * sign-in with TOTP / recovery second factor, API tokens, CSRF on non-GET, cluster/resources
 * with nodes, templates, LXC, guests without stats and pools, status/current, start with a
 * task to poll, spiceproxy, and a small HTTP CONNECT proxy (as the node's spiceproxy on port
 * 3128) that maps a SPICE ticket host to a real SPICE server's TLS port. It misbehaves on
 * request (misbehaviour.ts) and can expire every ticket (a 401 mid-session).
 */

export interface FakePveUser {
  /** user@realm */
  name: string;
  password: string;
  totp?: string;
  recovery?: string[];
  /** Second factors this terminal cannot offer. */
  webauthn?: boolean;
}

export interface FakePveGuest {
  vmid: number;
  node: string;
  type?: 'qemu' | 'lxc';
  name?: string;
  status: 'running' | 'stopped' | 'paused';
  template?: boolean;
  pool?: string;
  lock?: string;
  /** false: listed as PVE lists a guest without stats (status "unknown", no name). */
  stats?: boolean;
  spice?: boolean;
  /** A start task that ends with this exit status instead of OK. */
  startFails?: string;
  /** Users who may see it (all when unset). */
  users?: string[];
}

export interface FakePveOptions {
  tls: { cert: string; key: string };
  users: FakePveUser[];
  tokens?: { id: string; secret: string }[];
  nodes: { node: string; status: 'online' | 'offline' }[];
  guests: FakePveGuest[];
  /** How long a start task runs. */
  startMs?: number;
  /** Ticket lifetime (PVE: 2 h). */
  ticketMs?: number;
  /** What spiceproxy hands out. */
  spice?: { tlsPort?: number; password?: string; ca?: string; hostSubject?: string };
  /** Also run the CONNECT proxy, forwarding ticket hosts to this loopback port (the guest's SPICE TLS port). */
  connectProxyTarget?: number;
}

interface Task {
  upid: string;
  doneAt: number;
  exitstatus: string;
}

export interface FakePve {
  url: string;
  port: number;
  /** 127.0.0.1:PORT of the CONNECT proxy, when started. */
  proxyAddress?: string;
  misbehave: Misbehaviours;
  /** Every request, `METHOD /path` (no query). */
  requests: string[];
  /** Request bodies of POST /access/ticket, form-decoded (tests look for secrets in the right places only). */
  logins: Record<string, string>[];
  /** Makes every ticket issued so far invalid (the server answers 401). */
  expireTickets(): void;
  /** Makes one ticket invalid. */
  revoke(ticket: string): void;
  guests: FakePveGuest[];
  /** CONNECT requests the proxy accepted / refused. */
  proxied: { accepted: number; refused: number; lastRefused?: string };
  close(): Promise<void>;
}

const API = '/api2/json';

export async function startFakePve(options: FakePveOptions): Promise<FakePve> {
  const key = randomBytes(16);
  const misbehave = new Misbehaviours();
  const requests: string[] = [];
  const logins: Record<string, string>[] = [];
  const tasks = new Map<string, Task>();
  const spiceTickets = new Map<string, { vmid: number; until: number }>();
  const proxied: FakePve['proxied'] = { accepted: 0, refused: 0 };
  const issued = new Set<string>();
  const revoked = new Set<string>();
  const csrfOf = (user: string) => createHmac('sha256', key).update(`csrf:${user}`).digest('hex').slice(0, 32);
  const sign = (data: string) => createHmac('sha256', key).update(data).digest('base64url');
  const now = () => Date.now();
  let counter = 0;
  const nextNonce = () => String(++counter);

  const ticketFor = (user: string) => {
    const data = `PVE:${user}:${Math.floor(now() / 1000).toString(16).toUpperCase().padStart(8, '0')}`;
    const nonce = nextNonce();
    // A nonce keeps two tickets of one second apart (so one can be revoked and not the other).
    const ticket = `${data}::${sign(data + nonce)}`;
    issued.add(ticket);
    return ticket;
  };
  const tfaTicketFor = (user: FakePveUser) => {
    const challenge: Record<string, unknown> = {};
    if (user.totp) challenge.totp = true;
    if (user.recovery) challenge.recovery = user.recovery.map((_, i) => i);
    if (user.webauthn) challenge.webauthn = { challenge: 'x', allowCredentials: [] };
    const data = `PVE:${user.name}!tfa!${encodeURIComponent(JSON.stringify(challenge)).replace(/%2C/g, ',')}:${Math.floor(now() / 1000).toString(16).toUpperCase()}`;
    return `${data}::${sign(data)}`;
  };
  /** The user of a valid full ticket. */
  const checkTicket = (ticket: string | undefined): string | undefined => {
    if (!ticket) return undefined;
    const m = /^(PVE:([^:!]+@[^:!]+):([0-9A-F]{8}))::(.+)$/.exec(ticket);
    if (!m || !issued.has(ticket) || revoked.has(ticket)) return undefined;
    if (now() - parseInt(m[3]!, 16) * 1000 > (options.ticketMs ?? 7_200_000)) return undefined;
    return m[2];
  };
  const checkTfaTicket = (ticket: string): string | undefined => {
    const m = /^(PVE:([^:!]+@[^:!]+)!tfa![^:]*:[0-9A-F]+)::(.+)$/.exec(ticket);
    return m && sign(m[1]!) === m[3] ? m[2] : undefined;
  };

  const visible = (user: string, g: FakePveGuest) => !g.users || g.users.includes(user) || user.includes('!');

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'https://fake');
    const path = url.pathname;
    requests.push(`${req.method} ${path}`);
    const body = req.method === 'POST' ? Object.fromEntries(new URLSearchParams(await readBody(req))) : {};
    const bad = misbehave.take(req);
    const reply = (data: unknown, status = 200, text?: string) => {
      if (status !== 200 && !bad) {
        res.writeHead(status, text ?? 'Error', { 'Content-Type': 'application/json;charset=UTF-8' });
        res.end(JSON.stringify({ data: null }));
        return Promise.resolve();
      }
      return sendSpoiled(res, status, { data }, bad);
    };
    if (!path.startsWith(API)) return reply(null, 404, 'Not Found');
    const route = path.slice(API.length);

    if (route === '/access/ticket' && req.method === 'POST') {
      logins.push(body);
      const username = body.username ?? '';
      if (username.includes('!')) return reply(null, 401, 'authentication failure');
      if (body['tfa-challenge']) {
        const who = checkTfaTicket(body['tfa-challenge']);
        const user = options.users.find((u) => u.name === who && u.name === username);
        const [method, code] = [(body.password ?? '').split(':')[0], (body.password ?? '').split(':').slice(1).join(':')];
        const good = user && ((method === 'totp' && user.totp && code === user.totp) || (method === 'recovery' && user.recovery?.includes(code)));
        if (!user || !good) return reply(null, 401, 'authentication failure');
        if (method === 'recovery') user.recovery = user.recovery!.filter((c) => c !== code);
        return reply({ username: user.name, ticket: ticketFor(user.name), CSRFPreventionToken: csrfOf(user.name), cap: {} });
      }
      const renewing = checkTicket(body.password);
      if (renewing && renewing === username) return reply({ username, ticket: ticketFor(username), CSRFPreventionToken: csrfOf(username), cap: {} });
      const user = options.users.find((u) => u.name === username && u.password === body.password);
      if (!user) return reply(null, 401, 'authentication failure');
      if (user.totp || user.recovery || user.webauthn) {
        return reply({ username: user.name, ticket: tfaTicketFor(user), CSRFPreventionToken: csrfOf(user.name), NeedTFA: 1 });
      }
      return reply({ username: user.name, ticket: ticketFor(user.name), CSRFPreventionToken: csrfOf(user.name), cap: {}, clustername: 'fake' });
    }

    // Everything else needs a ticket (with CSRF on non-GET) or a token.
    let user: string | undefined;
    const tokenHeader = /^PVEAPIToken=([^=]+)=(.+)$/.exec(req.headers.authorization ?? '');
    if (tokenHeader) {
      const token = (options.tokens ?? []).find((t) => t.id === tokenHeader[1] && t.secret === tokenHeader[2]);
      user = token?.id;
    } else {
      const cookie = /(?:^|;\s*)PVEAuthCookie=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
      user = checkTicket(cookie && decodeURIComponent(cookie));
      if (user && req.method !== 'GET' && req.headers.csrfpreventiontoken !== csrfOf(user)) return reply(null, 401, 'Permission check failed (invalid csrf token)');
    }
    if (!user) return reply(null, 401, 'No ticket');

    if (route === '/version') return reply({ version: '8.2.4', release: '8.2', repoid: 'fake' });

    if (route === '/cluster/resources' && req.method === 'GET') {
      const type = url.searchParams.get('type');
      const entries: unknown[] = [];
      if (!type || type === 'node') {
        for (const n of options.nodes) entries.push({ id: `node/${n.node}`, type: 'node', node: n.node, status: n.status, level: '', maxcpu: 4 });
      }
      if (!type || type === 'vm') {
        for (const g of options.guests.filter((x) => visible(user!, x))) {
          const t = g.type ?? 'qemu';
          if (g.stats === false) entries.push({ id: `${t}/${g.vmid}`, vmid: g.vmid, node: g.node, type: t, status: 'unknown' });
          else {
            entries.push({
              id: `${t}/${g.vmid}`, vmid: g.vmid, node: g.node, type: t, name: g.name, status: g.status === 'paused' ? 'running' : g.status,
              template: g.template ? 1 : 0, maxmem: 2147483648, cpu: 0.01, uptime: g.status === 'stopped' ? 0 : 1234,
              ...(g.pool ? { pool: g.pool } : {}), ...(g.lock ? { lock: g.lock } : {}),
            });
          }
        }
      }
      if (!type) {
        entries.push({ id: 'storage/pve1/local', type: 'storage', node: 'pve1', storage: 'local', status: 'available' });
        for (const pool of new Set(options.guests.map((g) => g.pool).filter(Boolean))) entries.push({ id: `/pool/${pool}`, type: 'pool', pool });
      }
      return reply(entries);
    }

    const guestRoute = /^\/nodes\/([^/]+)\/qemu\/(\d+)\/(status\/current|status\/start|spiceproxy)$/.exec(route);
    if (guestRoute) {
      const [, node, vmid, action] = guestRoute;
      const guest = options.guests.find((g) => g.vmid === Number(vmid) && (g.type ?? 'qemu') === 'qemu');
      if (!guest || !visible(user, guest)) return reply(null, 403, 'Permission check failed');
      if (guest.node !== decodeURIComponent(node!)) return reply(null, 500, `Configuration file 'nodes/${node}/qemu-server/${vmid}.conf' does not exist`);
      if (action === 'status/current' && req.method === 'GET') {
        return reply({ vmid: guest.vmid, name: guest.name, status: guest.status === 'paused' ? 'running' : guest.status, qmpstatus: guest.status, ...(guest.spice === false ? {} : { spice: 1 }) });
      }
      if (action === 'status/start' && req.method === 'POST') {
        if (guest.status !== 'stopped') return reply(null, 500, `VM ${vmid} already running`);
        const hex = (n: number, w = 8) => n.toString(16).toUpperCase().padStart(w, '0');
        const upid = `UPID:${guest.node}:${hex(process.pid)}:${hex(Math.floor(Math.random() * 1e8))}:${hex(Math.floor(now() / 1000))}:qmstart:${vmid}:${user}:`;
        const task: Task = { upid, doneAt: now() + (options.startMs ?? 300), exitstatus: guest.startFails ?? 'OK' };
        tasks.set(upid, task);
        setTimeout(() => {
          if (!guest.startFails) guest.status = 'running';
        }, options.startMs ?? 300).unref();
        return reply(upid);
      }
      if (action === 'spiceproxy' && req.method === 'POST') {
        if (guest.status === 'stopped') return reply(null, 500, `VM ${vmid} not running`);
        if (guest.spice === false) return reply(null, 500, `VM ${vmid}: no spice port`);
        const data = `pvespiceproxy:${Math.floor(now() / 1000).toString(16)}:${vmid}:${guest.node}`;
        // Lower-case hex, as Proxmox signs it: a proxy client may lower-case the "host name".
        const host = `${data}::${createHmac('sha256', key).update(data).digest('hex').slice(0, 40)}`;
        spiceTickets.set(host, { vmid: guest.vmid, until: now() + 30_000 });
        const proxyHost = body.proxy || guest.node;
        return reply({
          type: 'spice',
          title: `VM ${vmid} - ${guest.name ?? ''}`,
          host,
          proxy: `http://${proxyHost.includes(':') ? `[${proxyHost}]` : proxyHost}:3128`,
          'tls-port': options.spice?.tlsPort ?? 61000,
          'host-subject': options.spice?.hostSubject ?? `OU=PVE Cluster Node,O=Proxmox Virtual Environment,CN=${guest.node}.example`,
          ca: (options.spice?.ca ?? '-----BEGIN CERTIFICATE-----\nMIIfake\n-----END CERTIFICATE-----\n').replace(/\n/g, '\\n'),
          password: options.spice?.password ?? randomBytes(12).toString('hex'),
          'delete-this-file': 1,
          'secure-attention': 'Ctrl+Alt+Ins',
          'toggle-fullscreen': 'Shift+F11',
          'release-cursor': 'Ctrl+Alt+R',
        });
      }
    }

    const taskRoute = /^\/nodes\/([^/]+)\/tasks\/([^/]+)\/status$/.exec(route);
    if (taskRoute && req.method === 'GET') {
      const task = tasks.get(decodeURIComponent(taskRoute[2]!));
      if (!task) return reply(null, 500, 'no such task');
      const done = now() >= task.doneAt;
      return reply({ upid: task.upid, status: done ? 'stopped' : 'running', ...(done ? { exitstatus: task.exitstatus } : {}), type: 'qmstart' });
    }
    return reply(null, 501, `Method '${req.method} ${route}' not implemented`);
  };

  const server: TestHttpsServer = await startHttpsServer(options.tls, (req, res) => {
    handle(req, res).catch(() => res.destroy());
  });

  let proxy: Server | undefined;
  const proxySockets = new Set<Socket>();
  if (options.connectProxyTarget) {
    const target = options.connectProxyTarget;
    proxy = createHttpServer((_req, res) => {
      res.writeHead(405);
      res.end();
    });
    proxy.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
      proxySockets.add(client);
      client.on('close', () => proxySockets.delete(client));
      client.on('error', () => {});
      // The authority is TICKET:PORT, and the ticket itself holds colons: the port is after the last.
      const authority = req.url ?? '';
      // GLib writes a host with colons in brackets, as if it were an IPv6 address.
      const host = authority.slice(0, authority.lastIndexOf(':')).replace(/^\[(.*)\]$/, '$1');
      const ticket = spiceTickets.get(host.toLowerCase());
      if (!ticket || ticket.until < now()) {
        proxied.refused += 1;
        proxied.lastRefused = authority.slice(0, 200);
        client.end('HTTP/1.0 401 invalid ticket\r\n\r\n');
        return;
      }
      proxied.accepted += 1;
      const upstream = connect({ host: '127.0.0.1', port: target }, () => {
        client.write('HTTP/1.0 200 OK\r\n\r\n');
        if (head.length) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      proxySockets.add(upstream);
      upstream.on('close', () => {
        proxySockets.delete(upstream);
        client.destroy();
      });
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
    });
    await new Promise<void>((r) => proxy!.listen(0, '127.0.0.1', r));
  }

  return {
    url: server.url,
    port: server.port,
    ...(proxy ? { proxyAddress: `127.0.0.1:${(proxy.address() as { port: number }).port}` } : {}),
    misbehave,
    requests,
    logins,
    guests: options.guests,
    proxied,
    revoke(ticket: string) {
      revoked.add(ticket);
    },
    expireTickets() {
      for (const t of issued) revoked.add(t);
    },
    async close() {
      for (const s of proxySockets) s.destroy();
      await Promise.all([server.close(), proxy ? new Promise<void>((r) => proxy!.close(() => r())) : undefined]);
    },
  };
}
