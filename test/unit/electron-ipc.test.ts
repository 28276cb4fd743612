import { EventEmitter } from 'node:events';
import type { IpcRendererEvent } from 'electron';
import type { IpcRendererLike } from '../../electron/preload-transport.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../core/api/errors.js';
import { createApiClient } from '../../core/api/client.js';
import { TerminalStorage } from '../../core/app/storage.js';
import { Terminal } from '../../core/app/terminal.js';
import { electronModuleStub } from '../helpers/electron-stub.js';

vi.mock('electron', () => electronModuleStub());

const { APP_ENTRY_URL } = await import('../../electron/app-origin.js');
const { ALLOWED_CHANNELS, API_CHANNEL, RENDERER_GLOBAL } = await import('../../electron/channels.js');
const { ipcRejection, isTrustedSenderFrame, serveApiOverIpc } = await import('../../electron/ipc.js');
const { createPreloadTransport } = await import('../../electron/preload-transport.js');

const topFrame = (url: string) => ({ url, parent: null });
const subFrame = (url: string) => ({ url, parent: topFrame(APP_ENTRY_URL) });

describe('IPC sender validation', () => {
  it('accepts the top frame of our own page', () => {
    expect(isTrustedSenderFrame(topFrame(APP_ENTRY_URL))).toBe(true);
    expect(isTrustedSenderFrame(topFrame('halyard://app/index.html#/risk'))).toBe(true);
    expect(ipcRejection(API_CHANNEL, { sender: { id: 7 }, senderFrame: topFrame(APP_ENTRY_URL) }, 7)).toBeNull();
  });

  it('refuses foreign origins, look-alikes and files outside the app', () => {
    for (const url of [
      'https://evil.example/',
      'http://127.0.0.1:5173/',
      'file:///home/trader/evil.html',
      'file:///opt/Halyard/resources/app.asar/dist/renderer/index.html',
      'halyard://app.evil.example/',
      'halyard://evil@app/',
      'halyard-app://app/',
      'data:text/html,<script>1</script>',
      'about:blank',
      '',
    ]) {
      expect(isTrustedSenderFrame(topFrame(url)), url).toBe(false);
      expect(ipcRejection(API_CHANNEL, { sender: { id: 1 }, senderFrame: topFrame(url) }, 1), url).toMatch(/foreign origin/);
    }
  });

  it('refuses sub-frames even when they show our own origin', () => {
    expect(isTrustedSenderFrame(subFrame(APP_ENTRY_URL))).toBe(false);
    expect(ipcRejection(API_CHANNEL, { sender: { id: 1 }, senderFrame: subFrame(APP_ENTRY_URL) }, 1)).toMatch(/sub-frame/);
  });

  it('refuses a frame that is gone, another web contents, and unknown channels', () => {
    expect(isTrustedSenderFrame(null)).toBe(false);
    expect(ipcRejection(API_CHANNEL, { sender: { id: 1 }, senderFrame: null }, 1)).toMatch(/gone/);
    expect(ipcRejection(API_CHANNEL, { sender: { id: 2 }, senderFrame: topFrame(APP_ENTRY_URL) }, 1)).toMatch(/another web contents/);
    expect(ipcRejection('halyard:shell', { sender: { id: 1 }, senderFrame: topFrame(APP_ENTRY_URL) }, 1)).toMatch(/unknown channel/);
    expect(ALLOWED_CHANNELS).toEqual([API_CHANNEL]);
  });
});

/**
 * A stand-in for Electron's IPC: the renderer side (ipcRenderer) and main side (ipcMain +
 * webContents) of one window, with a frame URL we control. Messages are structured-cloned
 * like real IPC.
 */
function fakeIpc(frame: { url: string; parent: unknown }, webContentsId = 1) {
  const ipcMain = new EventEmitter();
  const toRenderer = new EventEmitter();
  const renderer = {
    id: webContentsId,
    destroyed: false,
    events: new EventEmitter(),
    send(channel: string, message: unknown) {
      setImmediate(() => toRenderer.emit(channel, { sender: 'main' }, structuredClone(message)));
    },
    isDestroyed() {
      return this.destroyed;
    },
    once(event: 'destroyed', listener: () => void) {
      this.events.once(event, listener);
    },
  };
  const ipcRenderer: IpcRendererLike = {
    send(channel: string, message: unknown) {
      const event = { sender: { id: webContentsId }, senderFrame: frame };
      setImmediate(() => ipcMain.emit(channel, event, structuredClone(message)));
    },
    on(channel: string, listener: (event: IpcRendererEvent, message: unknown) => void) {
      toRenderer.on(channel, listener);
    },
    removeListener(channel: string, listener: (event: IpcRendererEvent, message: unknown) => void) {
      toRenderer.removeListener(channel, listener);
    },
  };
  return { ipcMain, renderer, ipcRenderer, toRenderer };
}

