import { ApiError } from './errors.js';
import { serverMessageSchema } from './envelope.js';
import { isEventName, type CommandArgs, type CommandName, type CommandResult, type EventName, type EventPayload } from './contract/index.js';
import type { MessageTransport } from './transport.js';

/** What the renderer (and scripts, and tests) talk to. The same object on every transport. */
export interface ApiClient {
  call<K extends CommandName>(name: K, args: CommandArgs<K>): Promise<CommandResult<K>>;
  on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void;
}

export function createApiClient(transport: MessageTransport, options: { timeoutMs?: number } = {}): ApiClient & { dispose(): void } {
  const timeoutMs = options.timeoutMs ?? 60_000;
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: ReturnType<typeof setTimeout> }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  const stop = transport.onMessage((raw) => {
    const message = serverMessageSchema.safeParse(raw);
    if (!message.success) return; // not ours; a well-behaved server never sends this
    const data = message.data;
    if (data.type === 'event') {
      if (isEventName(data.name)) listeners.get(data.name)?.forEach((listener) => listener(data.payload));
      return;
    }
    const entry = pending.get(data.id);
    if (!entry) return;
    pending.delete(data.id);
    clearTimeout(entry.timer);
    if (data.ok) entry.resolve(data.result);
    else entry.reject(new ApiError(data.error.code, data.error.message, data.error.issues));
  });

  return {
    call(name, args) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new ApiError('unavailable', `${name} timed out after ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
        transport.send({ type: 'request', id, name, args });
      });
    },
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    dispose() {
      stop();
      for (const entry of pending.values()) {
        clearTimeout(entry.timer);
        entry.reject(new ApiError('unavailable', 'connection closed'));
      }
      pending.clear();
    },
  };
}
