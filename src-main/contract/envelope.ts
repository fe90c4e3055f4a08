import { z } from 'zod';
import { WireError } from './errors.ts';

/** The result of one call as it crosses a transport: a value, or an error by code. */
export const Reply = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: WireError }),
]);
export type Reply = z.infer<typeof Reply>;

/** WebSocket frames of the browser host (Electron uses ipcRenderer.invoke instead). */
export const ClientFrame = z
  .object({ seq: z.number().int().nonnegative(), method: z.string().max(64), args: z.unknown() })
  .strict();
export type ClientFrame = z.infer<typeof ClientFrame>;

export type ServerFrame =
  | { type: 'reply'; seq: number; reply: Reply }
  | { type: 'event'; event: string; payload: unknown };
