#!/usr/bin/env node
// `npm run backtest|data -- …`: runs the command-line tool from its bundle (scripts/bundles.mjs),
// built on first use and whenever a source file changed, so a launch compiles nothing.
import { pathToFileURL } from 'node:url';
import { BUNDLES, ensureBundle } from './bundles.mjs';

const [name] = process.argv.splice(2, 1);
if (name === undefined || name === 'sweep-worker' || !(name in BUNDLES)) {
  process.stderr.write(`error: say which tool to run: ${Object.keys(BUNDLES).filter((tool) => tool !== 'sweep-worker').join(' or ')}\n`);
  process.exit(2);
}
// The tool reads process.argv.slice(2): its own flags, as if it had been started directly.
await import(pathToFileURL(await ensureBundle(name)).href);
