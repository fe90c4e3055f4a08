import { ShellError, type ConnectStep } from '../../contract/index.ts';
import { Secret } from '../../common/secret.ts';
import type { SpiceConnection } from '../../sessions/types.ts';
import { pollUntil } from '../common/backoff.ts';
import type { PveApi } from './api.ts';
import { guestStatus, parseUpid, spiceTicket, taskState, type Guest } from './replies.ts';

/** The policy's `spiceProxy` (`host`, `host:port`, `http://host:port`) as PVE's `proxy` parameter and a proxy URL. */
export function proxyOverride(value: string): { host: string; url: string } {
  const m = /^(?:http:\/\/)?(\[[0-9A-Fa-f:.]+\]|[^\s:/[\]]+)(?::(\d{1,5}))?\/?$/.exec(value.trim());
  if (!m) throw new ShellError('invalid-argument', `spiceProxy "${value}" is not host, host:port or http://host:port`);
  return { host: m[1]!.replace(/^\[(.*)\]$/, '$1'), url: `http://${m[1]!}:${m[2] ?? '3128'}` };
}

export interface LaunchOptions {
  /** The connect deadline (session.connectTimeoutSec): how long a start may take. */
  deadlineMs: number;
  spiceProxy?: string;
}

/**
 * One launch of a guest: check it speaks SPICE, start it if stopped and wait for the start
 * task (polling the task status, as the API requires, with a bounded backoff to the deadline),
 * then fetch a SPICE ticket and hand it over at once: its password lives about 30 s, so it is
 * never cached and every launch asks for a new one.
 */
export async function launchGuest(api: PveApi, guest: Guest, options: LaunchOptions, signal: AbortSignal, onStep: (step: ConnectStep) => void): Promise<SpiceConnection> {
  onStep('prepare');
  const base = `/nodes/${encodeURIComponent(guest.node)}/qemu/${guest.vmid}`;
  const current = guestStatus(await api.call({ method: 'GET', path: `${base}/status/current`, what: `status of VM ${guest.vmid}`, refused: 'desktop-unavailable', signal }));
  if (!current.spice) {
    throw new ShellError('desktop-unavailable', `VM ${guest.vmid} has no SPICE display (set Hardware > Display to SPICE in Proxmox)`);
  }
  if (current.status === 'stopped') {
    onStep('start-desktop');
    const started = Date.now();
    const task = parseUpid(await api.call({ method: 'POST', path: `${base}/status/start`, form: {}, what: `start of VM ${guest.vmid}`, refused: 'desktop-unavailable', signal }));
    const left = Math.max(1000, options.deadlineMs - (Date.now() - started));
    await pollUntil(
      async () => {
        const state = taskState(await api.call({ method: 'GET', path: `/nodes/${encodeURIComponent(task.node)}/tasks/${encodeURIComponent(task.upid)}/status`, what: 'start task', signal }));
        if (!state.done) return undefined;
        if (!state.ok) throw new ShellError('desktop-unavailable', `VM ${guest.vmid} did not start: ${state.exitstatus.slice(0, 300)}`);
        return true;
      },
      { deadlineMs: left, signal, what: `start of VM ${guest.vmid}` },
    );
  } else if (current.status !== 'running') {
    throw new ShellError('desktop-unavailable', `VM ${guest.vmid} is ${current.status.slice(0, 40)}`);
  }
  const override = options.spiceProxy ? proxyOverride(options.spiceProxy) : undefined;
  const ticket = spiceTicket(
    await api.call({ method: 'POST', path: `${base}/spiceproxy`, form: { proxy: override?.host }, what: `SPICE ticket of VM ${guest.vmid}`, refused: 'desktop-unavailable', signal }),
  );
  return {
    protocol: 'spice',
    host: ticket.host,
    tlsPort: ticket.tlsPort,
    password: new Secret(ticket.password),
    proxy: override?.url ?? ticket.proxy,
    ...(ticket.ca ? { ca: ticket.ca } : {}),
    ...(ticket.hostSubject ? { hostSubject: ticket.hostSubject } : {}),
    title: guest.name,
  };
}
