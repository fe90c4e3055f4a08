import { brokerFromAddress } from '../brokers/address.ts';
import { createBroker } from '../brokers/index.ts';
import type { Broker, BrokerSession } from '../brokers/types.ts';
import { Secret } from '../common/secret.ts';
import { ShellError, type Desktop, type ErrorCode, type SecondFactorMethod } from '../contract/index.ts';
import type { BrokerPolicy, Policy } from '../policy/schema.ts';
import { defaultPolicyPaths, PolicyStore } from '../policy/store.ts';
import { printJson, type Command } from './command.ts';
import { CliError, ExitCode } from './exit-codes.ts';
import { secretLines } from './stdin-lines.ts';

/** What `desktops` needs from outside; tests give their own. */
export interface DesktopsDeps {
  policy(path: string | undefined): Promise<Policy>;
  createBroker(config: BrokerPolicy, policy: Policy): Broker;
  onInterrupt(listener: () => void): () => void;
}

export const realDesktopsDeps: DesktopsDeps = {
  async policy(path) {
    const store = await PolicyStore.open({ watch: false, imagePath: path ?? defaultPolicyPaths.imagePath, managedPath: defaultPolicyPaths.managedPath, localPath: defaultPolicyPaths.localPath });
    const bad = store.layers().find((l) => l.status === 'invalid');
    store.close();
    if (bad) throw new CliError(ExitCode.invalid, `policy layer ${bad.layer} (${bad.source}) is invalid:\n${bad.error ?? ''}`);
    return store.policy();
  },
  createBroker: (config, policy) => createBroker(config, 'cli', policy),
  onInterrupt(listener) {
    process.once('SIGINT', listener);
    return () => void process.off('SIGINT', listener);
  },
};

/** The exit code of each way a sign-in or listing fails. */
const exitCodes: Partial<Record<ErrorCode, ExitCode>> = {
  'auth-failed': ExitCode.authFailed,
  'auth-second-factor-failed': ExitCode.authFailed,
  'auth-expired-password': ExitCode.passwordExpired,
  'auth-locked': ExitCode.accountLocked,
  'broker-unreachable': ExitCode.unreachable,
  'broker-timeout': ExitCode.timeout,
  'broker-tls': ExitCode.certificate,
  'broker-bad-reply': ExitCode.brokerBadReply,
  'auth-second-factor-unsupported': ExitCode.secondFactor,
  'invalid-argument': ExitCode.invalid,
  'no-broker': ExitCode.invalid,
  cancelled: ExitCode.interrupted,
};

export const desktopsExitWords: readonly [ExitCode, string][] = [
  [ExitCode.ok, 'signed in and listed (also when the list is empty)'],
  [ExitCode.invalid, 'no such broker in policy, or the policy or address is unusable'],
  [ExitCode.authFailed, 'wrong user name, password or second-factor code'],
  [ExitCode.passwordExpired, 'the password has expired'],
  [ExitCode.accountLocked, 'the account is locked or disabled'],
  [ExitCode.unreachable, 'the broker cannot be reached (refused, no route, name does not resolve, 502-504)'],
  [ExitCode.certificate, 'the broker certificate is not trusted / not the pinned one'],
  [ExitCode.timeout, 'the broker did not answer within its timeoutSec'],
  [ExitCode.brokerBadReply, 'the broker answered something thinshell cannot use'],
  [ExitCode.secondFactor, 'a second factor is needed and no usable code was given'],
  [ExitCode.interrupted, 'interrupted (Ctrl+C)'],
];

/** --broker: a policy broker id, or an address (pve://, ovirt://, rdweb://, https://, rdp://, host). */
function chooseBroker(value: string, policy: Policy): BrokerPolicy {
  const byId = policy.brokers.find((b) => b.id === value);
  if (byId) return byId;
  if (!/[:./]/.test(value)) {
    const ids = policy.brokers.map((b) => b.id).join(', ') || '(none)';
    throw new CliError(ExitCode.invalid, `no broker "${value}" in the policy (brokers: ${ids}); give an id or an address`);
  }
  try {
    return brokerFromAddress(value, 'cli');
  } catch (err) {
    throw new CliError(ExitCode.invalid, (err as Error).message);
  }
}

