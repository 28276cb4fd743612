import type { Handlers } from '../core/api/contract/index.js';
import { serveApi, type EventSource } from '../core/api/server.js';
import type { MessageTransport } from '../core/api/transport.js';
import { isAppUrl } from './app-origin.js';
import { ALLOWED_CHANNELS, API_CHANNEL } from './channels.js';

/** What we read from `event.senderFrame`; Electron's WebFrameMain satisfies it. */
export interface SenderFrameLike {
  readonly url: string;
  readonly parent: unknown;
}

/** What we read from an IPC event; Electron's IpcMainEvent satisfies it. */
export interface IpcEventLike {
  readonly sender: { readonly id: number };
  readonly senderFrame: SenderFrameLike | null;
}

/** The slice of `ipcMain` the wiring uses. */
export interface IpcMainLike {
  on(channel: string, listener: (event: IpcEventLike, message: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: IpcEventLike, message: unknown) => void): unknown;
}

/** The slice of a window's `webContents` the wiring uses. */
export interface RendererLike {
  readonly id: number;
  send(channel: string, message: unknown): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

/**
 * A frame may talk to the core only if it is a top-level frame showing our own origin. A frame
 * that navigated away (null), an iframe, or a page from anywhere else is refused.
 */
export function isTrustedSenderFrame(frame: SenderFrameLike | null | undefined): boolean {
  if (!frame) return false;
  if (frame.parent !== null) return false;
  return isAppUrl(frame.url);
}

/** Why a message is refused, or null when it is accepted. Checked on every single message. */
export function ipcRejection(channel: string, event: IpcEventLike, rendererId: number): string | null {
  if (!ALLOWED_CHANNELS.includes(channel)) return `unknown channel "${channel}"`;
  if (event.sender.id !== rendererId) return `message from another web contents (#${event.sender.id})`;
  if (!event.senderFrame) return 'sender frame is gone (navigated or destroyed)';
  if (event.senderFrame.parent !== null) return `message from a sub-frame (${describeUrl(event.senderFrame.url)})`;
  if (!isTrustedSenderFrame(event.senderFrame)) return `message from a foreign origin (${describeUrl(event.senderFrame.url)})`;
  return null;
}

/**
 * A `MessageTransport` over one window's IPC channel: inbound messages pass `ipcRejection`
 * first; outbound ones go only to that window and are dropped once it is gone.
 */
export function createIpcTransport(ipc: IpcMainLike, renderer: RendererLike, onReject: (reason: string) => void): MessageTransport {
  return {
    send(message) {
      if (!renderer.isDestroyed()) renderer.send(API_CHANNEL, message);
    },
    onMessage(listener) {
      const handler = (event: IpcEventLike, message: unknown) => {
        const reason = ipcRejection(API_CHANNEL, event, renderer.id);
        if (reason !== null) {
          onReject(reason);
          return;
        }
        listener(message);
      };
      ipc.on(API_CHANNEL, handler);
      return () => {
        ipc.removeListener(API_CHANNEL, handler);
      };
    },
  };
}

/** Serves the same core handlers as the web host, over IPC, until the window is destroyed. */
export function serveApiOverIpc(
  ipc: IpcMainLike,
  renderer: RendererLike,
  handlers: Handlers,
  events: EventSource,
  log: (line: string) => void,
): () => void {
  const transport = createIpcTransport(ipc, renderer, (reason) => log(`refused IPC: ${reason}`));
  const stop = serveApi(transport, handlers, events, {
    batchMs: 50,
    onInternalError: (error, command) => log(`internal error in ${command}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  });
  let stopped = false;
  const stopOnce = () => {
    if (stopped) return;
    stopped = true;
    stop();
  };
  renderer.once('destroyed', stopOnce);
  return stopOnce;
}

function describeUrl(url: string): string {
  return url.length > 200 ? `${url.slice(0, 200)}…` : url;
}
