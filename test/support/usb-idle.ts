/**
 * A process with a USB monitor and nothing else, for the no-USB tests: prints one JSON line
 * (status, devices, whether node-usb's native binding is loaded), then either leaves the
 * process to exit by itself (`exit`) or keeps it idle on a timer (`idle`).
 *   node --import tsx test/support/usb-idle.ts real|forced exit|idle
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src-main/common/log.ts';
import { openNodeUsbMonitor } from '../../src-main/usb/node-usb-monitor.ts';

const [where, mode] = process.argv.slice(2);
const logLines: string[] = [];
let sysRoot: string | undefined;
if (where === 'forced') {
  // A sysfs with a USB bus directory: node-usb (libusb) really loads and starts.
  sysRoot = mkdtempSync(join(tmpdir(), 'thinshell-fake-sys-'));
  mkdirSync(join(sysRoot, 'bus/usb'), { recursive: true });
}
const monitor = await openNodeUsbMonitor({ log: createLogger('usb', { write: (l) => logLines.push(l) }), ...(sysRoot ? { sysRoot } : {}) });
monitor.onChange(() => {});
const maps = readFileSync('/proc/self/maps', 'utf8');
process.stdout.write(`${JSON.stringify({ status: monitor.status(), devices: monitor.list().length, nodeUsbLoaded: /usb_bindings|node\.napi\.node|[/]usb[/]prebuilds/.test(maps), logLines })}\n`);
if (mode === 'idle') setTimeout(() => monitor.close(), 30_000);
