import { coldStart } from './cold-start.ts';
import { idleCpu } from './idle-cpu.ts';
import { pssAtSignIn } from './pss-at-sign-in.ts';
import { rdpConnect } from './rdp-connect.ts';
import { rdwebSignin } from './rdweb-signin.ts';
import type { BenchmarkFactory } from './types.ts';

/** Every benchmark by name, in the order a full run does them. */
export const benchmarks: Record<string, BenchmarkFactory> = {
  'cold-start': coldStart,
  'pss-at-sign-in': pssAtSignIn,
  'idle-cpu': idleCpu,
  'rdp-connect': rdpConnect,
  'rdweb-signin': rdwebSignin,
};
