import type { ShellHandlers, ShellView } from '../contract/index.ts';
import type { Policy } from '../policy/schema.ts';

/**
 * The shell's core as a host sees it: the call handlers of the contract, the views it pushes,
 * and the policy the host itself must apply (sleep blocking, devtools). Both hosts (Electron,
 * browser) wrap exactly this.
 */
export interface Core {
  readonly handlers: ShellHandlers;
  onView(listener: (view: ShellView) => void): () => void;
  /** The session hotkey was pressed (the host captured it): open the session menu. */
  hotkey(): void;
  policy(): Policy;
  onPolicy(listener: (policy: Policy) => void): () => void;
  start(): Promise<void>;
  /** Ends any session, signs out, releases everything. */
  stop(): Promise<void>;
}
