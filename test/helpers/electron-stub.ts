/**
 * What `vi.mock('electron', …)` returns in the electron-* unit tests: the real `electron`
 * package cannot load outside Electron. Only module-level names are needed for the import;
 * every assertion is on our own exported configuration and handler functions.
 */
export function electronModuleStub(): Record<string, unknown> {
  const unavailable = () => {
    throw new Error('Electron API called in a unit test');
  };
  return {
    app: {},
    BrowserWindow: unavailable,
    Tray: unavailable,
    Menu: { buildFromTemplate: unavailable },
    contextBridge: { exposeInMainWorld: unavailable },
    ipcRenderer: {},
    ipcMain: {},
    protocol: {},
    session: {},
  };
}
