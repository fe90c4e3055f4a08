import { describe, expect, it } from 'vitest';
import { invalidSpiceConnection, remoteViewerArgs } from '../../../../../src-main/sessions/spice/remote-viewer-engine.ts';
import type { SpiceConnection } from '../../../../../src-main/sessions/types.ts';

const spec = (usb?: SpiceConnection['usb']): SpiceConnection => ({ protocol: 'spice', host: 'h', port: 5900, title: 't', ...(usb ? { usb } : {}) });

describe('remote-viewer arguments for USB', () => {
  it('the redirect-on-connect filter goes before "-" as spice-gtk\'s option; nothing without one', () => {
    expect(remoteViewerArgs(spec())).toEqual(['--debug', '--kiosk', '--kiosk-quit=on-disconnect', '-']);
    expect(remoteViewerArgs(spec({ enabled: true, autoshare: false, filter: '-1,-1,-1,-1,0', redirectOnConnect: '-1,0x0781,0x5581,-1,1|-1,-1,-1,-1,0' }))).toEqual([
      '--debug', '--kiosk', '--kiosk-quit=on-disconnect', '--spice-usbredir-redirect-on-connect=-1,0x0781,0x5581,-1,1|-1,-1,-1,-1,0', '-',
    ]);
    expect(remoteViewerArgs(spec({ enabled: false, autoshare: false, filter: '-1,-1,-1,-1,0', redirectOnConnect: '-1,-1,-1,-1,1' }))).not.toContain(expect.stringMatching(/redirect-on-connect/));
  });

  it('a filter spice-gtk could not parse is refused before anything starts (it would fall back to its own default)', () => {
    expect(invalidSpiceConnection(spec({ enabled: true, autoshare: true, filter: '0x03,-1' }))).toMatch(/^the USB filter is not a valid usbredir filter: /);
    expect(invalidSpiceConnection(spec({ enabled: true, autoshare: false, filter: '-1,-1,-1,-1,0', redirectOnConnect: 'x' }))).toMatch(/^the USB redirect-on-connect filter is not a valid usbredir filter: /);
    expect(invalidSpiceConnection(spec({ enabled: true, autoshare: false, filter: '-1,-1,-1,-1,0' }))).toBeUndefined();
  });
});
