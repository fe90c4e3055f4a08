import { useEffect } from 'react';
import type { Screen } from './api.ts';
import { adminEntryAllowed, isAdminHotkey } from './components/admin-entry.ts';
import { Announcer } from './components/Announcer.tsx';
import { LostContact } from './components/LostContact.tsx';
import { UsbPanel } from './components/UsbPanel.tsx';
import { useShellStore, useShell } from './store/index.ts';
import { AdminSettings } from './screens/AdminSettings.tsx';
import { AdminUnlock } from './screens/AdminUnlock.tsx';
import { Booting } from './screens/Booting.tsx';
import { Connecting } from './screens/Connecting.tsx';
import { Ended } from './screens/Ended.tsx';
import { ErrorScreen } from './screens/ErrorScreen.tsx';
import { Picker } from './screens/Picker.tsx';
import { PoweringOff } from './screens/PoweringOff.tsx';
import { SecondFactor } from './screens/SecondFactor.tsx';
import { Session, SessionMenu } from './screens/Session.tsx';
import { Setup } from './screens/Setup.tsx';
import { SignIn } from './screens/SignIn.tsx';

/**
 * A new key is a new screen: React remounts it, so form state (a password above all) never
 * survives a screen change, and the new screen moves focus to its main control.
 */
export function screenKey(screen: Screen): string {
  if (screen.kind === 'signIn' || screen.kind === 'secondFactor') return `${screen.kind}:${screen.broker.id}`;
  if (screen.kind === 'connecting' || screen.kind === 'session') return `${screen.kind}:${screen.desktop.id}`;
  return screen.kind;
}

function CurrentScreen({ screen }: { screen: Screen }) {
  switch (screen.kind) {
    case 'booting':
    case 'discovering':
      return <Booting kind={screen.kind} />;
    case 'setup':
      return <Setup screen={screen} />;
    case 'signIn':
      return <SignIn screen={screen} />;
    case 'secondFactor':
      return <SecondFactor screen={screen} />;
    case 'pick':
      return <Picker screen={screen} />;
    case 'connecting':
      return <Connecting screen={screen} />;
    case 'session':
      return <Session screen={screen} />;
    case 'ended':
      return <Ended screen={screen} />;
    case 'error':
      return <ErrorScreen screen={screen} />;
    case 'poweringOff':
      return <PoweringOff />;
    default: {
      const never: never = screen;
      return never;
    }
  }
}

/** Draws exactly the view main pushed, plus the overlays the renderer itself owns. */
export function App() {
  const store = useShellStore();
  const view = useShell((s) => s.view);
  const lost = useShell((s) => s.contact === 'lost');
  const unlockOpen = useShell((s) => s.adminUnlockOpen);
  const usbOpen = useShell((s) => s.usbPanelOpen);
  const closeUsb = useShell((s) => s.closeUsbPanel);
  const call = useShell((s) => s.call);
  const locale = view?.locale ?? 'en';

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isAdminHotkey(e) || !adminEntryAllowed(store.getState().view)) return;
      e.preventDefault();
      store.getState().openAdminUnlock();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);

  const screen: Screen = view?.screen ?? { kind: 'booting' };
  const adminUnlocked = view?.admin.unlocked === true;
  const showUnlock = unlockOpen && !adminUnlocked && adminEntryAllowed(view);
  const showMenu = screen.kind === 'session' && screen.menu;
  // The devices panel: opened by the user (sign-in, session menu, admin settings), or by main
  // when a device plugged in mid-session waits for the user's word (the menu opens with it).
  const offer = view?.usb?.offer;
  const usbPlace = screen.kind === 'signIn' || screen.kind === 'pick' || showMenu || adminUnlocked;
  const showUsb = !lost && view?.usb !== undefined && usbPlace && (usbOpen || (showMenu && offer !== undefined));
  const overlay = lost || adminUnlocked || showUnlock || showMenu || showUsb;
  const key = `${screenKey(screen)}:${showMenu}`;
  // A new screen (or the menu closing) takes the panel with it.
  useEffect(() => closeUsb(), [key, closeUsb]);
  // An offer opens the panel for good: it stays after the user answers (to show what follows).
  const openUsb = useShell((s) => s.openUsbPanel);
  useEffect(() => {
    if (showMenu && offer !== undefined) openUsb();
  }, [showMenu, offer, openUsb]);
  const closePanel = () => {
    closeUsb();
    if (offer !== undefined && showMenu) void call('sessionMenu', { action: 'close' });
  };

  return (
    <>
      <main className="app" inert={overlay}>
        <CurrentScreen key={screenKey(screen)} screen={screen} />
      </main>
      {showUsb ? <UsbPanel onClose={closePanel} /> : null}
      {showMenu && !adminUnlocked && !lost && !showUsb ? <SessionMenu /> : null}
      {showUnlock && !lost && !showUsb ? <AdminUnlock /> : null}
      {adminUnlocked && !lost && !showUsb ? <AdminSettings /> : null}
      {lost ? <LostContact /> : null}
      <Announcer />
    </>
  );
}
