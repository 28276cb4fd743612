import { contextBridge, ipcRenderer } from 'electron';
import { RENDERER_GLOBAL } from './channels.js';
import { createPreloadTransport } from './preload-transport.js';

// Sandboxed preload (bundled to dist/electron/preload.cjs): exposes `window.halyard`, the
// contract's MessageTransport, and nothing else. The renderer's api/transport.ts picks it up.
contextBridge.exposeInMainWorld(RENDERER_GLOBAL, createPreloadTransport(ipcRenderer));
