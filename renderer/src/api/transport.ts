import type { MessageTransport } from '../../../core/api/transport';
import { adoptEarlySocket, apiSocketUrl, isEarlyAnswer } from './early-socket';

declare global {
  interface Window {
    /** Set by the Electron preload: the only thing the renderer gets from the desktop host. */
    halyard?: MessageTransport;
  }
}

/** `stale`: the host refuses this tab's token — it belongs to an earlier run; reconnecting cannot help. */
export type ConnectionListener = (state: 'open' | 'closed' | 'stale') => void;

/** Asks the web host whether this tab's token is its current one: true, false, or null when the host is not answering. */
async function tokenIsCurrent(token: string): Promise<boolean | null> {
  try {
    const response = await fetch(`/api/session?token=${encodeURIComponent(token)}`, { cache: 'no-store' });
    return response.status === 401 ? false : response.ok ? true : null;
  } catch {
    return null;
  }
}

/**
 * Picks the host's transport: Electron IPC when the preload provided one, otherwise the
 * WebSocket of `npm run serve` (the token comes from the page URL the host printed).
 * The WebSocket reconnects by itself; listeners survive reconnects.
 */
export function connectTransport(onConnection: ConnectionListener): MessageTransport {
  if (window.halyard) {
    onConnection('open');
    return window.halyard;
  }
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const url = apiSocketUrl();
  const listeners = new Set<(message: unknown) => void>();
  const queue: string[] = [];
  let socket: WebSocket;
  let retryMs = 500;
  // The web host writes a tick's events (candles, rows, book, status) as one message, a JSON array
  // (core/host/socket-frames.ts); they are delivered together as it arrives, so the stores, the in-place
  // painters and the chart change in one task and the next frame lays out and paints the desk once, with
  // the chart's own redraw (lightweight-charts asks for that frame when its series change).
  const deliver = (messages: readonly unknown[]) => {
    for (const message of messages) {
      // A failing listener must not keep the rest of the tick from the others: reported, as its own task's error was.
      listeners.forEach((listener) => {
        try {
          listener(message);
        } catch (error) {
          reportError(error);
        }
      });
    }
  };
  const receive = (parsed: unknown) => deliver(Array.isArray(parsed) ? parsed : [parsed]);

  const opened = () => {
    retryMs = 500;
    onConnection('open');
    for (const message of queue.splice(0)) socket.send(message);
  };
  const open = () => {
    // The first time, the socket the page's first script opened (early-socket.ts), with what came on it so far.
    const early = adoptEarlySocket(url);
    socket = early?.socket ?? new WebSocket(url);
    socket.onopen = opened;
    socket.onmessage = (event: MessageEvent<string>) => {
      if (isEarlyAnswer(event.data)) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(event.data);
      } catch {
        return;
      }
      receive(parsed);
    };
    socket.onclose = () => {
      onConnection('closed');
      // A host that answers but refuses the token was restarted (a new token per run): say so, stop retrying.
      void tokenIsCurrent(token).then((current) => {
        if (current === false) {
          onConnection('stale');
          return;
        }
        setTimeout(open, retryMs);
        retryMs = Math.min(retryMs * 2, 10_000);
      });
    };
    if (!early) return;
    for (const message of early.received) receive(message);
    if (socket.readyState === WebSocket.OPEN) opened();
  };
  open();

  return {
    send(message) {
      const text = JSON.stringify(message);
      if (socket.readyState === WebSocket.OPEN) socket.send(text);
      else queue.push(text);
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
