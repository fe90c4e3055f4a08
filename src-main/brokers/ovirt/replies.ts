import { z } from 'zod';
import { ShellError, type Desktop, type DesktopStatus } from '../../contract/index.ts';
import { parseValue } from '../common/json.ts';

/** oVirt / RHV engine replies (REST API v4, JSON form), each through a schema. Pure functions. */

export const TokenReply = z.object({
  access_token: z.string().min(1).max(16384),
  token_type: z.string().max(32).optional(),
  exp: z.union([z.string().max(32), z.number()]).optional(),
});

export const SsoError = z.object({ error_code: z.string().max(256).optional(), error: z.string().max(4096).optional() });

/** The SSO's refusal in contract codes: locked and expired accounts are told apart from a typo. */
export function ssoRefusal(value: unknown): ShellError {
  const parsed = SsoError.safeParse(value);
  const text = parsed.success ? `${parsed.data.error_code ?? ''} ${parsed.data.error ?? ''}`.trim() : '';
  const words = text.slice(0, 300) || 'refused';
  if (/locked|disabled/i.test(text)) return new ShellError('auth-locked', `sign-in: ${words}`);
  if (/expired/i.test(text)) return new ShellError('auth-expired-password', `sign-in: ${words}`);
  return new ShellError('auth-failed', `sign-in: ${words}`);
}

export function accessToken(value: unknown): string {
  return parseValue(value, TokenReply, 'sign-in reply').access_token;
}

/** Engine ids are UUIDs; anything else must not go into a request path. */
const EngineId = z.string().regex(/^[0-9A-Za-z-]{1,64}$/, 'an engine id');

const Vm = z.object({
  id: EngineId,
  name: z.string().min(1).max(256),
  status: z.string().max(64),
  description: z.string().max(4096).optional(),
  comment: z.string().max(4096).optional(),
  display: z.object({ type: z.string().max(32).optional() }).optional(),
});
/** `{"vm": [...]}`; an engine with no VMs to show answers `{}`. */
export const VmsReply = z.object({ vm: z.array(Vm).max(100_000).optional() });
export const VmReply = Vm;

const statuses: Record<string, DesktopStatus> = {
  up: 'running',
  powering_up: 'running',
  reboot_in_progress: 'running',
  migrating: 'running',
  down: 'stopped',
  paused: 'paused',
  suspended: 'paused',
};

export function vmStatus(status: string): DesktopStatus {
  return statuses[status] ?? 'unknown';
}

/** States in which a start makes sense; the others are left as they are. */
export function needsStart(status: string): boolean {
  return status === 'down' || status === 'suspended';
}

/** Running enough that the console can be opened. */
export function consoleReady(status: string): boolean {
  return status === 'up' || status === 'powering_up' || status === 'reboot_in_progress';
}

/**
 * GET /api/vms?filter=true -> desktops: the user's VMs, except those whose display is VNC only
 * (this terminal's viewer speaks SPICE). A VM without display data is listed; its console is
 * checked at launch.
 */
export function desktopsFromVms(value: unknown): Desktop[] {
  const { vm = [] } = parseValue(value, VmsReply, 'VM list');
  return vm
    .filter((v) => (v.display?.type ?? 'spice') === 'spice')
    .map((v) => ({
      id: v.id,
      name: v.name,
      protocol: 'spice' as const,
      status: vmStatus(v.status),
      ...(v.description || v.comment ? { description: (v.description || v.comment)!.slice(0, 256) } : {}),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const Consoles = z.object({
  graphics_console: z.array(z.object({ id: EngineId, protocol: z.string().max(32).optional() })).max(16).optional(),
});

/** The SPICE console's id ("7370696365" is "spice" in hex), or undefined when the VM has none. */
export function spiceConsoleId(value: unknown): string | undefined {
  const { graphics_console = [] } = parseValue(value, Consoles, 'console list');
  return graphics_console.find((c) => c.protocol === 'spice' || c.id === '7370696365')?.id;
}