describe('the API over IPC (preload ↔ main), served by the same core handlers', () => {
  let dataDir: string;
  let terminal: Terminal;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'halyard-ipc-'));
    // In-memory storage: a unit test never touches the trader's keychain or disk.
    terminal = await Terminal.create({ dataDir, tickMs: 5_000 }, { storage: TerminalStorage.inMemory() });
  });
  afterAll(async () => {
    await terminal.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers the renderer client and halts on Emergency Stop', async () => {
    const ipc = fakeIpc(topFrame(APP_ENTRY_URL));
    const log: string[] = [];
    const stop = serveApiOverIpc(ipc.ipcMain as never, ipc.renderer, terminal.handlers, terminal.events, (line) => log.push(line));
    const client = createApiClient(createPreloadTransport(ipc.ipcRenderer), { timeoutMs: 5_000 });

    const status = await client.call('app.status', {});
    expect(status.mode.kind).toBe('paper');
    expect(status.halt.halted).toBe(false);

    const pushed = new Promise<boolean>((resolve) => client.on('app.status', (next) => resolve(next.halt.halted)));
    const halt = await client.call('risk.emergencyStop', { source: 'button' });
    expect(halt).toMatchObject({ halted: true, source: 'button' });
    expect(await pushed).toBe(true);
    expect(terminal.status().halt.halted).toBe(true);
    await client.call('risk.rearm', { confirm: true });

    await expect(client.call('risk.rearm', { confirm: false as true })).rejects.toMatchObject({ code: 'bad_request' });
    expect(log).toEqual([]);
    client.dispose();
    stop();
  });

  it('never serves a foreign page, a sub-frame or another window, and says why in the log', async () => {
    for (const [frame, id, reason] of [
      [topFrame('https://evil.example/'), 1, /foreign origin/],
      [subFrame(APP_ENTRY_URL), 1, /sub-frame/],
      [topFrame(APP_ENTRY_URL), 2, /another web contents/],
    ] as const) {
      const ipc = fakeIpc(frame, id);
      const log: string[] = [];
      const served = { ...ipc.renderer, id: 1 };
      const stop = serveApiOverIpc(ipc.ipcMain as never, served, terminal.handlers, terminal.events, (line) => log.push(line));
      const client = createApiClient(createPreloadTransport(ipc.ipcRenderer), { timeoutMs: 200 });
      const haltedBefore = terminal.status().halt.halted;
      await expect(client.call('risk.emergencyStop', { source: 'button' })).rejects.toBeInstanceOf(ApiError);
      expect(terminal.status().halt.halted).toBe(haltedBefore);
      expect(log.join('\n')).toMatch(reason);
      client.dispose();
      stop();
    }
  });

  it('stops serving when the window is destroyed', async () => {
    const ipc = fakeIpc(topFrame(APP_ENTRY_URL));
    serveApiOverIpc(ipc.ipcMain as never, ipc.renderer, terminal.handlers, terminal.events, () => undefined);
    expect(ipc.ipcMain.listenerCount(API_CHANNEL)).toBe(1);
    ipc.renderer.destroyed = true;
    ipc.renderer.events.emit('destroyed');
    expect(ipc.ipcMain.listenerCount(API_CHANNEL)).toBe(0);
  });
});

describe('preload', () => {
  it('exposes exactly window.halyard = { send, onMessage } and never the IPC event', async () => {
    const exposed = new Map<string, unknown>();
    const ipcRenderer = new EventEmitter() as EventEmitter & { send: ReturnType<typeof vi.fn> };
    ipcRenderer.send = vi.fn();
    vi.resetModules();
    vi.doMock('electron', () => ({ contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) }, ipcRenderer }));
    await import('../../electron/preload.js');
    vi.doUnmock('electron');

    expect([...exposed.keys()]).toEqual([RENDERER_GLOBAL]);
    const api = exposed.get('halyard') as { send: (m: unknown) => void; onMessage: (l: (m: unknown) => void) => () => void };
    expect(Object.keys(api).sort()).toEqual(['onMessage', 'send']);

    api.send({ type: 'request', id: 1, name: 'app.status', args: {} });
    expect(ipcRenderer.send).toHaveBeenCalledWith(API_CHANNEL, { type: 'request', id: 1, name: 'app.status', args: {} });

    const received: unknown[][] = [];
    const unsubscribe = api.onMessage((...args: unknown[]) => received.push(args));
    ipcRenderer.emit(API_CHANNEL, { sender: ipcRenderer }, { type: 'event', name: 'app.status', payload: {} });
    ipcRenderer.emit('some-other-channel', { sender: ipcRenderer }, 'not for the page');
    expect(received).toEqual([[{ type: 'event', name: 'app.status', payload: {} }]]);
    unsubscribe();
    ipcRenderer.emit(API_CHANNEL, { sender: ipcRenderer }, 'after unsubscribe');
    expect(received).toHaveLength(1);
    expect(() => api.onMessage('not a function' as never)).toThrow(TypeError);
  });
});
