import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HELP, parseBacktestFlags, type BacktestFlags } from './backtest-flags.js';
import { runCachedScript } from './cached-script.js';

/**
 * V8's tiering and young generation for a single backtest, a run of a second or two. By default V8
 * optimises functions early and inlines deeply, and optimises again after each deoptimisation; its
 * background compiles then cost a one-shot run more CPU than the optimised code saves (about a tenth of
 * the CPU time on 175,680 and on 525,600 bars, fills unchanged). And it doubles the young generation
 * (1 → 16 MB a semi-space) as a run allocates: each new page is fresh memory, whose first touch costs a
 * page fault (~13 µs of kernel time each on this kind of machine), while a run's short-lived garbage
 * is scavenged as cheaply from 1 MB (~3,000 fewer faults a run). Two of TurboFan's passes cost a short
 * run more compile time on the background threads (which count in its CPU) than their code saves there:
 * loop peeling (it copies each loop's first iteration) and escape analysis (~25 % of the compile time
 * together; ~10 ms of CPU on 175,680 bars, more on 525,600). Measured with the built-in strategies: a
 * trader's strategy file (its calls cross into QuickJS) and sweeps (their workers run long) keep V8's defaults.
 */
const SINGLE_RUN_V8_FLAGS = [
  '--interrupt-budget=200000',
  '--max-inlined-bytecode-size-cumulative=300',
  '--semi-space-growth-factor=1',
  '--no-turbo-loop-peeling',
  '--no-turbo-escape',
];

/**
 * `npm run backtest -- …` (see backtest-flags.ts for the flags). The backtester itself — engine,
 * strategies, risk gate and their schemas — is loaded only once the flags ask for a run, so `--help`
 * and flag errors answer at once.
 */
const flags = parseBacktestFlags(process.argv.slice(2));
if (flags.help) {
  process.stdout.write(`${HELP}\n`);
} else if (flags.sweep !== undefined) {
  const { backtestCommand } = await import('./backtest-command.js');
  await backtestCommand(flags);
} else {
  // The test core/backtest/setup.ts applies to tell a file's path from a strategy's name.
  const strategyFile = /[\\/]|\.(ts|js|mjs)$/.test(flags.strategy ?? '');
  if (!strategyFile) {
    const { setFlagsFromString } = await import('node:v8'); // not at the top: it loads Node's streams, which --help does not need
    for (const flag of SINGLE_RUN_V8_FLAGS) setFlagsFromString(flag);
  }
  await singleRun(flags, strategyFile ? 'v8-defaults' : 'single-run-flags');
}

/**
 * Bundled (scripts/bundles.mjs), the backtester sits next to this file also as a script V8 keeps a
 * code cache of (all but the sweep); run from source (tsx), it is the module itself.
 */
async function singleRun(flags: BacktestFlags, flavour: string): Promise<void> {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'backtest-command.cjs');
  if (!existsSync(script)) {
    const { backtestCommand } = await import('./backtest-command.js');
    return backtestCommand(flags);
  }
  const loaded = runCachedScript(script, flavour);
  const { backtestCommand } = loaded.exports;
  if (typeof backtestCommand !== 'function') throw new Error(`${script} does not export backtestCommand`);
  await (backtestCommand as (flags: BacktestFlags) => Promise<void>)(flags);
  loaded.saveCache();
}
