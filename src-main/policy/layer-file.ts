import { readFile, stat } from 'node:fs/promises';
import { checkLayerText, type FileLayerName } from './layer-check.ts';
import type { PolicyProblem } from './problem.ts';

/** Larger than any sane policy (32 brokers x 10,000 hosts still fits); guards memory. */
const MAX_BYTES = 16 * 1024 * 1024;

export type LayerRead =
  | { status: 'absent' }
  | { status: 'ok'; data: Record<string, unknown>; text: string }
  | { status: 'invalid'; problems: PolicyProblem[]; unreadable: boolean };

const reasons: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory, not a file',
  ELOOP: 'too many symbolic links',
  EIO: 'input/output error',
};

/** Reads and checks one layer file. A missing file is not an error: the layer is just absent. */
export async function readLayerFile(file: string, layer: FileLayerName): Promise<LayerRead> {
  let text: string;
  try {
    const info = await stat(file);
    if (info.isDirectory()) return unreadable(file, reasons.EISDIR as string);
    if (info.size > MAX_BYTES) return unreadable(file, `larger than ${MAX_BYTES / 1024 / 1024} MiB`);
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (code === 'ENOENT' || code === 'ENOTDIR') return { status: 'absent' };
    return unreadable(file, reasons[code] ?? (err as Error).message);
  }
  const checked = checkLayerText(text, file, layer);
  return checked.ok ? { status: 'ok', data: checked.data, text } : { status: 'invalid', problems: checked.problems, unreadable: false };
}

function unreadable(file: string, reason: string): LayerRead {
  return { status: 'invalid', problems: [{ file, key: '', message: `cannot read: ${reason}` }], unreadable: true };
}
