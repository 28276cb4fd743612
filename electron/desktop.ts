import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, globalShortcut, ipcMain, nativeImage, powerMonitor, protocol, session, type MessageBoxOptions } from 'electron';
import type { AppStatus } from '../core/api/contract/app.js';
import { Terminal, type TerminalDependencies } from '../core/app/terminal.js';
import { installProcessPolicy, type ProcessEvents } from '../core/shell/process-policy.js';
import { APP_SCHEME } from './app-origin.js';
import { APP_SCHEME_PRIVILEGES, createAppRequestHandler } from './app-protocol.js';
import { serveApiOverIpc } from './ipc.js';
import { liveOrderControlFromHandlers } from './live-orders.js';
import { createFileLog } from './log.js';
import { watchPower } from './power.js';
import { confirmQuit, installQuitGuard, quitDialog, type QuitPrompts } from './quit.js';
import { reconcileThroughApi } from './reconcile.js';
import { registerEmergencyStopShortcut } from './shortcuts.js';
import { acquireSingleInstance, focusWindow } from './single-instance.js';
import { StatusTray } from './tray.js';
import { createMainWindow, hardenSession, hardenWebContents } from './window.js';

export interface DesktopOptions {
  /** Wake-from-sleep reconciliation; defaults to the core's `risk.reconcile` command. */
  readonly reconcile?: (terminal: Terminal, trigger: 'resume') => Promise<void>;
  /** For tests: e.g. in-memory storage so the trader's keychain is never touched. */
  readonly terminalDependencies?: TerminalDependencies;
  /** Where uncaught errors are reported; the real `process` unless a test passes its own emitter. */
  readonly processEvents?: ProcessEvents;
}

/**
 * The Electron main process: hosts the core in-process and exposes it to one hardened window
 * over validated IPC. Everything here is wiring; decisions live in the modules it imports.
 */
