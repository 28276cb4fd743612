import { runDesktopApp } from './desktop.js';

// Entry point of the Electron main process (bundled to dist/electron/main.cjs).
runDesktopApp();
