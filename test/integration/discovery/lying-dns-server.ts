import { once } from 'node:events';
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server, type Socket as TcpSocket } from 'node:net';
import dnsPacket, { type Answer, type Packet, type Question } from 'dns-packet';

/** What the server does with one question. */
export type Behaviour =
  | { kind: 'answer'; answers: Answer[]; delayMs?: number }
  | { kind: 'silent' }
  | { kind: 'garbage' }
  | { kind: 'nxdomain' };

export interface LyingDns {
  /** `127.0.0.1:PORT`, for Resolver.setServers. */
  readonly server: string;
  /** Questions seen (name type), over UDP and TCP. */
  readonly seen: string[];
  stop(): Promise<void>;
}

/**
 * A DNS server on loopback that tells whatever `zone` says: right answers, late ones, none,
 * wrong record types, bytes that are no DNS message, and answers too big for UDP (it sets TC
 * and serves the whole answer over TCP, as real servers do). UDP and TCP share one port.
 */
export async function startLyingDns(zone: (q: Question) => Behaviour): Promise<LyingDns> {
  const seen: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const tcp: Server = createServer((socket) => serveTcp(socket, zone, seen, timers));
  tcp.listen(0, '127.0.0.1');
  await once(tcp, 'listening');
  const port = (tcp.address() as { port: number }).port;
  const udp: Socket = createSocket('udp4');
  udp.bind(port, '127.0.0.1');
  await once(udp, 'listening');
  udp.on('message', (msg, rinfo) => {
    const reply = respond(msg, zone, seen, true);
    if (!reply) return;
    const send = () => udp.send(reply.bytes, rinfo.port, rinfo.address);
    later(reply.delayMs, send, timers);
  });
  const sockets = new Set<TcpSocket>();
  tcp.on('connection', (s) => (sockets.add(s), s.on('close', () => sockets.delete(s))));
  return {
    server: `127.0.0.1:${port}`,
    seen,
    async stop() {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      udp.close();
      tcp.close();
      await once(tcp, 'close');
    },
  };
}

function later(ms: number, run: () => void, timers: Set<NodeJS.Timeout>): void {
  if (!ms) return run();
  const t = setTimeout(() => (timers.delete(t), run()), ms);
  timers.add(t);
}

function serveTcp(socket: TcpSocket, zone: (q: Question) => Behaviour, seen: string[], timers: Set<NodeJS.Timeout>): void {
  let buffer = Buffer.alloc(0);
  socket.on('error', () => {});
  socket.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    while (buffer.length >= 2 && buffer.length >= 2 + buffer.readUInt16BE(0)) {
      const msg = buffer.subarray(2, 2 + buffer.readUInt16BE(0));
      buffer = buffer.subarray(2 + msg.length);
      const reply = respond(msg, zone, seen, false);
      if (!reply) continue;
      const framed = Buffer.concat([Buffer.from([reply.bytes.length >> 8, reply.bytes.length & 0xff]), reply.bytes]);
      later(reply.delayMs, () => socket.writable && socket.write(framed), timers);
    }
  });
}

function respond(msg: Buffer, zone: (q: Question) => Behaviour, seen: string[], udp: boolean): { bytes: Buffer; delayMs: number } | undefined {
  let query: Packet;
  try {
    query = dnsPacket.decode(msg);
  } catch {
    return undefined;
  }
  const question = query.questions?.[0];
  if (!question) return undefined;
  seen.push(`${question.name} ${question.type}${udp ? '' : ' tcp'}`);
  const behaviour = zone(question);
  const base = { type: 'response' as const, id: query.id ?? 0, questions: [question] };
  switch (behaviour.kind) {
    case 'silent':
      return undefined;
    case 'garbage':
      // The right id, then bytes that are no DNS message.
      return { bytes: Buffer.concat([msg.subarray(0, 2), Buffer.from([0x81, 0x80, 0, 1, 0, 9, 0, 0, 0, 0, 0xff, 0xff, 0xfe, 0x01])]), delayMs: 0 };
    case 'nxdomain':
      return { bytes: dnsPacket.encode({ ...base, flags: dnsPacket.RECURSION_AVAILABLE | 3 }), delayMs: 0 };
    case 'answer': {
      const full = dnsPacket.encode({ ...base, flags: dnsPacket.RECURSION_AVAILABLE | dnsPacket.AUTHORITATIVE_ANSWER, answers: behaviour.answers });
      if (udp && full.length > 512) {
        return { bytes: dnsPacket.encode({ ...base, flags: dnsPacket.RECURSION_AVAILABLE | dnsPacket.TRUNCATED_RESPONSE, answers: [] }), delayMs: behaviour.delayMs ?? 0 };
      }
      return { bytes: full, delayMs: behaviour.delayMs ?? 0 };
    }
    default: {
      const never: never = behaviour;
      throw new Error(`unknown behaviour ${String(never)}`);
    }
  }
}
