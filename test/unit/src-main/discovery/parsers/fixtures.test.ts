import { describe, expect, it } from 'vitest';
import { parseDhclientLeases } from '../../../../../src-main/discovery/parsers/dhclient-lease.ts';
import { hexBytes } from '../../../../../src-main/discovery/parsers/hex.ts';
import { parseNmcliDhcp } from '../../../../../src-main/discovery/parsers/nmcli-dhcp.ts';
import { parseThinshellRecord } from '../../../../../src-main/discovery/parsers/thinshell-record.ts';
import { parseSubOptions } from '../../../../../src-main/discovery/parsers/vendor-options.ts';
import { bytesView, fixtures, optionView, timeView } from './fixture-files.ts';

// Data-driven: every input file under fixtures/<kind>/ against the .json written beside it by hand.

describe('dhclient lease fixtures', () => {
  for (const f of fixtures('dhclient', '.leases')) {
    it(f.name, () => {
      const parsed = parseDhclientLeases(f.input);
      const view = {
        leases: parsed.leases.map((l) =>
          JSON.parse(
            JSON.stringify({
              line: l.line,
              interface: l.interface,
              address: l.address,
              renew: timeView(l.renew),
              rebind: timeView(l.rebind),
              expire: timeView(l.expire),
              options: l.options.map(optionView),
            }),
          ),
        ),
        problems: parsed.problems,
      };
      expect(view).toEqual(f.expected);
    });
  }
});

describe('nmcli -t fixtures', () => {
  for (const f of fixtures('nmcli', '.txt')) {
    it(f.name, () => {
      const parsed = parseNmcliDhcp(f.input);
      const view = { devices: parsed.devices.map((d) => ({ ...(d.device !== undefined ? { device: d.device } : {}), options: d.options.map(optionView) })), problems: parsed.problems };
      expect(view).toEqual(f.expected);
    });
  }
});

describe('option 43 fixtures', () => {
  for (const f of fixtures('option43', '.hex')) {
    it(f.name, () => {
      const bytes = hexBytes(f.input.trim());
      expect(bytes).toBeDefined();
      let view: unknown;
      try {
        view = { subOptions: parseSubOptions(bytes!).map((s) => ({ code: s.code, ...bytesView(s.bytes) })) };
      } catch (err) {
        view = { error: (err as Error).message };
      }
      expect(view).toEqual(f.expected);
    });
  }
});

describe('thinshell TXT record fixtures', () => {
  for (const f of fixtures('txt', '.txt')) {
    it(f.name, () => {
      const lines = f.input.split('\n').filter((l) => l !== '');
      const view = lines.map((line) => {
        try {
          return { record: parseThinshellRecord(line) };
        } catch (err) {
          return { error: (err as Error).message };
        }
      });
      expect(view).toEqual(f.expected);
    });
  }
});
