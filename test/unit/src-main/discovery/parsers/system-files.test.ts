import { describe, expect, it } from 'vitest';
import { defaultRouteInterface } from '../../../../../src-main/discovery/parsers/proc-route.ts';
import { parseResolvConf } from '../../../../../src-main/discovery/parsers/resolv-conf.ts';

const header = 'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n';

describe('defaultRouteInterface (/proc/net/route)', () => {
  it('takes the up default route with the lowest metric', () => {
    const text = `${header}wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\neth0\t00000000\t0100A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\neth0\t0000A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n`;
    expect(defaultRouteInterface(text)).toBe('eth0');
  });

  it('ignores routes that are down, not default, or unreadable; none is undefined', () => {
    const down = `${header}eth0\t00000000\t0100A8C0\t0002\t0\t0\t100\t00000000\t0\t0\t0\n`;
    expect(defaultRouteInterface(down)).toBeUndefined();
    expect(defaultRouteInterface(`${header}eth0\tzz\t0\t3\t0\t0\tx\t0\n\u0000\n`)).toBeUndefined();
    expect(defaultRouteInterface('')).toBeUndefined();
  });
});

describe('parseResolvConf', () => {
  it('reads nameservers and the last search or domain line, lower case, without the trailing dot', () => {
    const r = parseResolvConf('# by dhclient\nnameserver 10.0.0.1\nsearch Old.example\ndomain x.example\nsearch Corp.Example. lab.example ; comment\nnameserver 10.0.0.2 # second\n');
    expect(r).toEqual({ nameservers: ['10.0.0.1', '10.0.0.2'], search: ['corp.example', 'lab.example'] });
  });

  it('an empty or junk file has neither', () => {
    expect(parseResolvConf('')).toEqual({ nameservers: [], search: [] });
    expect(parseResolvConf('nameserver\nsearch\n\u0000garbage')).toEqual({ nameservers: [], search: [] });
  });
});
