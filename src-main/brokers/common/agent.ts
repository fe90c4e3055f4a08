import { Agent, type AgentOptions } from 'node:https';
import { isIP, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect, type TLSSocket } from 'node:tls';
import { judgePeer, type TrustRules } from './trust.ts';

let nextConnection = 1;
const connectionIds = new WeakMap<object, number>();

/** A number per TCP connection, so a caller can see that replies came on one connection (NTLM). */
export function connectionId(socket: Socket | null | undefined): number {
  if (!socket) return 0;
  let id = connectionIds.get(socket);
  if (id === undefined) {
    id = nextConnection++;
    connectionIds.set(socket, id);
  }
  return id;
}

/**
 * An HTTPS agent that opens each connection itself and judges the peer by the broker's rules
 * (trust.ts) once the handshake is done, handing the socket to HTTP only then: so nothing, not
 * a header, reaches a server that failed the check. Keep-alive pools connections per broker.
 */
export class VerifyingAgent extends Agent {
  constructor(
    private readonly rules: TrustRules,
    options: AgentOptions,
  ) {
    super({ keepAlive: true, ...options });
  }

  override createConnection(options: { host?: string | null; hostname?: string | null; port?: number | string | null }, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const host = (options.hostname ?? options.host ?? 'localhost').replace(/^\[(.*)\]$/, '$1');
    const port = Number(options.port ?? 443);
    const socket: TLSSocket = connect({
      host,
      port,
      ...(isIP(host) ? {} : { servername: host }),
      secureContext: this.rules.context,
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
    });
    connectionIds.set(socket, nextConnection++);
    const failed = (err: Error) => callback?.(err, socket);
    socket.once('error', failed);
    socket.once('secureConnect', () => {
      socket.off('error', failed);
      const refused = judgePeer(socket, host, this.rules);
      if (refused) {
        socket.destroy();
        callback?.(refused, socket);
      } else callback?.(null, socket);
    });
    return undefined;
  }
}
