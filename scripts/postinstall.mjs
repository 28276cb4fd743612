#!/usr/bin/env node
// After `npm install`/`npm ci`: bundle the command-line tools, then rebuild native modules (better-sqlite3-multiple-ciphers) for
// Electron's ABI so `npm start` can load them. Never fails the install: without an Electron
// binary there is nothing to rebuild for, and a failed rebuild only affects the desktop app.
import { spawnSync } from 'node:child_process';
import { findElectronBinary, resolveOptional } from './electron-binary.mjs';

const say = (line) => process.stdout.write(`halyard postinstall: ${line}\n`);

// The command-line tools and the sweep worker, bundled now so their first run starts at once
// (scripts/bundles.mjs; `npm run backtest` builds them on first use otherwise).
try {
  const { BUNDLES, buildBundle } = await import('./bundles.mjs');
  for (const name of Object.keys(BUNDLES)) await buildBundle(name);
  say(`bundled ${Object.keys(BUNDLES).join(', ')} into dist/bundles/.`);
} catch (error) {
  say(`bundling the command-line tools failed (they are bundled on first use instead): ${error instanceof Error ? error.message : String(error)}`);
}

if (!findElectronBinary()) {
  say('no Electron binary on this machine, skipped rebuilding native modules for Electron (`npm run serve` and the tests use the Node build).');
  process.exit(0);
}
const cli = resolveOptional('electron-builder/cli.js');
if (!cli) {
  say('electron-builder is not installed (dev dependencies omitted), skipped rebuilding native modules for Electron.');
  process.exit(0);
}
const result = spawnSync(process.execPath, [cli, 'install-app-deps'], { stdio: 'inherit' });
if (result.status !== 0) {
  say('rebuilding native modules for Electron FAILED; `npm start` will not load the database until `npx electron-builder install-app-deps` succeeds (`npm run serve` is unaffected).');
}
process.exit(0);
