/**
 * A transport moves structured-clonable messages both ways. Electron IPC, a WebSocket and an
 * in-memory pair all implement it, so the RPC layer above never knows which one it runs on.
 */
export interface MessageTransport {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): () => void;
}

/** Two connected in-memory ends, for tests and for hosting the core in-process. */
export function createInMemoryPair(): [MessageTransport, MessageTransport] {
  const listeners: [Set<(m: unknown) => void>, Set<(m: unknown) => void>] = [new Set(), new Set()];
  const end = (mine: 0 | 1): MessageTransport => ({
    send(message) {
      // Deliver asynchronously and as a copy, like a real channel would.
      const copy = structuredClone(message);
      queueMicrotask(() => listeners[mine === 0 ? 1 : 0].forEach((listener) => listener(copy)));
    },
    onMessage(listener) {
      listeners[mine].add(listener);
      return () => listeners[mine].delete(listener);
    },
  });
  return [end(0), end(1)];
}
