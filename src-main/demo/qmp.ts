import { connect } from 'node:net';

/**
 * A minimal QEMU Machine Protocol client: one connection, the capabilities handshake, then the
 * given commands in order. Used to ask a demo/test QEMU what its guest screen shows (screendump),
 * to compare with what the SPICE client displays.
 */
export async function qmp(socketPath: string, commands: ReadonlyArray<{ execute: string; arguments?: Record<string, unknown> }>, timeoutMs = 10_000): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    const queue = [{ execute: 'qmp_capabilities' }, ...commands];
    const results: unknown[] = [];
    let greeted = false;
    let buffer = '';
    const timer = setTimeout(() => finish(new Error(`QMP: no answer within ${timeoutMs} ms`)), timeoutMs);
    function finish(err?: Error) {
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(results.slice(1));
    }
    const next = () => {
      const command = queue.shift();
      if (!command) return finish();
      socket.write(`${JSON.stringify(command)}\n`);
    };
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (!line) continue;
        let msg: { QMP?: unknown; event?: unknown; return?: unknown; error?: { desc?: string } };
        try {
          msg = JSON.parse(line) as typeof msg;
        } catch {
          return finish(new Error(`QMP: not JSON: ${line.slice(0, 80)}`));
        }
        if (msg.event !== undefined) continue;
        if (!greeted) {
          if (msg.QMP === undefined) return finish(new Error('QMP: no greeting'));
          greeted = true;
          next();
          continue;
        }
        if (msg.error) return finish(new Error(`QMP: ${msg.error.desc ?? 'error'}`));
        results.push(msg.return);
        next();
      }
    });
    socket.on('error', (err) => finish(new Error(`QMP: ${err.message}`)));
    socket.on('close', () => finish(new Error('QMP: connection closed')));
  });
}