export function runDesktopApp(options: DesktopOptions = {}): void {
  // Must happen before `ready`.
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  app.enableSandbox();

  let mainWindow: BrowserWindow | null = null;
  // Before anything opens the database: a second instance only brings the first one forward.
  if (!acquireSingleInstance(app, () => mainWindow)) {
    app.quit();
    return;
  }

  const dataDir = app.getPath('userData');
  // Chromium's caches go to a subfolder so the data directory holds only what a backup needs.
  app.setPath('sessionData', join(dataDir, 'chromium'));
  const logger = createFileLog(app.getPath('logs'));
  const log = logger.log;
  // A stray rejection is logged and trading goes on; an uncaught exception ends the app (see process-policy.ts).
  // The last line is appended synchronously: the log's stream would not get to write it before the exit.
  installProcessPolicy(options.processEvents ?? process, {
    log,
    logFatal: (line) => {
      const stamped = `${new Date().toISOString()} ${line}\n`;
      process.stderr.write(stamped);
      appendFileSync(logger.file, stamped);
    },
    exit: (code) => app.exit(code),
  });

  // Every web contents (the window and anything it might spawn) gets the navigation rules.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log));

  const start = async (): Promise<void> => {
    const appPath = app.getAppPath();
    hardenSession(session.defaultSession, log);
    protocol.handle(APP_SCHEME, createAppRequestHandler(join(appPath, 'dist', 'renderer')));

    const terminal = await Terminal.create({ dataDir }, options.terminalDependencies);
    const handlers = terminal.handlers;
    log(`Halyard started; data in ${dataDir}, log in ${logger.file}`);
    // Undone in reverse order when the app quits.
    const cleanups: (() => void)[] = [];

    // Every quit (menu, Cmd+Q, tray, last window) waits for the live-orders question and a clean shutdown.
    const orders = liveOrderControlFromHandlers(handlers, log);
    const quitGuard = installQuitGuard(app, {
      log,
      confirm: () => confirmQuit(orders, quitPrompts(() => mainWindow), log),
      shutdown: async () => {
        for (const cleanup of cleanups.splice(0).reverse()) cleanup();
        await terminal.close();
        log('Halyard stopped');
        logger.close();
      },
    });

    const emergencyStop = (source: 'shortcut' | 'tray') => {
      log(`Emergency Stop from the ${source}`);
      handlers['risk.emergencyStop']({ source }).catch((error: unknown) => log(`Emergency Stop failed: ${String(error)}`));
    };

    const openWindow = (): BrowserWindow => {
      const window = createMainWindow({
        preloadPath: join(appPath, 'dist', 'electron', 'preload.cjs'),
        devTools: !app.isPackaged,
        iconPath: join(appPath, 'assets', 'icons', '512x512.png'),
      });
      serveApiOverIpc(ipcMain, window.webContents, handlers, terminal.events, log);
      window.on('close', (event) => {
        if (quitGuard.isQuitting()) return;
        event.preventDefault();
        // macOS keeps apps running with no window; elsewhere closing the window means quitting.
        if (process.platform === 'darwin') window.hide();
        else app.quit();
      });
      window.on('closed', () => {
        if (mainWindow === window) mainWindow = null;
      });
      return window;
    };
    const showWindow = () => {
      mainWindow ??= openWindow();
      focusWindow(mainWindow);
    };

    const shortcut = registerEmergencyStopShortcut(globalShortcut, () => emergencyStop('shortcut'), log);
    cleanups.push(shortcut.release);

    const trayIcon = (halted: boolean) => {
      const name = process.platform === 'darwin' ? (halted ? 'trayHaltedTemplate.png' : 'trayTemplate.png') : halted ? 'tray-halted.png' : 'tray.png';
      return nativeImage.createFromPath(join(appPath, 'assets', 'tray', name));
    };
    const tray = new StatusTray(
      { normal: trayIcon(false), halted: trayIcon(true) },
      { emergencyStop: () => emergencyStop('tray'), showWindow, quit: () => app.quit() },
      terminal.status(),
    );
    cleanups.push(() => tray.destroy());
    cleanups.push(
      terminal.events.subscribe((name, payload) => {
        if (name === 'app.status') tray.update(payload as AppStatus);
      }),
    );

    const reconcile = options.reconcile ? (trigger: 'resume') => options.reconcile!(terminal, trigger) : reconcileThroughApi(handlers, log);
    cleanups.push(watchPower(powerMonitor, { onSuspend: () => undefined, reconcile, log }));

    app.on('activate', showWindow);
    app.on('window-all-closed', () => {
      // Quitting goes through the guard; on macOS the app stays in the dock and the tray.
      if (process.platform !== 'darwin') app.quit();
    });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const onSignal = () => app.quit();
      process.once(signal, onSignal);
      cleanups.push(() => process.removeListener(signal, onSignal));
    }

    mainWindow = openWindow();
  };

  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      log(`start-up failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
      dialog.showErrorBox('Halyard could not start', `${message}\n\nDetails are in ${logger.file}`);
      app.exit(1);
    });
}

/** The quit question and the failure question as native message boxes. */
function quitPrompts(currentWindow: () => BrowserWindow | null): QuitPrompts {
  const show = (box: MessageBoxOptions) => {
    const window = currentWindow();
    return window ? dialog.showMessageBox(window, box) : dialog.showMessageBox(box);
  };
  return {
    async askAboutOpenOrders(question) {
      const { choices, ...box } = quitDialog(question);
      const { response } = await show(box);
      return choices[response] ?? 'stay';
    },
    async askQuitAfterFailure(message) {
      const { response } = await show({
        type: 'error',
        title: 'Quit Halyard',
        message: 'Cancelling the open orders failed.',
        detail: `${message}\n\nOrders may still be open on the exchange.`,
        buttons: ['Quit anyway', "Don't quit"],
        defaultId: 1,
        cancelId: 1,
      });
      return response === 0;
    },
  };
}
