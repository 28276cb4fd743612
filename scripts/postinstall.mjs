// Rebuilds native modules for Electron's ABI when an Electron binary is present; otherwise says why it skipped.
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let electronDir;
try {
  electronDir = dirname(require.resolve('electron/package.json'));
} catch {
  electronDir = null;
}
const pathFile = electronDir ? join(electronDir, 'path.txt') : null;
const binary = pathFile && existsSync(pathFile) ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : null;
if (!binary || !existsSync(binary)) {
  console.log('halyard: no Electron binary installed; skipping the native-module rebuild for Electron (npm run serve works without it).');
  process.exit(0);
}
const result = spawnSync('npx', ['electron-builder', 'install-app-deps'], { stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(result.status ?? 1);
