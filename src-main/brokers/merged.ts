import { ShellError, type BrokerInfo, type ConnectStep, type Desktop, type ErrorCode, type SecondFactorMethod } from '../contract/index.ts';
import type { ConnectionSpec } from '../sessions/types.ts';
import type { Broker, BrokerSession, Credentials, SignInResult } from './types.ts';

/** Failures that mean "this broker is not there right now": it is left out, the others go on. */
export function isNotAnswering(code: ErrorCode): boolean {
  return code === 'broker-unreachable' || code === 'broker-timeout';
}

/** Which of several failures to show when every broker failed: the user's own mistake first. */
const preference: ErrorCode[] = ['auth-failed', 'auth-locked', 'auth-expired-password', 'auth-second-factor-failed', 'auth-second-factor-unsupported', 'broker-tls', 'broker-bad-reply', 'broker-timeout', 'broker-unreachable'];

function bestError(errors: unknown[]): unknown {
  const coded = errors.filter((e): e is ShellError => e instanceof ShellError);
  for (const code of preference) {
    const hit = coded.find((e) => e.code === code);
    if (hit) return hit;
  }
  return errors[0];
}

interface Member {
  broker: Broker;
  session: BrokerSession;
}

/**
 * Several brokers as one (policy multiBroker.merge): one sign-in with the same credentials at
 * every broker at once, one list with the broker's name on each desktop. A broker that does not
 * answer, or refuses these credentials, is left out and named (`unanswered`); only when none
 * signs in does the sign-in fail. If a broker asks for a second factor, the user answers it for
 * that one broker (the first that asks; later ones that ask are left out and named too).
 */
export class MergedBroker implements Broker {
  readonly info: BrokerInfo;

  constructor(
    private readonly members: readonly Broker[],
    name: string,
  ) {
    const domains = members.map((m) => m.info.domain);
    this.info = {
      id: 'merged',
      name,
      kind: 'merged',
      source: members[0]?.info.source ?? 'policy',
      domain: domains.includes('required') ? 'required' : domains.includes('optional') ? 'optional' : 'hidden',
      ...(members.find((m) => m.info.defaultDomain)?.info.defaultDomain ? { defaultDomain: members.find((m) => m.info.defaultDomain)!.info.defaultDomain! } : {}),
      insecure: members.some((m) => m.info.insecure),
    };
  }

  async signIn(credentials: Credentials, signal: AbortSignal): Promise<SignInResult> {
    const results = await Promise.allSettled(this.members.map((b) => b.signIn(credentials, signal)));
    signal.throwIfAborted();
    const joined: Member[] = [];
    const left: string[] = [];
    const errors: unknown[] = [];
    let pending: { broker: Broker; result: Extract<SignInResult, { kind: 'secondFactor' }> } | undefined;
    results.forEach((r, i) => {
      const broker = this.members[i]!;
      if (r.status === 'rejected') {
        errors.push(r.reason);
        if (r.reason instanceof ShellError && isNotAnswering(r.reason.code)) left.push(broker.info.name);
      } else if (r.value.kind === 'signedIn') joined.push({ broker, session: r.value.session });
      else if (!pending) pending = { broker, result: r.value };
      else left.push(broker.info.name);
    });
    const waiting = pending as typeof pending | undefined;
    if (!waiting) {
      if (joined.length === 0) throw bestError(errors);
      return { kind: 'signedIn', session: new MergedSession(joined, left, credentials.username) };
    }
    return {
      kind: 'secondFactor',
      methods: waiting.result.methods,
      complete: async (method: SecondFactorMethod, code: string, codeSignal: AbortSignal) => {
        try {
          const session = await waiting.result.complete(method, code, codeSignal);
          return new MergedSession([...joined, { broker: waiting.broker, session }], left, credentials.username);
        } catch (err) {
          // A wrong code may be tried again; anything else leaves the others signed in, if any.
          if (err instanceof ShellError && err.code === 'auth-second-factor-failed') throw err;
          if (joined.length === 0) throw err;
          return new MergedSession(joined, [...left, waiting.broker.info.name], credentials.username);
        }
      },
    };
  }
}

class MergedSession implements BrokerSession {
  #unanswered: string[];

  constructor(
    private readonly members: Member[],
    unanswered: string[],
    readonly user: string,
  ) {
    this.#unanswered = unanswered;
  }

  get unanswered(): readonly string[] {
    return this.#unanswered;
  }

  async listDesktops(signal: AbortSignal): Promise<Desktop[]> {
    const lists = await Promise.allSettled(this.members.map((m) => m.session.listDesktops(signal)));
    signal.throwIfAborted();
    const errors: unknown[] = [];
    const left: string[] = [];
    const desktops: Desktop[] = [];
    lists.forEach((r, i) => {
      const { broker } = this.members[i]!;
      if (r.status === 'rejected') {
        errors.push(r.reason);
        left.push(broker.info.name);
        return;
      }
      for (const d of r.value) {
        desktops.push({ ...d, id: `${broker.info.id}/${d.id}`, description: d.description ? `${broker.info.name} · ${d.description}` : broker.info.name });
      }
    });
    if (desktops.length === 0 && errors.length === this.members.length) throw bestError(errors);
    this.#unanswered = [...new Set([...this.#unanswered.filter((n) => !this.members.some((m) => m.broker.info.name === n)), ...left])];
    return desktops;
  }

  prepareLaunch(desktopId: string, signal: AbortSignal, onStep: (step: ConnectStep) => void): Promise<ConnectionSpec> {
    const member = this.#memberOf(desktopId);
    if (!member) return Promise.reject(new ShellError('desktop-unavailable', `no desktop "${desktopId}"`));
    return member.session.prepareLaunch(desktopId.slice(desktopId.indexOf('/') + 1), signal, onStep);
  }

  brokerOf(desktopId: string): string | undefined {
    return this.#memberOf(desktopId)?.broker.info.id;
  }

  /** Merged desktop ids are `<member broker id>/<its desktop id>`. */
  #memberOf(desktopId: string): (typeof this.members)[number] | undefined {
    const slash = desktopId.indexOf('/');
    return slash < 0 ? undefined : this.members.find((m) => m.broker.info.id === desktopId.slice(0, slash));
  }

  async signOut(): Promise<void> {
    await Promise.allSettled(this.members.map((m) => m.session.signOut()));
  }
}