function table(desktops: Desktop[]): string {
  const rows = desktops.map((d) => [d.name, d.protocol, d.status, d.id]);
  const head = ['NAME', 'PROTOCOL', 'STATUS', 'ID'];
  const widths = head.map((h, i) => Math.min(48, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.slice(0, widths[i]).padEnd(widths[i]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

export function desktopsCommand(deps: DesktopsDeps = realDesktopsDeps): Command {
  return {
    name: ['desktops'],
    summary: 'sign in at a broker and list the desktops the user would see',
    usage: '--broker URL|ID [--user U] [--domain D] --password-stdin [--otp-stdin] [--method totp|recovery] [--policy FILE]',
    options: {
      broker: { type: 'string' },
      user: { type: 'string' },
      domain: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      'otp-stdin': { type: 'boolean' },
      method: { type: 'string' },
      policy: { type: 'string' },
    },
    positionalsError: 'desktops takes no arguments (a password never goes on the command line: use --password-stdin)',
    details: [
      'Signs in as the kiosk would (the broker\'s TLS rules, timeouts and realm from policy), lists',
      'name, protocol, status and id of each desktop, and signs out. Prints no secret.',
      '--broker ID|URL   a broker id from the policy, or an address: pve://host, ovirt://host,',
      '                  rdweb://host, https://..., rdp://host (an address trusts only the system CAs)',
      '--password-stdin  the password is the first line of stdin (typed without echo at a terminal)',
      '--otp-stdin       a second-factor code is the next line of stdin; without it the next line is',
      '                  read too when the broker asks for one',
      '--method M        totp (default) or recovery: which kind of code that line is',
      '--policy FILE     the image policy file (default the terminal\'s)',
      'Without --user, a broker with an API token in policy signs in with the token.',
      '',
      'Exit codes of desktops:',
      ...desktopsExitWords.map(([code, words]) => `  ${String(code).padStart(3)}  ${words}`),
    ].join('\n'),
    async run({ values, json, io }) {
      const brokerArg = values.broker;
      if (typeof brokerArg !== 'string' || !brokerArg) throw new CliError(ExitCode.usage, 'desktops: --broker is required');
      const method = (values.method ?? 'totp') as string;
      if (method !== 'totp' && method !== 'recovery') throw new CliError(ExitCode.usage, '--method must be totp or recovery');
      const user = typeof values.user === 'string' ? values.user : '';
      if (user && !values['password-stdin']) throw new CliError(ExitCode.usage, 'desktops: --user needs --password-stdin (a password never goes on the command line)');
      const policy = await deps.policy(typeof values.policy === 'string' ? values.policy : undefined);
      const config = chooseBroker(brokerArg, policy);
      let broker: Broker;
      try {
        broker = deps.createBroker(config, policy);
      } catch (err) {
        throw new CliError(ExitCode.invalid, (err as Error).message);
      }
      if (!user && !broker.info.autoSignIn) throw new CliError(ExitCode.usage, 'desktops: --user is required (this broker has no API token)');
      const lines = secretLines(io.stdin, io.stderr);
      const abort = new AbortController();
      const stop = deps.onInterrupt(() => abort.abort());
      let session: BrokerSession | undefined;
      try {
        const password = user ? await lines.next('password') : '';
        if (password === undefined) throw new CliError(ExitCode.invalid, 'no password on stdin (pipe it in, or run at a terminal)');
        const domain = typeof values.domain === 'string' ? values.domain : undefined;
        const result = await broker.signIn({ username: user, password: new Secret(password), ...(domain ? { domain } : {}) }, abort.signal);
        if (result.kind === 'secondFactor') {
          const wanted = method as SecondFactorMethod;
          if (!result.methods.includes(wanted)) {
            throw new CliError(ExitCode.secondFactor, `the broker asks for a second factor by ${result.methods.join(' or ')}, not ${wanted} (use --method)`);
          }
          if (!values['otp-stdin']) io.stderr(`second factor (${wanted}) needed: reading the code from the next line of stdin\n`);
          const code = (await lines.next(`${wanted} code`))?.trim();
          if (!code) throw new CliError(ExitCode.secondFactor, 'the broker asks for a second factor: put the code on the line after the password (--otp-stdin)');
          session = await result.complete(wanted, code, abort.signal);
        } else session = result.session;
        const desktops = await session.listDesktops(abort.signal);
        const info = broker.info;
        if (json) {
          printJson(io, {
            ok: true,
            broker: { id: info.id, name: info.name, kind: info.kind, ...(info.address ? { address: info.address } : {}), insecure: info.insecure },
            user: session.user,
            desktops: desktops.map((d) => ({ id: d.id, name: d.name, protocol: d.protocol, status: d.status, ...(d.description ? { description: d.description } : {}) })),
          });
        } else {
          const warn = info.insecure ? ' (NOT SECURE: certificate checks are off)' : '';
          io.stdout(`Signed in at ${info.name} (${info.kind}${info.address ? `, ${info.address}` : ''}) as ${session.user}${warn}\n`);
          io.stdout(desktops.length ? `${table(desktops)}\n${desktops.length} desktop(s)\n` : 'No desktops.\n');
        }
        return ExitCode.ok;
      } catch (err) {
        if (err instanceof ShellError) {
          const code = exitCodes[err.code] ?? ExitCode.internal;
          throw new CliError(code, `${err.code}: ${err.message}`);
        }
        throw err;
      } finally {
        stop();
        lines.close();
        await session?.signOut().catch(() => {});
      }
    },
  };
}
