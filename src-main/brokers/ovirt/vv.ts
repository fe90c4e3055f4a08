import { ShellError } from '../../contract/index.ts';
import { Secret } from '../../common/secret.ts';
import { KeyFileError, keyFileInt, keyFileString, parseKeyFile } from '../../formats/vv.ts';
import type { SpiceConnection } from '../../sessions/types.ts';

/**
 * The engine's console file (.vv) as a SpiceConnection. Its quirks: a comment line, `port=-1`
 * beside `tls-port` (no plain port), `usb-filter=null`, list keys, an `[ovirt]` group (for
 * remote-viewer's own oVirt mode; not needed here). Kept small on purpose: the general .vv
 * parser of formats/ will take this over.
 */
export function spiceFromVv(text: string, title: string): SpiceConnection {
  try {
    const groups = parseKeyFile(text);
    const main = groups.get('virt-viewer');
    if (!main) throw new KeyFileError('no [virt-viewer] group');
    const get = (key: string) => {
      const raw = main.get(key);
      return raw === undefined ? undefined : keyFileString(raw);
    };
    const type = get('type');
    if (type !== 'spice') throw new KeyFileError(`type is ${JSON.stringify(type ?? '')}, not spice`);
    const host = get('host');
    if (!host || /[\s/]/.test(host)) throw new KeyFileError('no usable host');
    const port = optionalPort(main.get('port'));
    const tlsPort = optionalPort(main.get('tls-port'));
    if (port === undefined && tlsPort === undefined) throw new KeyFileError('neither port nor tls-port');
    const password = get('password');
    const ca = get('ca');
    const hostSubject = get('host-subject');
    const proxy = get('proxy');
    return {
      protocol: 'spice',
      host,
      ...(port !== undefined ? { port } : {}),
      ...(tlsPort !== undefined ? { tlsPort } : {}),
      ...(password ? { password: new Secret(password) } : {}),
      ...(ca ? { ca } : {}),
      ...(hostSubject ? { hostSubject } : {}),
      ...(proxy ? { proxy } : {}),
      title,
    };
  } catch (err) {
    if (err instanceof KeyFileError) throw new ShellError('broker-bad-reply', `console file: ${err.message}`);
    throw err;
  }
}

/** A port key: -1 (the engine's "none") and absent are undefined; else 1-65535. */
function optionalPort(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = keyFileInt(raw);
  if (n === -1 || n === 0) return undefined;
  if (n < 1 || n > 65535) throw new KeyFileError(`port ${n} is outside 1-65535`);
  return n;
}
