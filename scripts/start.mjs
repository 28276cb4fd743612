#!/usr/bin/env node
// `npm start`: build the renderer and the Electron bundles, then launch the desktop app.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const electron = findElectronBinary();
if (!electron) {
  process.stderr.write('Halyard: the Electron binary is not installed on this machine, so the desktop app cannot start; run `npm run serve` to use Halyard in your browser instead.\n');
  process.exit(1);
}

// npm sets npm_execpath when running a script; fall back to the npm on PATH otherwise.
const npm = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ['npm', []];
const build = spawnSync(npm[0], [...npm[1], 'run', 'build', '--silent'], { cwd: root, stdio: 'inherit', shell: !process.env.npm_execpath && process.platform === 'win32' });
if (build.status !== 0) process.exit(build.status ?? 1);

const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE; // would turn the app into a plain Node process
const app = spawn(electron, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => app.kill(signal));
app.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
