/**
 * Colon hex as dhclient and NetworkManager write bytes: `68:74:74:70`, dhclient without
 * leading zeros (`e0:5:68`). Returns undefined for anything else.
 */
export function hexBytes(text: string): Uint8Array | undefined {
  if (!/^[0-9A-Fa-f]{1,2}(:[0-9A-Fa-f]{1,2})*$/.test(text)) return undefined;
  return Uint8Array.from(text.split(':').map((h) => parseInt(h, 16)));
}

export function toHex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(':');
}
