import { EventEmitter } from 'node:events';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TerminalStorage } from '../../core/app/storage.js';
import { createFakeElectron } from '../helpers/fake-electron.js';

const root = await mkdtemp(join(tmpdir(), 'halyard-desktop-'));
const paths = { userData: join(root, 'userData'), logs: join(root, 'logs'), appPath: join(root, 'app') };
const fake = createFakeElectron(paths, true);
vi.mock('electron', () => fake.module);

const { runDesktopApp } = await import('../../electron/desktop.js');

type Envelope = { type: string; id?: number; ok?: boolean; result?: Record<string, unknown>; name?: string; payload?: unknown };

/** Sends one API request as the window's top frame would and waits for its response. */
async function request(name: string, args: unknown, frameUrl = 'halyard://app/index.html'): Promise<Envelope | undefined> {
  const window = fake.windows[0]!;
  const id = Math.floor(Math.random() * 1e9);
  fake.ipcMain.emit('halyard:api', { sender: { id: window.webContents.id }, senderFrame: { url: frameUrl, parent: null } }, { type: 'request', id, name, args });
  await new Promise((resolve) => setTimeout(resolve, 20));
  return window.webContents.sent.map((s) => s.message as Envelope).find((m) => m.type === 'response' && m.id === id);
}

describe('the Electron main process, wired end to end (Electron stand-in)', () => {
  const reconcile = vi.fn(async () => undefined);
  const processEvents = new EventEmitter();
  const signalListeners = { SIGINT: process.listenerCount('SIGINT'), SIGTERM: process.listenerCount('SIGTERM') };

  beforeAll(async () => {
    await mkdir(join(paths.appPath, 'dist', 'renderer'), { recursive: true });
    await writeFile(join(paths.appPath, 'dist', 'renderer', 'index.html'), '<!doctype html><title>Halyard</title>');
    runDesktopApp({ reconcile, terminalDependencies: { storage: TerminalStorage.inMemory() }, processEvents });
    fake.ready();
    await vi.waitFor(() => expect(fake.windows).toHaveLength(1), { timeout: 10_000 });
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('hardens the process before anything is shown', () => {
    expect(fake.calls[0]).toMatch(/^registerSchemesAsPrivileged .*"scheme":"halyard".*"standard":true.*"secure":true/);
    expect(fake.calls).toContain('enableSandbox');
    expect(fake.calls).toContain('requestSingleInstanceLock');
    expect(fake.calls).toContain(`setPath sessionData ${join(paths.userData, 'chromium')}`);
    expect(fake.calls).toEqual(expect.arrayContaining(['setPermissionRequestHandler', 'setPermissionCheckHandler', 'webRequest.onBeforeRequest']));
  });

  it('opens one hardened window on the app origin, without devtools when packaged', async () => {
    const [window] = fake.windows;
    const prefs = window!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, devTools: false });
    expect(prefs.preload).toBe(join(paths.appPath, 'dist', 'electron', 'preload.cjs'));
    expect(window!.loadedUrl).toBe('halyard://app/index.html');
    expect(window!.webContents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    const navigation = { url: 'https://evil.example/', preventDefault: vi.fn() };
    window!.webContents.emit('will-navigate', navigation);
    expect(navigation.preventDefault).toHaveBeenCalled();

    const page = await fake.protocolHandlers.get('halyard')!(new Request('halyard://app/index.html'));
    expect(await page.text()).toContain('<title>Halyard</title>');
    expect(page.headers.get('content-security-policy')).toMatch(/connect-src 'none'/);
  });

  it('serves the core API to the window and ignores a foreign frame', async () => {
    const status = await request('app.status', {});
    expect(status).toMatchObject({ ok: true, result: { mode: { kind: 'paper' }, halt: { halted: false } } });
    expect(await request('app.status', {}, 'https://evil.example/')).toBeUndefined();
  });

  it('the global shortcut halts trading, and the tray shows it', async () => {
    const tray = fake.trays[0]!;
    expect(tray.menu?.template.map((item) => item.label)).toContain('Emergency Stop');
    expect(tray.image).toEqual({ path: join(paths.appPath, 'assets', 'tray', process.platform === 'darwin' ? 'trayTemplate.png' : 'tray.png') });

    fake.shortcuts.get('CommandOrControl+Shift+X')!();
    await vi.waitFor(() => expect(tray.tooltip).toMatch(/HALTED/));
    expect(tray.image).toEqual({ path: join(paths.appPath, 'assets', 'tray', process.platform === 'darwin' ? 'trayHaltedTemplate.png' : 'tray-halted.png') });
    expect(await request('app.status', {})).toMatchObject({ result: { halt: { halted: true, source: 'shortcut' } } });
    await request('risk.rearm', { confirm: true });

    tray.menu!.template.find((item) => item.label === 'Emergency Stop')!.click!();
    await vi.waitFor(async () => expect(await request('app.status', {})).toMatchObject({ result: { halt: { halted: true, source: 'tray' } } }));
  });

  it('reconciles after the machine wakes', () => {
    fake.powerMonitor.emit('suspend');
    fake.powerMonitor.emit('resume');
    expect(reconcile).toHaveBeenCalledWith(expect.anything(), 'resume');
  });

  it('logs a stray promise rejection and keeps running; an uncaught exception is logged and ends the app with code 1', async () => {
    processEvents.emit('unhandledRejection', new Error('lost request to https://api.example/order?signature=abc123'));
    expect(fake.module.app.exitCode).toBeNull();
    expect((await request('app.status', {}))?.ok).toBe(true);
    processEvents.emit('uncaughtException', new TypeError('boom in a listener'), 'uncaughtException');
    expect(fake.module.app.exitCode).toBe(1);
    fake.module.app.exitCode = null; // the stand-in does not really exit
    const log = await readFile(join(paths.logs, 'main.log'), 'utf8');
    expect(log).toMatch(/uncaught exception; Halyard stops now .*TypeError: boom in a listener/);
    await vi.waitFor(async () => expect(await readFile(join(paths.logs, 'main.log'), 'utf8')).toMatch(/unhandled promise rejection \(Halyard keeps running\): Error: lost request .*signature=\[redacted\]/));
    expect(await readFile(join(paths.logs, 'main.log'), 'utf8')).not.toContain('abc123');
  });

  it('quits cleanly: no live orders in paper, so no question; everything released', async () => {
    fake.module.app.quit();
    await vi.waitFor(() => expect(fake.calls).toContain('quit'));
    expect(fake.shortcuts.size).toBe(0);
    expect(fake.trays[0]!.destroyed).toBe(true);
    expect(fake.powerMonitor.listenerCount('resume')).toBe(0);
    expect(process.listenerCount('SIGINT')).toBe(signalListeners.SIGINT);
    expect(process.listenerCount('SIGTERM')).toBe(signalListeners.SIGTERM);
  });
});
