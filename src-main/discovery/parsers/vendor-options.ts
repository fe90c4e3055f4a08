/** One sub-option of DHCP option 43 (vendor-encapsulated options, RFC 2132 section 8.4). */
export interface SubOption {
  code: number;
  bytes: Uint8Array;
}

export class VendorOptionError extends Error {
  override readonly name = 'VendorOptionError';
}

/**
 * Splits option 43 into its sub-options: code, length, data, repeated; code 0 is padding and
 * 255 ends the list. IGEL nests its 224 (server) and 226 (structure tag) this way. Throws
 * VendorOptionError when the bytes are not such a list (a plain string, a cut-off sub-option).
 */
export function parseSubOptions(bytes: Uint8Array): SubOption[] {
  const out: SubOption[] = [];
  let i = 0;
  while (i < bytes.length) {
    const code = bytes[i]!;
    if (code === 0) {
      i++;
      continue;
    }
    if (code === 255) break;
    const length = bytes[i + 1];
    if (length === undefined) throw new VendorOptionError(`sub-option ${code} at byte ${i} has no length`);
    if (i + 2 + length > bytes.length) {
      throw new VendorOptionError(`sub-option ${code} at byte ${i} claims ${length} bytes, only ${bytes.length - i - 2} follow`);
    }
    out.push({ code, bytes: bytes.slice(i + 2, i + 2 + length) });
    i += 2 + length;
  }
  return out;
}
