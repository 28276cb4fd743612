#!/usr/bin/env node
// `npm run backtest|data -- …`: runs the command-line tool from its bundle (scripts/bundles.mjs),
// built on first use and whenever a source file changed, so a launch compiles nothing.
import { pathToFileURL } from 'node:url';
import { ensureBundle } from './bundles.mjs';

const [name] = process.argv.splice(2, 1);
const TOOLS = ['backtest', 'data'];
if (name === undefined || !TOOLS.includes(name)) {
  process.stderr.write(`error: say which tool to run: ${TOOLS.join(' or ')}\n`);
  process.exit(2);
}
// The bundles share most of their inputs: each is looked at once in this launch.
const stats = new Map();
// A trader's strategy file runs on the sandbox thread, started from its bundle next to the tool's.
if (name === 'backtest') await ensureBundle('strategy-sandbox', stats);
// The tool reads process.argv.slice(2): its own flags, as if it had been started directly.
await import(pathToFileURL(await ensureBundle(name, stats)).href);
