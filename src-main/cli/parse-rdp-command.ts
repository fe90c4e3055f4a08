import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseRdpFile, RdpFileError, type RdpFile } from '../formats/rdp.ts';
import { MAX_RDP_BYTES } from '../formats/rdp-lines.ts';
import { printJson, type Command } from './command.ts';
import { CliError, ExitCode } from './exit-codes.ts';

const reasons: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a directory, not a file',
};

/** `thinshell parse rdp FILE`: what an .rdp file asks for, as thinshell reads it. */
export const parseRdpCommand: Command = {
  name: ['parse', 'rdp'],
  summary: 'show what an .rdp file asks for (target, user, gateway, display, RemoteApp, redirections, warnings)',
  usage: 'FILE',
  positionals: { min: 1, max: 1 },
  details:
    'Reads the file as mstsc and FreeRDP do (UTF-16LE or UTF-8, CR or LF, last value wins).\n' +
    'A password in the file is never printed (and never used). Exits 1 when the file is unusable.',
  async run({ positionals, json, io }) {
    const path = resolve(positionals[0] as string);
    let bytes: Buffer;
    try {
      // Refuse a huge file before reading it into memory.
      if ((await stat(path)).size > MAX_RDP_BYTES) throw new CliError(ExitCode.invalid, `${path}: larger than ${MAX_RDP_BYTES / 1024} KiB; not an .rdp file`);
      bytes = await readFile(path);
    } catch (err) {
      if (err instanceof CliError) throw err;
      const code = (err as NodeJS.ErrnoException).code ?? '';
      throw new CliError(ExitCode.unreadable, `${path}: cannot read: ${reasons[code] ?? code}`);
    }
    let file: RdpFile;
    try {
      file = parseRdpFile(bytes);
    } catch (err) {
      if (err instanceof RdpFileError) throw new CliError(ExitCode.invalid, `${path}: ${err.message}`);
      throw err;
    }
    if (json) printJson(io, { ok: true, file: path, ...file });
    else io.stdout(describe(path, file));
    return ExitCode.ok;
  },
};

function describe(path: string, f: RdpFile): string {
  const host = f.target.host.includes(':') ? `[${f.target.host}]` : f.target.host;
  const lines = [`${path}:`, `  target       ${host}:${f.target.port}`];
  const user = f.credentials.username ? `${f.credentials.domain ? `${f.credentials.domain}\\` : ''}${f.credentials.username}` : '(asks at connect)';
  lines.push(`  user         ${user}`);
  if (f.gateway) {
    const g = f.gateway;
    lines.push(`  gateway      ${g.host}:${g.port} (${g.usage}; ${g.credentialsSource}${g.sameCredentials ? ', same credentials' : ', separate credentials'})`);
  }
  const d = f.display;
  const size = d.width && d.height ? `, ${d.width}x${d.height}` : '';
  lines.push(`  display      ${d.fullscreen ? 'full screen' : 'window'}${size}${d.multimon ? ', all monitors' : ''}${d.monitors ? ` (monitors ${d.monitors.join(',')})` : ''}`);
  if (f.remoteApp) lines.push(`  RemoteApp    ${f.remoteApp.program}${f.remoteApp.name ? ` "${f.remoteApp.name}"` : ''}${f.remoteApp.cmdline ? ` ${f.remoteApp.cmdline}` : ''}`);
  const r = f.redirections;
  const on = [
    r.clipboard && 'clipboard',
    r.audio === 'local' ? 'sound here' : r.audio === 'remote' ? 'sound on the server' : undefined,
    r.microphone && 'microphone',
    r.smartcards && 'smart cards',
    r.printers && 'printers',
    r.comPorts && 'serial ports',
    r.drives.length > 0 && `drives ${r.drives.join(';')}`,
    r.usb.length > 0 && `USB ${r.usb.join(';')}`,
    r.devices.length > 0 && `devices ${r.devices.join(';')}`,
    r.cameras.length > 0 && `cameras ${r.cameras.join(';')}`,
  ].filter((x): x is string => typeof x === 'string');
  lines.push(`  redirections ${on.join(', ') || 'none'}`);
  if (f.loadBalanceInfo) lines.push(`  load balance ${f.loadBalanceInfo}`);
  const s = f.security;
  if (s.authenticationLevel !== undefined || s.nla !== undefined) {
    lines.push(`  security     ${[s.authenticationLevel !== undefined ? `authentication level ${s.authenticationLevel}` : '', s.nla === false ? 'NLA off' : s.nla ? 'NLA on' : ''].filter(Boolean).join(', ')}`);
  }
  lines.push(f.warnings.length ? `  warnings (${f.warnings.length}):` : '  warnings     none');
  for (const w of f.warnings) lines.push(`    ${w.line !== undefined ? `line ${w.line}: ` : ''}${w.key ? `${w.key}: ` : ''}${w.message}`);
  return `${lines.join('\n')}\n`;
}
