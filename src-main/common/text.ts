/**
 * Whether text holds C0 control characters or DEL: never wanted in a user name, title, host,
 * record or key, whoever sent it.
 */
export function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
