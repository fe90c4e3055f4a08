import type { BrokerInfo, Desktop, SecondFactorMethod, ConnectStep } from '../contract/index.ts';
import type { Secret } from '../common/secret.ts';
import type { ConnectionSpec } from '../sessions/types.ts';

export interface Credentials {
  username: string;
  password: Secret;
  domain?: string;
}

export type SignInResult =
  | { kind: 'signedIn'; session: BrokerSession }
  | {
      kind: 'secondFactor';
      methods: SecondFactorMethod[];
      /** Finishes the sign-in with a code; throws ShellError('auth-second-factor-failed') on a wrong one. */
      complete(method: SecondFactorMethod, code: string, signal: AbortSignal): Promise<BrokerSession>;
    };

/** A signed-in user at one broker. Dropped (and signOut called) when the user leaves. */
export interface BrokerSession {
  readonly user: string;
  /** Brokers left out of the last sign-in or list because they did not answer (a merged session). */
  readonly unanswered?: readonly string[];
  listDesktops(signal: AbortSignal): Promise<Desktop[]>;
  /**
   * Everything needed to launch: may start the desktop and fetch a one-time ticket, so call it
   * right before the engine starts. Reports its steps as it goes.
   */
  prepareLaunch(desktopId: string, signal: AbortSignal, onStep: (step: ConnectStep) => void): Promise<ConnectionSpec>;
  /** The broker a desktop of this session belongs to, where that is not the session's own (a merged list). */
  brokerOf?(desktopId: string): string | undefined;
  signOut(): Promise<void>;
}

/** One broker (one folder under brokers/ per kind). Errors are ShellErrors with contract codes. */
export interface Broker {
  readonly info: BrokerInfo;
  signIn(credentials: Credentials, signal: AbortSignal): Promise<SignInResult>;
}
