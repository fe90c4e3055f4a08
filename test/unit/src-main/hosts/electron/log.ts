import { createLogger, type Logger } from '../../../../../src-main/common/log.ts';

/** The real logger writing into an array, so tests can read what the host said and stay quiet. */
export function memoryLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(createLogger('test', { level: 'debug', write: (line) => lines.push(line) }), { lines });
}
