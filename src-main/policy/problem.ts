/** One thing wrong with a policy file, located for an admin reading it in an editor. */
export interface PolicyProblem {
  file: string;
  /** 1-based; absent when the problem is the file as a whole (unreadable, too large). */
  line?: number;
  column?: number;
  /** The key path in the file, e.g. `session.onEnd` or `brokers[0].hosts[1].host`; '' for none. */
  key: string;
  message: string;
}

/** `file:line:col: key: message`, the shape compilers use, so editors can jump to it. */
export function formatProblem(p: PolicyProblem): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}:${p.column ?? 1}`;
  return p.key ? `${where}: ${p.key}: ${p.message}` : `${where}: ${p.message}`;
}

/** `["brokers", 0, "hosts"]` -> `brokers[0].hosts`. */
export function keyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** Maps character offsets to 1-based line and column numbers. */
export function lineLocator(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
  };
}
