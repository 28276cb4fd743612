import { z } from 'zod';
import { apiErrorSchema } from './errors.js';

/**
 * The one envelope every transport carries (Electron IPC, WebSocket, in-memory pair).
 * Requests are answered by exactly one response with the same id; events are pushed.
 */
export const requestEnvelopeSchema = z.object({
  type: z.literal('request'),
  id: z.number().int().nonnegative(),
  name: z.string().min(1).max(100),
  args: z.unknown(),
});
export type RequestEnvelope = z.infer<typeof requestEnvelopeSchema>;

export const responseEnvelopeSchema = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('response'), id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal('response'), id: z.number().int(), ok: z.literal(false), error: apiErrorSchema }),
]);
export type ResponseEnvelope = z.infer<typeof responseEnvelopeSchema>;

export const eventEnvelopeSchema = z.object({
  type: z.literal('event'),
  name: z.string(),
  payload: z.unknown(),
});
export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;

export const serverMessageSchema = z.union([responseEnvelopeSchema, eventEnvelopeSchema]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;
