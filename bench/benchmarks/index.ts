import { coldStart } from './cold-start.ts';
import { idleCpu } from './idle-cpu.ts';
import { pssAtSignIn } from './pss-at-sign-in.ts';
import { rdpConnect, rdpConnectAutoNetwork, rdpConnectPrewarmed } from './rdp-connect.ts';
import { spiceConnect } from './spice-connect.ts';
import { rdwebSignin } from './rdweb-signin.ts';
import type { BenchmarkFactory } from './types.ts';

/** Every benchmark by name, in the order a full run does them. */
export const benchmarks: Record<string, BenchmarkFactory> = {
  'cold-start': coldStart,
  'pss-at-sign-in': pssAtSignIn,
  'idle-cpu': idleCpu,
  'rdp-connect': rdpConnect,
  'rdp-connect-prewarmed': rdpConnectPrewarmed,
  'rdp-connect-auto': rdpConnectAutoNetwork,
  'spice-connect': spiceConnect,
  'rdweb-signin': rdwebSignin,
};
