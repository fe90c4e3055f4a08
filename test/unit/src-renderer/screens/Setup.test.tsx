import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { press, tabTo, type } from '../helpers/keyboard.ts';
import { renderShell } from '../helpers/render.tsx';
import { broker, viewOf } from '../helpers/views.ts';

describe('Setup', () => {
  it('takes a typed broker address with the keyboard', async () => {
    const { bridge } = await renderShell(viewOf({ kind: 'setup', candidates: [] }));
    const address = screen.getByLabelText('Service address') as HTMLInputElement;
    expect(document.activeElement).toBe(address);
    expect(screen.getByText('No service was found on the network.')).toBeTruthy();
    type(address, '  vdi.example.org  ');
    press(address, 'Enter');
    await expect.poll(() => bridge.callsOf('setBroker')).toEqual([{ address: 'vdi.example.org' }]);
  });

  it('does not send an empty address', async () => {
    const { bridge } = await renderShell(viewOf({ kind: 'setup', candidates: [] }));
    press(screen.getByLabelText('Service address'), 'Enter');
    await new Promise((r) => setTimeout(r, 10));
    expect(bridge.callsOf('setBroker')).toEqual([]);
  });

  it('picks a discovered candidate, described by kind and source', async () => {
    const candidates = [broker({ id: 'c1', name: 'pve.lan', source: 'mdns' }), broker({ id: 'c2', name: 'rd.lan', kind: 'rdweb', source: 'dns' })];
    const { bridge } = await renderShell(viewOf({ kind: 'setup', candidates }));
    const second = screen.getByRole('button', { name: 'rd.lan (Remote Desktop Web Access, found via the network (DNS))' });
    tabTo(second);
    press(second, 'Enter');
    await expect.poll(() => bridge.callsOf('setBroker')).toEqual([{ candidateId: 'c2' }]);
  });

  it('says where exactly each candidate was found, in both languages', async () => {
    const candidates = [
      broker({ id: 'c1', name: 'rds.corp', kind: 'rdweb', source: 'msradc', sourceDetail: 'dns TXT _msradc.corp.example' }),
      broker({ id: 'c2', name: 'pve.lan', source: 'dhcp' }),
    ];
    await renderShell(viewOf({ kind: 'setup', candidates }));
    expect(screen.getByRole('button', { name: 'rds.corp (Remote Desktop Web Access, found via the network (RD Web feed in DNS))' })).toBeTruthy();
    expect(screen.getByText('Found at: dns TXT _msradc.corp.example')).toBeTruthy();
    expect(screen.queryAllByText(/^Found at:/)).toHaveLength(1);
  });

  it('shows where a candidate was found in German too', async () => {
    const candidates = [broker({ id: 'c1', name: 'rds.corp', kind: 'rdweb', source: 'msradc', sourceDetail: 'dns TXT _msradc.corp.example' })];
    await renderShell(viewOf({ kind: 'setup', candidates }, { locale: 'de' }));
    expect(screen.getByRole('button', { name: 'rds.corp (Remotedesktop-Webzugriff, gefunden über das Netzwerk (RD-Web-Feed im DNS))' })).toBeTruthy();
    expect(screen.getByText('Gefunden unter: dns TXT _msradc.corp.example')).toBeTruthy();
  });

  it('shows the error in words with what to do', async () => {
    await renderShell(viewOf({ kind: 'setup', candidates: [], error: { code: 'broker-unreachable', detail: 'ECONNREFUSED' } }));
    expect(screen.getByRole('alert').textContent).toBe(
      'The desktop service cannot be reached.What you can do: Check that the network cable is plugged in, then try again.',
    );
  });
});
