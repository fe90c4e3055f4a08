import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../src-main/common/secret.ts';
import { startDisplay, type Display } from '../../../src-main/demo/display.ts';
import { NativeRdpEngine } from '../../../src-main/sessions/rdp/native/engine.ts';
import type { RdpConnection } from '../../../src-main/sessions/types.ts';
import { sessionRoot } from '../../support/session-env.ts';
import { LIBRARY, LIBRARY_BUILT } from './native-support.ts';

// An RD Connection Broker routes by the load-balance cookie of the .rdp file (loadbalanceinfo):
// the native engine must send it as the routing token of its first packet, the X.224
// Connection Request ([MS-RDPBCGR] 2.2.1.1), ended by CR LF. A listener records that packet.

let client: Display;
let root: Awaited<ReturnType<typeof sessionRoot>>;
let engine: NativeRdpEngine;

async function firstPacket(spec: Partial<RdpConnection>): Promise<string> {
  const got: Buffer[] = [];
  const server: Server = createServer((socket) => {
    socket.on('data', (d: Buffer) => {
      got.push(d);
      socket.destroy(); // the request is all we need; the client then fails to connect
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  const handle = engine.start(
    { protocol: 'rdp', host: '127.0.0.1', port, username: 'alice', password: new Secret('x'), security: 'nla', certificate: { mode: 'ignore', fingerprints: [] }, multimon: false, title: 'routing token test', ...spec },
    { connectTimeoutSec: 15, display: client.name },
  );
  const final = await handle.done;
  server.close();
  expect(final.kind).toBe('failed');
  return Buffer.concat(got).toString('latin1');
}

describe.skipIf(!LIBRARY_BUILT)('native engine: the .rdp load-balance cookie on the wire', () => {
  beforeAll(async () => {
    [client, root] = await Promise.all([startDisplay({ width: 800, height: 600 }), sessionRoot()]);
    engine = new NativeRdpEngine({ tmpRoot: root.path, libraryPath: LIBRARY, log: () => {}, killGraceMs: 3000 });
  });
  afterAll(async () => {
    await client?.stop();
    await root?.remove();
  });

  it('sends loadBalanceInfo as the routing token, CR LF ended', async () => {
    const packet = await firstPacket({ loadBalanceInfo: 'tsv://MS Terminal Services Plugin.1.Desk' });
    expect(packet).toContain('tsv://MS Terminal Services Plugin.1.Desk\r\n');
    expect(packet).not.toContain('mstshash');
  });

  it('without it, the usual mstshash cookie and no routing token', async () => {
    const packet = await firstPacket({});
    expect(packet).toContain('Cookie: mstshash=alice\r\n');
    expect(packet).not.toContain('tsv://');
  });
});
