import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { failedHandle, runClient, type EngineOptions } from '../client-run.ts';
import { onPath } from '../on-path.ts';
import { SessionStates } from '../session-handle.ts';
import { DEFAULT_PATH } from '../session-home.ts';
import type { ConnectionSpec, SessionEngine, SessionHandle, SessionStartOptions } from '../types.ts';
import { invalidXfreerdpConnection, xfreerdpArgs } from './xfreerdp-args.ts';
import { XfreerdpOutput } from './xfreerdp-lines.ts';
import { xfreerdpOutcome } from './xfreerdp-outcome.ts';

/**
 * RDP through FreeRDP 2's `xfreerdp`, one supervised process per session. State comes from its
 * log: CONNECTION_STATE_ACTIVE = connected; the server's logon notice or the first frame =
 * loggedOn (see xfreerdp-lines.ts). `stdbuf -oL` makes its stdout line-buffered: into a pipe,
 * stdio would hold the lines back until 4 KiB had piled up or the process ended.
 */
export class XfreerdpEngine implements SessionEngine {
  readonly id = 'xfreerdp';
  readonly protocol = 'rdp' as const;
  readonly #options: EngineOptions;

  constructor(options: EngineOptions = {}) {
    this.#options = options;
  }

  async available(): Promise<boolean> {
    const path = (this.#options.env ?? process.env).PATH ?? DEFAULT_PATH;
    return (await onPath('xfreerdp', path)) !== undefined && (await onPath('stdbuf', path)) !== undefined;
  }

  start(spec: ConnectionSpec, options: SessionStartOptions): SessionHandle {
    const states = new SessionStates();
    states.emit({ kind: 'connecting' });
    if (spec.protocol !== 'rdp') return failedHandle(states, `xfreerdp cannot open a ${spec.protocol} session`);
    const invalid = invalidXfreerdpConnection(spec);
    if (invalid) return failedHandle(states, invalid);
    const out = new XfreerdpOutput();
    const pinned = spec.certificate.mode === 'pin';
    return runClient(
      {
        command: 'stdbuf',
        args: ['-oL', '-eL', 'xfreerdp', ...xfreerdpArgs(spec)],
        stdin: spec.password ? `${spec.password.reveal()}\n` : undefined,
        extraEnv: async (home): Promise<Record<string, string>> => {
          if (!pinned) return {};
          // xfreerdp also takes any certificate the system CAs verify (FreeRDP 2 semantics of
          // /cert:fingerprint): an empty CA store leaves the pinned fingerprints as the only way in.
          const noCa = join(home, 'no-ca');
          await mkdir(noCa, { mode: 0o700 });
          return { SSL_CERT_FILE: '/dev/null', SSL_CERT_DIR: noCa };
        },
        // One pair of frame markers per frame: we need the first, the log needs none.
        loggable: (line) => !line.includes('SurfaceFrameMarker'),
        feed: (line) => out.feed(line),
        outcome: (exit, ctx) => xfreerdpOutcome(out, exit, ctx),
      },
      options,
      this.#options,
      states,
    );
  }
}
