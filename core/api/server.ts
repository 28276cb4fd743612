import { ApiError, issuesFromZod } from './errors.js';
import { commands, isCommandName, type EventName, type EventPayload, type Handlers } from './contract/index.js';
import { requestEnvelopeSchema, type EventEnvelope, type ResponseEnvelope } from './envelope.js';
import type { MessageTransport } from './transport.js';
import { createEventBatcher } from './batcher.js';

export type EventListener = <K extends EventName>(name: K, payload: EventPayload<K>) => void;

/** Where pushed events come from (the terminal's event bus). */
export interface EventSource {
  subscribe(listener: EventListener): () => void;
}

export interface ServeOptions {
  /** Coalescing window for market events; 0 sends every event at once (tests). */
  readonly batchMs?: number;
  /** Called for handler failures that are not ApiErrors (bugs); the client only sees "internal". */
  readonly onInternalError?: (error: unknown, command: string) => void;
}

/** Long runs a client names by `runId`: stopped when that client goes away, since no one is left to get their result. */
const RUN_COMMANDS: ReadonlySet<string> = new Set(['backtest.run', 'backtest.sweep', 'backtest.shadow']);

/**
 * Dispatches one transport's requests to the handlers. Every inbound message is validated:
 * a malformed envelope or argument gets a typed `bad_request` response, never a crash.
 */
export function serveApi(transport: MessageTransport, handlers: Handlers, events: EventSource, options: ServeOptions = {}): () => void {
  const send = (message: ResponseEnvelope | EventEnvelope) => transport.send(message);
  const batcher = createEventBatcher({ flushMs: options.batchMs ?? 50, send: (name, payload) => send({ type: 'event', name, payload }) });

  const stopMessages = transport.onMessage((raw) => {
    void handleRequest(raw).then(send);
  });
  const stopEvents = events.subscribe((name, payload) => batcher.push(name, payload));
  /** This client's runs still going (a reloaded page's sweep would otherwise keep every core busy, with no Cancel left to press). */
  const runs = new Map<string, number>();

  async function handleRequest(raw: unknown): Promise<ResponseEnvelope> {
    const envelope = requestEnvelopeSchema.safeParse(raw);
    if (!envelope.success) {
      const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'number' ? (raw as { id: number }).id : -1;
      return failure(id, new ApiError('bad_request', 'malformed request envelope', issuesFromZod(envelope.error)));
    }
    const { id, name, args } = envelope.data;
    if (!isCommandName(name)) return failure(id, new ApiError('unknown_command', `unknown command "${name}"`));
    const parsed = commands[name].request.safeParse(args ?? {});
    if (!parsed.success) return failure(id, new ApiError('bad_request', `invalid arguments for ${name}`, issuesFromZod(parsed.error)));
    const runId = RUN_COMMANDS.has(name) ? (parsed.data as { runId?: string }).runId : undefined;
    if (runId !== undefined) runs.set(runId, (runs.get(runId) ?? 0) + 1);
    try {
      const handler = handlers[name] as (a: unknown) => Promise<unknown>;
      const result = await handler(parsed.data);
      return { type: 'response', id, ok: true, result: commands[name].response.parse(result) };
    } catch (error) {
      if (error instanceof ApiError) return failure(id, error);
      options.onInternalError?.(error, name);
      return failure(id, new ApiError('internal', `${name} failed unexpectedly; see the log`));
    } finally {
      if (runId !== undefined) {
        // A second request under a running id is refused: the first still counts.
        const left = (runs.get(runId) ?? 1) - 1;
        if (left > 0) runs.set(runId, left);
        else runs.delete(runId);
      }
    }
  }

  return () => {
    for (const runId of runs.keys()) void handlers['backtest.cancel']({ runId }).catch(() => undefined);
    runs.clear();
    stopMessages();
    stopEvents();
    batcher.close();
  };
}

function failure(id: number, error: ApiError): ResponseEnvelope {
  return { type: 'response', id, ok: false, error: error.toShape() };
}
