/**
 * Frames exchanged between a UI and the core, whatever carries them (Electron IPC, WebSocket,
 * or an in-process call in tests). Calls are answered by exactly one result frame with the same id;
 * events are pushed at any time.
 */
import { z } from 'zod';
import { rpcErrorSchema } from './errors';

export const callFrameSchema = z.object({
  type: z.literal('call'),
  id: z.number().int().nonnegative(),
  method: z.string().max(100),
  params: z.unknown(),
});
export type CallFrame = z.infer<typeof callFrameSchema>;

export const resultFrameSchema = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('result'), id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal('result'), id: z.number().int(), ok: z.literal(false), error: rpcErrorSchema }),
]);
export type ResultFrame = z.infer<typeof resultFrameSchema>;

export const eventFrameSchema = z.object({
  type: z.literal('event'),
  name: z.string(),
  payload: z.unknown(),
});
export type EventFrame = z.infer<typeof eventFrameSchema>;

export type ServerFrame = ResultFrame | EventFrame;
export const serverFrameSchema = z.union([resultFrameSchema, eventFrameSchema]);

/** Largest frame a host accepts from a UI; anything bigger is refused before parsing. */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;
