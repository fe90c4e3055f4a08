import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The native engine's integration tests run the REAL libthinshell_rdp.so (native/build.sh) in
 * the real worker process. Until the library is built they are skipped, and say so.
 */
export const LIBRARY = fileURLToPath(new URL('../../../native/build/libthinshell_rdp.so', import.meta.url));
export const LIBRARY_BUILT = existsSync(LIBRARY);
if (!LIBRARY_BUILT) console.warn(`SKIPPED: the native RDP tests need ${LIBRARY} (run native/build.sh)`);
