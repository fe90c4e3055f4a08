import type { BrokerPolicy, Policy } from '../policy/schema.ts';

/** A broker found by one discovery source, with where it came from. */
export interface BrokerCandidate {
  config: BrokerPolicy;
  /** policy, setup, dhcp, dns, msradc, mdns */
  source: string;
  /** Where exactly, for the admin: "dhcp option 224 on eth0", "dns SRV _thinshell._tcp.corp.example". */
  detail?: string;
  /** Lower comes first. Within a source, its own order; discover() ranks the sources. */
  rank: number;
  /**
   * Found where anyone on the link may answer (mDNS): offered at first-run setup, never used
   * without someone choosing it, so a stranger's announcement cannot collect passwords.
   */
  confirm?: boolean;
}

/** What a source found, what it could not use (junk, reported), and what it wants said (quietly). */
export interface Findings {
  candidates: BrokerCandidate[];
  /** Values that were there but unusable: a malformed lease, a TXT record that is not ours ... */
  problems: string[];
  /** Normal absences worth telling an admin: "no lease file", "nmcli is not installed". */
  notes: string[];
}

export interface DiscoverySource {
  readonly name: string;
  /** Resolves with what it found; ends its work when the signal aborts (the deadline). */
  find(policy: Policy, signal: AbortSignal): Promise<BrokerCandidate[] | Findings>;
}

/** One candidate as the CLI and the log show it. */
export interface FoundBroker {
  id: string;
  type: BrokerPolicy['type'];
  name: string;
  /** The URL, or the first host for a direct broker. */
  address: string;
  detail?: string;
  confirm?: boolean;
}

export interface SourceReport {
  source: string;
  found: number;
  ms: number;
  error?: string;
  brokers?: FoundBroker[];
  problems?: string[];
  notes?: string[];
}

export function emptyFindings(): Findings {
  return { candidates: [], problems: [], notes: [] };
}
