import type { IpcRendererEvent } from 'electron';
import type { MessageTransport } from '../core/api/transport.js';
import { API_CHANNEL } from './channels.js';

/** The slice of `ipcRenderer` the preload uses. */
export interface IpcRendererLike {
  send(channel: string, message: unknown): void;
  on(channel: string, listener: (event: IpcRendererEvent, message: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: IpcRendererEvent, message: unknown) => void): unknown;
}

/**
 * The whole surface the page gets: the contract's transport and nothing else. The channel is
 * fixed here, and the IPC event object (which carries `sender`, i.e. ipcRenderer) never reaches
 * the page — only the message does.
 */
export function createPreloadTransport(ipc: IpcRendererLike): MessageTransport {
  return {
    send(message: unknown): void {
      ipc.send(API_CHANNEL, message);
    },
    onMessage(listener: (message: unknown) => void): () => void {
      if (typeof listener !== 'function') throw new TypeError('onMessage needs a function');
      const forward = (_event: IpcRendererEvent, message: unknown) => listener(message);
      ipc.on(API_CHANNEL, forward);
      return () => {
        ipc.removeListener(API_CHANNEL, forward);
      };
    },
  } satisfies MessageTransport;
}
