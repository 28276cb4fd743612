import { z } from 'zod';
import { lazySchema } from '../../market/lazy-schema.js';

/** The glue's entry points (prelude.ts), each taking and returning strings. */
export const SANDBOX_OPERATIONS = ['load', 'validate', 'requirements', 'create', 'candle', 'readiness', 'closed', 'dispose'] as const;
export type SandboxOperation = (typeof SANDBOX_OPERATIONS)[number];

/** A failure inside the sandbox; `fatal` when the sandbox itself is done for (budget, memory, stack). */
export class SandboxCallError extends Error {
  constructor(
    message: string,
    readonly fatal: boolean,
  ) {
    super(message);
    this.name = 'SandboxCallError';
  }
}

/** Host → sandbox thread: evaluate the bundled file, or call one glue function (strings only). */
export const sandboxRequestSchema = lazySchema(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('load'), id: z.number().int(), libraries: z.string(), bundle: z.string(), budgetMs: z.number().positive() }),
    z.object({ kind: z.literal('call'), id: z.number().int(), operation: z.enum(SANDBOX_OPERATIONS), args: z.array(z.string()), budgetMs: z.number().positive() }),
  ]),
);
export type SandboxRequest = z.infer<ReturnType<typeof sandboxRequestSchema>>;

/** Sandbox thread → host: the answer as text, or the error (fatal = the sandbox is stopped). */
export const sandboxResponseSchema = lazySchema(() =>
  z.discriminatedUnion('ok', [
    z.object({ id: z.number().int(), ok: z.literal(true), text: z.string() }),
    z.object({ id: z.number().int(), ok: z.literal(false), message: z.string(), fatal: z.boolean() }),
  ]),
);
export type SandboxResponse = z.infer<ReturnType<typeof sandboxResponseSchema>>;
