import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * Path of the Electron executable, or null when this machine has none: the `electron` package
 * was installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1, its download failed, or dev dependencies
 * were omitted. (Requiring `electron` from Node returns the binary's path, or throws.)
 */
export function findElectronBinary() {
  try {
    const binary = require('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/** Path of a package's file, or null when the package is not installed. */
export function resolveOptional(specifier) {
  try {
    return require.resolve(specifier);
  } catch {
    return null;
  }
}
