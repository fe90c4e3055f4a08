import type { BrokerInfo, Desktop, Screen, ShellView } from '../../../../src-main/contract/index.ts';

let rev = 1;

/** A view around one screen; every call gets a higher rev, like main's pushes. */
export function viewOf(screen: Screen, over: Partial<ShellView> = {}): ShellView {
  return {
    rev: rev++,
    locale: 'en',
    terminal: { name: 'ward-3-terminal', version: '0.1.0' },
    admin: { unlocked: false, pinSet: true },
    hotkey: 'Ctrl+Alt+End',
    screen,
    ...over,
  };
}

export function broker(over: Partial<BrokerInfo> = {}): BrokerInfo {
  return {
    id: 'b1',
    name: 'Clinic PVE',
    kind: 'pve',
    source: 'policy',
    address: 'https://pve.example:8006',
    domain: 'hidden',
    insecure: false,
    ...over,
  };
}

export function desktops(n: number): Desktop[] {
  const statuses = ['running', 'stopped', 'paused', 'unknown'] as const;
  return Array.from({ length: n }, (_, i) => ({
    id: `vm-${i}`,
    name: `Desktop ${String(i).padStart(5, '0')}`,
    protocol: i % 3 === 0 ? 'spice' : 'rdp',
    status: statuses[i % 4] ?? 'unknown',
    description: `node${i % 7} pool-${i % 11 === 0 ? 'radiology' : 'general'}`,
  }));
}

export function signInScreen(over: Partial<Extract<Screen, { kind: 'signIn' }>> = {}): Screen {
  return { kind: 'signIn', broker: broker(), brokers: [], busy: false, ...over };
}
