import { ShellError, type ConnectStep, type Desktop } from '../../contract/index.ts';
import type { SpiceConnection } from '../../sessions/types.ts';
import { pollUntil } from '../common/backoff.ts';
import { parseValue } from '../common/json.ts';
import type { BrokerSession } from '../types.ts';
import type { OvirtApi } from './api.ts';
import { consoleReady, desktopsFromVms, needsStart, spiceConsoleId, VmReply } from './replies.ts';
import { spiceFromVv } from './vv.ts';

/** A user signed in at an oVirt engine: their VMs, started when needed, opened from the console file. */
export class OvirtSession implements BrokerSession {
  #names = new Map<string, string>();

  constructor(
    private readonly api: OvirtApi,
    readonly user: string,
    private readonly connectTimeoutSec: number,
  ) {}

  async listDesktops(signal: AbortSignal): Promise<Desktop[]> {
    const desktops = desktopsFromVms(await this.api.json({ method: 'GET', path: '/api/vms', query: { filter: 'true' }, what: 'VM list', signal }));
    this.#names = new Map(desktops.map((d) => [d.id, d.name]));
    return desktops;
  }

  async prepareLaunch(desktopId: string, signal: AbortSignal, onStep: (step: ConnectStep) => void): Promise<SpiceConnection> {
    const name = this.#names.get(desktopId);
    if (!name) throw new ShellError('desktop-unavailable', `no VM "${desktopId}" in the last list`);
    onStep('prepare');
    const path = `/api/vms/${encodeURIComponent(desktopId)}`;
    const vm = parseValue(await this.api.json({ method: 'GET', path, what: `VM ${name}`, signal }), VmReply, `VM ${name}`);
    if (needsStart(vm.status)) {
      onStep('start-desktop');
      await this.api.call({ method: 'POST', path: `${path}/start`, body: '<action/>', what: `start of ${name}`, refused: 'desktop-unavailable', signal });
      await pollUntil(
        async () => {
          const now = parseValue(await this.api.json({ method: 'GET', path, what: `VM ${name}`, signal }), VmReply, `VM ${name}`);
          return consoleReady(now.status) ? true : undefined;
        },
        { deadlineMs: this.connectTimeoutSec * 1000, signal, what: `start of ${name}` },
      );
    } else if (!consoleReady(vm.status) && vm.status !== 'paused') {
      throw new ShellError('desktop-unavailable', `${name} is ${vm.status.slice(0, 40)}`);
    }
    const consoleId = spiceConsoleId(await this.api.json({ method: 'GET', path: `${path}/graphicsconsoles`, query: { current: 'true' }, what: `consoles of ${name}`, signal }));
    if (!consoleId) throw new ShellError('desktop-unavailable', `${name} has no SPICE console`);
    const file = await this.api.call({ method: 'GET', path: `${path}/graphicsconsoles/${encodeURIComponent(consoleId)}`, accept: 'application/x-virt-viewer', what: `console file of ${name}`, signal });
    if (file.status === 204) throw new ShellError('desktop-unavailable', `${name}: the engine has no console to give (204)`);
    return spiceFromVv(file.text(), name);
  }

  async signOut(): Promise<void> {
    this.#names.clear();
    await this.api.revoke(AbortSignal.timeout(3000));
    this.api.http.close();
  }
}
