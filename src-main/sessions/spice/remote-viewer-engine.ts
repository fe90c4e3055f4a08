import { KeyFileError, spiceToVv } from '../../formats/vv.ts';
import { failedHandle, runClient, type EngineOptions } from '../client-run.ts';
import { onPath } from '../on-path.ts';
import { hasControlCharacters, hostArgument } from '../input-checks.ts';
import { SessionStates } from '../session-handle.ts';
import { DEFAULT_PATH } from '../session-home.ts';
import type { ConnectionSpec, SessionEngine, SessionHandle, SessionStartOptions, SpiceConnection } from '../types.ts';
import { RemoteViewerOutput, remoteViewerOutcome } from './remote-viewer-lines.ts';

/** `-` reads the .vv (password included) from stdin: off the command line and off the disk. */
export const REMOTE_VIEWER_ARGS = ['--debug', '--kiosk', '--kiosk-quit=on-disconnect', '-'] as const;

function validPort(port: number | undefined): boolean {
  return port === undefined || (Number.isInteger(port) && port >= 1 && port <= 65535);
}

/** Why this connection cannot be attempted, in words for the admin; undefined when it can. */
export function invalidSpiceConnection(spec: SpiceConnection): string | undefined {
  // Behind a proxy the host is read only by the proxy: Proxmox puts an opaque signed ticket there
  // (colons and all). It goes into the .vv (escaped), never onto a command line.
  const proxied = spec.proxy !== undefined && spec.host.length <= 4096 && !/\s/.test(spec.host) && !hasControlCharacters(spec.host);
  if (!proxied && !hostArgument(spec.host)) return `not a host name or IP address: ${JSON.stringify(spec.host.slice(0, 80))}`;
  if (spec.port === undefined && spec.tlsPort === undefined) return 'neither a port nor a TLS port';
  if (!validPort(spec.port) || !validPort(spec.tlsPort)) return 'not a port number';
  for (const [name, value] of [
    ['title', spec.title],
    ['host subject', spec.hostSubject],
    ['proxy', spec.proxy],
  ] as const) {
    if (value !== undefined && hasControlCharacters(value)) return `the ${name} has control characters`;
  }
  if (spec.password?.reveal().includes('\0')) return 'the password contains a NUL character';
  return undefined;
}

/**
 * SPICE through virt-viewer's `remote-viewer`, one supervised process per session.
 * main channel opened = connected, the display shown = loggedOn. A refused password or
 * connection opens a dialog and leaves the process up: it is ended on the failure line.
 */
export class RemoteViewerEngine implements SessionEngine {
  readonly id = 'remote-viewer';
  readonly protocol = 'spice' as const;
  readonly #options: EngineOptions;

  constructor(options: EngineOptions = {}) {
    this.#options = options;
  }

  async available(): Promise<boolean> {
    return (await onPath('remote-viewer', (this.#options.env ?? process.env).PATH ?? DEFAULT_PATH)) !== undefined;
  }

  start(spec: ConnectionSpec, options: SessionStartOptions): SessionHandle {
    const states = new SessionStates();
    states.emit({ kind: 'connecting' });
    if (spec.protocol !== 'spice') return failedHandle(states, `remote-viewer cannot open a ${spec.protocol} session`);
    const invalid = invalidSpiceConnection(spec);
    if (invalid) return failedHandle(states, invalid);
    let vv: string;
    try {
      vv = spiceToVv({ ...spec, host: spec.host.replace(/^\[(.*)\]$/, '$1') });
    } catch (err) {
      return failedHandle(states, err instanceof KeyFileError ? err.message : 'the .vv could not be written');
    }
    const out = new RemoteViewerOutput();
    return runClient(
      {
        command: 'remote-viewer',
        args: REMOTE_VIEWER_ARGS,
        stdin: vv,
        // GSettings in memory: no dconf writes, no session bus to find. No accessibility bus either.
        // SPICE_NOGRAB: spice-gtk's active keyboard grab would swallow the shell's session hotkey;
        // the kiosk's openbox binds no keys, so the guest still gets every other key. It also
        // drops spice-gtk's pointer grab, which only VMs in server mouse mode (no USB tablet, no
        // vdagent) need (see resources/linux/README.md).
        extraEnv: async () => ({ GSETTINGS_BACKEND: 'memory', NO_AT_BRIDGE: '1', SPICE_NOGRAB: '1' }),
        feed: (line) => out.feed(line),
        outcome: (exit, ctx) => remoteViewerOutcome(out, exit, ctx),
      },
      options,
      this.#options,
      states,
    );
  }
}
