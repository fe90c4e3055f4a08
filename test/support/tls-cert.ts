import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestPki {
  /** A folder holding ca.pem (the CA certificate), for SSL_CERT_FILE. */
  dir: string;
  caFile: string;
  /** The CA certificate (PEM). */
  ca: string;
  /** A server certificate for `localhost` (CN and DNS SAN), signed by the CA. */
  server: { cert: string; key: string };
  remove(): Promise<void>;
}

/** A throw-away CA and a localhost server certificate, made with the openssl command. */
export async function makeTestPki(): Promise<TestPki> {
  const dir = await mkdtemp(join(tmpdir(), 'thinshell-test-pki-'));
  const p = (name: string) => join(dir, name);
  await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('ca.key'), '-out', p('ca.pem'), '-days', '2', '-subj', '/CN=thinshell test CA']);
  await run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('srv.key'), '-out', p('srv.csr'), '-subj', '/CN=localhost']);
  await writeFile(p('ext.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  await run('openssl', ['x509', '-req', '-in', p('srv.csr'), '-CA', p('ca.pem'), '-CAkey', p('ca.key'), '-CAcreateserial', '-out', p('srv.crt'), '-days', '2', '-extfile', p('ext.cnf')]);
  return {
    dir,
    caFile: p('ca.pem'),
    ca: await readFile(p('ca.pem'), 'utf8'),
    server: { cert: await readFile(p('srv.crt'), 'utf8'), key: await readFile(p('srv.key'), 'utf8') },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
