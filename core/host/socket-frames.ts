/**
 * What the web host writes on a page's WebSocket. The core's event batcher hands a tick's events over
 * back to back (candles, status, watchlist rows, positions, book); written as one WebSocket message (a
 * JSON array of envelopes), they reach the page together — as separate messages they arrived spread over
 * up to ~15 ms, often on either side of a frame, and the page laid out and painted the desk twice for one
 * tick. A response goes on its own, as a single envelope, after the events queued before it (the page's
 * first script recognises the early history's answer by its first characters: early-socket.ts). Only a
 * client that asked for it (the renderer's transport, `batch=1` in the socket's address) gets arrays;
 * any other client gets one envelope per message, as before.
 */
export interface SocketFrames {
  send(message: unknown): void;
  /** Drops what is queued (the socket closed). */
  close(): void;
}

const isResponse = (message: unknown) => (message as { type?: unknown } | null)?.type === 'response';

export function createSocketFrames(write: (text: string) => void, batched: boolean, defer: (flush: () => void) => void = queueMicrotask): SocketFrames {
  let queued: string[] = [];
  let open = true;
  const flush = () => {
    if (queued.length === 0) return;
    const texts = queued;
    queued = [];
    write(texts.length === 1 ? texts[0]! : `[${texts.join(',')}]`);
  };
  return {
    send(message) {
      if (!open) return;
      if (!batched || isResponse(message)) {
        flush();
        write(JSON.stringify(message));
        return;
      }
      // Events handed over in one turn leave together at its end.
      if (queued.push(JSON.stringify(message)) === 1) defer(() => open && flush());
    },
    close() {
      open = false;
      queued = [];
    },
  };
}
