import { HELP, parseBacktestFlags } from './backtest-flags.js';

/**
 * `npm run backtest -- …` (see backtest-flags.ts for the flags). The backtester itself — engine,
 * strategies, risk gate and their schemas — is loaded only once the flags ask for a run, so `--help`
 * and flag errors answer at once.
 */
const flags = parseBacktestFlags(process.argv.slice(2));
if (flags.help) {
  process.stdout.write(`${HELP}\n`);
} else {
  const { backtestCommand } = await import('./backtest-command.js');
  await backtestCommand(flags);
}
