import { EventEmitter } from 'node:events';

/**
 * A stand-in for the parts of Electron the main process touches, recording what it was asked
 * to do. It lets the desktop wiring run under plain Node (the Electron binary cannot be
 * downloaded here); the code under test is ours, not Electron.
 */
export function createFakeElectron(paths: { userData: string; logs: string; appPath: string }, isPackaged: boolean) {
  const calls: string[] = [];
  const windows: FakeWindow[] = [];
  const trays: FakeTray[] = [];
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  const shortcuts = new Map<string, () => void>();
  const ipcMain = new EventEmitter();
  const powerMonitor = new EventEmitter();
  const appEvents = new EventEmitter();
  let ready!: () => void;
  const whenReady = new Promise<void>((resolve) => (ready = resolve));
  let nextWebContentsId = 1;

  class FakeWebContents extends EventEmitter {
    readonly id = nextWebContentsId++;
    readonly sent: { channel: string; message: unknown }[] = [];
    windowOpenHandler: ((details: { url: string }) => unknown) | null = null;
    destroyed = false;
    send(channel: string, message: unknown) {
      this.sent.push({ channel, message: structuredClone(message) });
    }
    isDestroyed() {
      return this.destroyed;
    }
    setWindowOpenHandler(handler: (details: { url: string }) => unknown) {
      this.windowOpenHandler = handler;
    }
  }

  class FakeWindow extends EventEmitter {
    readonly webContents = new FakeWebContents();
    loadedUrl: string | null = null;
    visible = false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
      appEvents.emit('web-contents-created', {}, this.webContents);
    }
    loadURL(url: string) {
      this.loadedUrl = url;
      return Promise.resolve();
    }
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return false;
    }
    restore() {}
    show() {
      this.visible = true;
    }
    hide() {
      this.visible = false;
    }
    focus() {}
  }

  class FakeTray extends EventEmitter {
    image: unknown;
    tooltip = '';
    menu: { template: { label?: string; click?: () => void }[] } | null = null;
    destroyed = false;
    constructor(image: unknown) {
      super();
      this.image = image;
      trays.push(this);
    }
    setImage(image: unknown) {
      this.image = image;
    }
    setToolTip(text: string) {
      this.tooltip = text;
    }
    setContextMenu(menu: { template: { label?: string; click?: () => void }[] }) {
      this.menu = menu;
    }
    destroy() {
      this.destroyed = true;
    }
  }

  const app = {
    isPackaged,
    quitCalls: 0,
    exitCode: null as number | null,
    enableSandbox: () => calls.push('enableSandbox'),
    requestSingleInstanceLock: () => (calls.push('requestSingleInstanceLock'), true),
    getPath: (name: 'userData' | 'logs') => paths[name],
    setPath: (name: string, value: string) => calls.push(`setPath ${name} ${value}`),
    getAppPath: () => paths.appPath,
    whenReady: () => whenReady,
    on: (event: string, listener: (...args: unknown[]) => void) => appEvents.on(event, listener),
    quit() {
      this.quitCalls++;
      const event = { prevented: false, preventDefault() {
        this.prevented = true;
      } };
      appEvents.emit('before-quit', event);
      if (!event.prevented) calls.push('quit');
    },
    exit(code: number) {
      this.exitCode = code;
    },
  };

  const module = {
    app,
    BrowserWindow: FakeWindow,
    Tray: FakeTray,
    Menu: { buildFromTemplate: (template: unknown[]) => ({ template }) },
    nativeImage: { createFromPath: (path: string) => ({ path }) },
    dialog: {
      showMessageBox: async () => ({ response: 0 }),
      showErrorBox: (title: string, body: string) => calls.push(`error ${title}: ${body}`),
    },
    globalShortcut: {
      register: (accelerator: string, callback: () => void) => (shortcuts.set(accelerator, callback), true),
      unregister: (accelerator: string) => void shortcuts.delete(accelerator),
    },
    ipcMain,
    powerMonitor,
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown) => calls.push(`registerSchemesAsPrivileged ${JSON.stringify(schemes)}`),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => protocolHandlers.set(scheme, handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: () => calls.push('setPermissionRequestHandler'),
        setPermissionCheckHandler: () => calls.push('setPermissionCheckHandler'),
        webRequest: { onBeforeRequest: () => calls.push('webRequest.onBeforeRequest') },
      },
    },
  };

  return { module, calls, windows, trays, protocolHandlers, shortcuts, ipcMain, powerMonitor, appEvents, ready: () => ready() };
}
