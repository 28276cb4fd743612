import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { electronModuleStub } from '../helpers/electron-stub.js';

vi.mock('electron', () => electronModuleStub());

const { APP_ENTRY_URL, APP_ORIGIN } = await import('../../electron/app-origin.js');
const { contentSecurityPolicy } = await import('../../core/shell/csp.js');
const { BLOCKED_REMOTE_URLS, RENDERER_CSP, hardenSession, hardenWebContents, isNavigationAllowed, isPermissionGranted, mainWindowOptions, windowOpenDecision } = await import(
  '../../electron/window.js'
);

function cspDirectives(csp: string): Map<string, string> {
  return new Map(csp.split(';').map((part) => part.trim().split(/\s+(.*)/s).slice(0, 2) as [string, string]));
}

describe('BrowserWindow options', () => {
  const options = mainWindowOptions({ preloadPath: '/app/dist/electron/preload.cjs', devTools: false });
  const prefs = options.webPreferences ?? {};

  it('isolates the page from Node and Electron', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webviewTag).toBe(false);
  });

  it('keeps web security on', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
  });

  it('loads only our preload and has no devtools in a production build', () => {
    expect(prefs.preload).toBe('/app/dist/electron/preload.cjs');
    expect(prefs.devTools).toBe(false);
    expect(mainWindowOptions({ preloadPath: 'p', devTools: true }).webPreferences?.devTools).toBe(true);
  });

  it('sets no option that would weaken the sandbox', () => {
    const weakening = ['enableBlinkFeatures', 'enableRemoteModule', 'additionalArguments', 'partition', 'preloadURL'];
    for (const key of weakening) expect(prefs).not.toHaveProperty(key);
    expect(prefs.disableBlinkFeatures).toBe('Auxclick');
  });
});

describe('Content-Security-Policy', () => {
  const directives = cspDirectives(RENDERER_CSP);

  it('is the shared policy with no network access at all', () => {
    expect(RENDERER_CSP).toBe(contentSecurityPolicy("'none'"));
    expect(directives.get('connect-src')).toBe("'none'");
  });

  it('allows only our own scripts and styles, never inline or eval', () => {
    expect(directives.get('default-src')).toBe("'none'");
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('style-src')).toBe("'self'");
    expect(RENDERER_CSP).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:/);
    expect(directives.get('frame-ancestors')).toBe("'none'");
    expect(directives.get('base-uri')).toBe("'none'");
    expect(directives.get('form-action')).toBe("'none'");
  });
});

describe('navigation and new windows', () => {
  it('stays on the app origin and refuses everything else', () => {
    expect(isNavigationAllowed(APP_ENTRY_URL)).toBe(true);
    for (const url of [
      'https://evil.example/',
      'http://127.0.0.1:8080/',
      'file:///etc/passwd',
      `https://app.example/?next=${APP_ORIGIN}`,
      'halyard://app.evil.example/index.html',
      'halyard://evil@app/index.html',
      'halyard://app:8080/index.html',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isNavigationAllowed(url), url).toBe(false);
    }
  });

  it('denies window.open', () => {
    expect(windowOpenDecision()).toEqual({ action: 'deny' });
  });

  it('wires the rules into every web contents', () => {
    const contents = new EventEmitter() as EventEmitter & { setWindowOpenHandler: (h: (d: { url: string }) => unknown) => void; openHandler?: (d: { url: string }) => unknown };
    contents.setWindowOpenHandler = (handler) => {
      contents.openHandler = handler;
    };
    const log: string[] = [];
    hardenWebContents(contents as never, (line) => log.push(line));

    expect(contents.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    for (const eventName of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      const foreign = { url: 'https://evil.example/', preventDefault: vi.fn() };
      contents.emit(eventName, foreign);
      expect(foreign.preventDefault, eventName).toHaveBeenCalled();
      const ours = { url: APP_ENTRY_URL, preventDefault: vi.fn() };
      contents.emit(eventName, ours);
      expect(ours.preventDefault, eventName).not.toHaveBeenCalled();
    }
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(log.some((line) => line.includes('https://evil.example/'))).toBe(true);
  });
});

describe('permissions', () => {
  it('grants only notifications, and only to our page', () => {
    expect(isPermissionGranted('notifications', APP_ENTRY_URL)).toBe(true);
    expect(isPermissionGranted('notifications', APP_ORIGIN)).toBe(true);
    expect(isPermissionGranted('notifications', 'https://evil.example/')).toBe(false);
    for (const permission of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'fileSystem', 'display-capture', 'unknown']) {
      expect(isPermissionGranted(permission, APP_ENTRY_URL), permission).toBe(false);
    }
  });

  it('installs the same rule as request and check handler, and blocks remote requests', () => {
    type RequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl: string }) => void;
    type CheckHandler = (contents: unknown, permission: string, origin: string) => boolean;
    let request: RequestHandler | undefined;
    let check: CheckHandler | undefined;
    let blocked: { urls: string[] } | undefined;
    let onRequest: ((details: { url: string }, callback: (response: { cancel: boolean }) => void) => void) | undefined;
    const session = {
      setPermissionRequestHandler: (handler: RequestHandler) => (request = handler),
      setPermissionCheckHandler: (handler: CheckHandler) => (check = handler),
      webRequest: {
        onBeforeRequest: (filter: { urls: string[] }, handler: typeof onRequest) => {
          blocked = filter;
          onRequest = handler;
        },
      },
    };
    hardenSession(session as never, () => undefined);

    const answers: boolean[] = [];
    request?.(null, 'notifications', (granted) => answers.push(granted), { requestingUrl: APP_ENTRY_URL });
    request?.(null, 'media', (granted) => answers.push(granted), { requestingUrl: APP_ENTRY_URL });
    request?.(null, 'notifications', (granted) => answers.push(granted), { requestingUrl: 'https://evil.example/' });
    expect(answers).toEqual([true, false, false]);
    expect(check?.(null, 'notifications', APP_ORIGIN)).toBe(true);
    expect(check?.(null, 'geolocation', APP_ORIGIN)).toBe(false);

    expect(blocked?.urls).toEqual(BLOCKED_REMOTE_URLS);
    expect(BLOCKED_REMOTE_URLS).toEqual(expect.arrayContaining(['https://*/*', 'http://*/*', 'wss://*/*', 'ws://*/*']));
    let response: { cancel: boolean } | undefined;
    onRequest?.({ url: 'https://cdn.example/x.js' }, (r) => (response = r));
    expect(response).toEqual({ cancel: true });
  });
});
