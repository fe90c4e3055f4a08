import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface DeviceStrings {
  manufacturer?: string;
  product?: string;
  serial?: string;
}

/**
 * The device's string descriptors as the kernel read them at enumeration, from sysfs
 * (`/sys/bus/usb/devices/1-1.4/product`): no I/O to the device, nothing opened or claimed, and
 * readable by any user. A missing file is simply a string the device does not have.
 */
export async function readDeviceStrings(sysRoot: string, bus: number, ports: readonly number[]): Promise<DeviceStrings> {
  if (ports.length === 0) return {};
  const dir = join(sysRoot, 'bus/usb/devices', `${bus}-${ports.join('.')}`);
  const read = async (name: string) => {
    try {
      const text = (await readFile(join(dir, name), 'utf8')).replace(/[\r\n]+$/, '');
      // Strings come from the device: keep them printable and short.
      const clean = text.replace(/[\p{Cc}\p{Cf}]/gu, '').trim().slice(0, 128);
      return clean === '' ? undefined : clean;
    } catch {
      return undefined;
    }
  };
  const [manufacturer, product, serial] = await Promise.all([read('manufacturer'), read('product'), read('serial')]);
  return { ...(manufacturer ? { manufacturer } : {}), ...(product ? { product } : {}), ...(serial ? { serial } : {}) };
}
