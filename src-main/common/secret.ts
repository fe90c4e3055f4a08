import { inspect } from 'node:util';

/**
 * A password or ticket in memory. It never prints: not through toString, JSON, util.inspect or
 * template strings. Read it with `reveal()` only where it is handed to a server or a child's stdin.
 */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  get empty(): boolean {
    return this.#value.length === 0;
  }
  toString(): string {
    return '[secret]';
  }
  toJSON(): string {
    return '[secret]';
  }
  [inspect.custom](): string {
    return '[secret]';
  }
}
