import { useEffect } from 'react';
import type { Screen } from './api.ts';
import { adminEntryAllowed, isAdminHotkey } from './components/admin-entry.ts';
import { Announcer } from './components/Announcer.tsx';
import { LostContact } from './components/LostContact.tsx';
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
  const overlay = lost || adminUnlocked || showUnlock || showMenu;

  return (
    <>
      <main className="app" inert={overlay}>
        <CurrentScreen key={screenKey(screen)} screen={screen} />
      </main>
      {showMenu && !adminUnlocked && !lost ? <SessionMenu /> : null}
      {showUnlock && !lost ? <AdminUnlock /> : null}
      {adminUnlocked && !lost ? <AdminSettings /> : null}
      {lost ? <LostContact /> : null}
      <Announcer />
    </>
  );
}
