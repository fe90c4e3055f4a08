import { KeyFileError, spiceToVv } from '../../formats/vv.ts';
import { usbFilterProblem } from '../../usb/usbredir-filter.ts';
import { failedHandle, runClient, type EngineOptions } from '../client-run.ts';
import { onPath } from '../on-path.ts';
import { gstRegistryPath } from './gst-registry.ts';
import { hasControlCharacters, hostArgument, isPort } from '../input-checks.ts';
import { SessionStates } from '../session-handle.ts';
import { DEFAULT_PATH } from '../session-home.ts';
import type { ConnectionSpec, SessionEngine, SessionHandle, SessionStartOptions, SpiceConnection } from '../types.ts';
import { RemoteViewerOutput, remoteViewerOutcome } from './remote-viewer-lines.ts';

/** `-` reads the .vv (password included) from stdin: off the command line and off the disk. */
export const REMOTE_VIEWER_ARGS = ['--debug', '--kiosk', '--kiosk-quit=on-disconnect', '-'] as const;

/**
 * The argv for one connection. virt-viewer 11 does not read `usb-redirect-on-connect` from a
 * .vv (later versions do), so that filter also goes as spice-gtk's own option: a device filter,
 * not a secret, checked by invalidSpiceConnection.
 */
export function remoteViewerArgs(spec: SpiceConnection): string[] {
  const onConnect = spec.usb?.enabled ? spec.usb.redirectOnConnect : undefined;
  const extra = onConnect ? [`--spice-usbredir-redirect-on-connect=${onConnect}`] : [];
  return [...REMOTE_VIEWER_ARGS.slice(0, -1), ...extra, '-'];
}

function validPort(port: number | undefined): boolean {
  return port === undefined || isPort(port);
}

/**
 * A host behind a proxy is the proxy's business: Proxmox's spiceproxy takes an opaque ticket
 * (`pvespiceproxy:...`) as the host. The .vv goes on stdin, so nothing here reaches an argv.
 */
function validHost(spec: SpiceConnection): boolean {
  if (spec.proxy) return spec.host.length > 0 && spec.host.length <= 4096 && !hasControlCharacters(spec.host) && !/\s/.test(spec.host);
  return hostArgument(spec.host) !== undefined;
}

/** Why this connection cannot be attempted, in words for the admin; undefined when it can. */
export function invalidSpiceConnection(spec: SpiceConnection): string | undefined {
  if (!validHost(spec)) return `not a host name or IP address: ${JSON.stringify(spec.host.slice(0, 80))}`;
  if (spec.port === undefined && spec.tlsPort === undefined) return 'neither a port nor a TLS port';
  if (!validPort(spec.port) || !validPort(spec.tlsPort)) return 'not a port number';
  const texts: Array<[string, string | undefined]> = [
    ['title', spec.title],
    ['host subject', spec.hostSubject],
    ['proxy', spec.proxy],
    ['TLS cipher list', spec.tlsCiphers],
    ...Object.entries(spec.hotkeys ?? {}).map(([action, keys]): [string, string | undefined] => [`${action} hotkey`, keys]),
    ...[...(spec.secureChannels ?? []), ...(spec.disableChannels ?? []), ...(spec.disableEffects ?? [])].map((item): [string, string] => ['channel or effect list', item]),
  ];
  for (const [name, value] of texts) {
    if (value !== undefined && hasControlCharacters(value)) return `the ${name} has control characters`;
  }
  if (spec.proxy !== undefined && !/^https?:\/\/[^\s/]+\/?$/i.test(spec.proxy)) return `the proxy is not an http://host:port address: ${JSON.stringify(spec.proxy.slice(0, 80))}`;
  if (spec.password?.reveal().includes('\0')) return 'the password contains a NUL character';
  for (const [name, filter] of [['USB filter', spec.usb?.filter], ['USB redirect-on-connect filter', spec.usb?.redirectOnConnect]] as const) {
    // spice-gtk keeps its own default (everything but HID) for a filter it cannot parse: never send one.
    const problem = filter === undefined ? undefined : usbFilterProblem(filter);
    if (problem) return `the ${name} is not a valid usbredir filter: ${problem}`;
  }
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
  #gstRegistry: Promise<string | undefined> | undefined;

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
        args: remoteViewerArgs(spec),
        stdin: vv,
        // In the kiosk's own session and scheduling group: a new one (setsid) made remote-viewer
        // ~40 % slower to its display on a busy machine (bench/README.md). It starts no helper
        // that outlives a session (GStreamer's plugin scanner only while rebuilding its registry,
        // and only until it is done); kill() still reaches any it has.
        ownProcessGroup: false,
        // GSettings in memory: no dconf writes, no session bus to find. No accessibility bus either.
        // SPICE_NOGRAB: spice-gtk's active keyboard grab would swallow the shell's session hotkey;
        // the kiosk's openbox binds no keys, so the guest still gets every other key. It also
        // drops spice-gtk's pointer grab, which only VMs in server mouse mode (no USB tablet, no
        // vdagent) need (see resources/linux/README.md).
        // GST_REGISTRY: see gst-registry.ts (a plugin list kept outside the wiped HOME).
        extraEnv: async () => {
          const registry = await (this.#gstRegistry ??= gstRegistryPath(this.#options.env ?? process.env));
          return { GSETTINGS_BACKEND: 'memory', NO_AT_BRIDGE: '1', SPICE_NOGRAB: '1', ...(registry ? { GST_REGISTRY: registry } : {}) };
        },
        feed: (line) => out.feed(line),
        outcome: (exit, ctx) => remoteViewerOutcome(out, exit, ctx),
      },
      options,
      this.#options,
      states,
    );
  }
}
