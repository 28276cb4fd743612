import { BrowserWindow, type BrowserWindowConstructorOptions, type Session, type WebContents } from 'electron';
import { contentSecurityPolicy } from '../core/shell/csp.js';
import { APP_ENTRY_URL, isAppUrl } from './app-origin.js';

/**
 * All BrowserWindow hardening lives here, as exported values and pure decisions, so tests can
 * assert exactly what ships without launching Electron.
 */

/** The renderer talks to the core over IPC only, so it may connect nowhere. */
export const RENDERER_CSP = contentSecurityPolicy("'none'");

/** Only desktop notifications (emergency-stop confirmations), and only for our own page. */
export const GRANTED_PERMISSIONS: readonly string[] = ['notifications'];

export interface MainWindowSettings {
  readonly preloadPath: string;
  /** False in packaged builds: no devtools for whoever finds the laptop unlocked. */
  readonly devTools: boolean;
  readonly iconPath?: string;
}

export function mainWindowOptions(settings: MainWindowSettings): BrowserWindowConstructorOptions {
  return {
    title: 'Halyard',
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#0b1220',
    ...(settings.iconPath ? { icon: settings.iconPath } : {}),
    webPreferences: {
      preload: settings.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      // Middle-click would otherwise try to open links in a new window (denied anyway).
      disableBlinkFeatures: 'Auxclick',
      devTools: settings.devTools,
    },
  };
}

/** Navigation may only stay on our own origin (a reload); anything else is refused. */
export function isNavigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

/** `window.open` and target=_blank never create a window. */
export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' };
}

export function isPermissionGranted(permission: string, requestingUrl: string): boolean {
  return GRANTED_PERMISSIONS.includes(permission) && isAppUrl(requestingUrl);
}

/** Remote requests the renderer's session cancels outright (defence in depth behind the CSP). */
export const BLOCKED_REMOTE_URLS = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*'];

/** Applies the navigation rules to any web contents (main window or anything created later). */
export function hardenWebContents(contents: WebContents, log: (line: string) => void): void {
  contents.setWindowOpenHandler(({ url }) => {
    log(`blocked window.open to ${url}`);
    return windowOpenDecision();
  });
  contents.on('will-navigate', (event) => {
    if (isNavigationAllowed(event.url)) return;
    event.preventDefault();
    log(`blocked navigation to ${event.url}`);
  });
  contents.on('will-frame-navigate', (event) => {
    if (isNavigationAllowed(event.url)) return;
    event.preventDefault();
    log(`blocked frame navigation to ${event.url}`);
  });
  contents.on('will-redirect', (event) => {
    if (isNavigationAllowed(event.url)) return;
    event.preventDefault();
    log(`blocked redirect to ${event.url}`);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('blocked a <webview>');
  });
}

/** Permission and network policy for the session the renderer runs in. */
export function hardenSession(session: Session, log: (line: string) => void): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const granted = isPermissionGranted(permission, details.requestingUrl);
    if (!granted) log(`denied permission "${permission}" to ${details.requestingUrl}`);
    callback(granted);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionGranted(permission, requestingOrigin));
  session.webRequest.onBeforeRequest({ urls: BLOCKED_REMOTE_URLS }, (details, callback) => {
    log(`blocked a remote request from the renderer to ${details.url}`);
    callback({ cancel: true });
  });
}

/**
 * Creates the main window and loads the app from our own scheme. Navigation rules are applied
 * by the `web-contents-created` hook in desktop.ts, which covers this window and any other
 * web contents, before the page starts loading.
 */
export function createMainWindow(settings: MainWindowSettings): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(settings));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
  return window;
}
