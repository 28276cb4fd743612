/**
 * Strategy files in their sandbox. (1) The emergency stop through the public API — from the call to
 * its answer, cancels included — with nothing running, and while a trader's file burns 45 ms (just under
 * its 50 ms budget) on every bar of four symbols, and while another spins in create(): goal ≤ 50 ms, and
 * the same as with nothing running. Needs a keychain: `test/with-keyring.sh npm run bench strategy-sandbox`. (2) Backtest speed of the README example as a file (sandboxed)
 * against the built-in sma-cross (in-process), same bars.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBacktest, runBacktestAsync } from '../../core/backtest/runner.js';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from '../../core/market/simulator.js';
import { StrategyRegistry, parseStrategyParams } from '../../core/strategies/registry.js';
import { apiTerminal, until } from '../helpers/api-terminal.js';
import { testKeychain } from '../integration/store-helpers.js';
import { readmeStrategyExample } from '../helpers/readme-example.js';

const ROUNDS = 7;

function file(name: string, onCandle: string, create = ''): string {
  return `import { z } from 'zod';
export default { apiVersion: 1, name: '${name}', description: 'bench', params: z.object({}), timeframes: ['1m'], warmupBars: 1,
  create: () => { ${create} return { onCandle: () => { ${onCandle} }, readiness: () => 0 }; } };`;
}

async function stopLatencies(strategy: 'none' | 'busy' | 'stuck'): Promise<number[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'halyard-bench-sandbox-'));
  mkdirSync(join(dataDir, 'strategies'));
  writeFileSync(join(dataDir, 'strategies', 'busy.ts'), file('busy', 'const until = Date.now() + 45; while (Date.now() < until) {} return [];'));
  writeFileSync(join(dataDir, 'strategies', 'stuck.ts'), file('stuck', 'return [];', 'for (;;) {}'));
  // Strategy files run only with the real store (their data dir): run under test/with-keyring.sh.
  const keychain = testKeychain();
  const app = await apiTerminal({ dataDir, speed: 3_000, keychainService: keychain.service }, {});
  const times: number[] = [];
  try {
    for (let i = 0; i < ROUNDS; i++) {
      if (strategy !== 'none') {
        const saving = app.api.call('strategies.save', { name: `run-${i}`, strategy, symbols: ['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'XRP/USDT'], enabled: true });
        await until(() => app.api.call('strategies.configs', {}), (list) => list.some((c) => c.name === `run-${i}` && (c.state === 'running' || c.state === 'warming up')), 'the strategy to run');
        void saving.catch(() => undefined);
      }
      for (let n = 0; n < 3; n++) await app.api.call('orders.place', { symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: '0.01', price: String(1000 + n) });
      const start = performance.now();
      const stopped = await app.api.call('risk.emergencyStop', { source: 'api' });
      times.push(performance.now() - start);
      if (stopped.stop?.remainingOpen !== 0) throw new Error('the stop left orders open');
      await app.api.call('risk.rearm', { confirm: true });
      if (strategy !== 'none') await app.api.call('strategies.setEnabled', { name: `run-${i}`, enabled: false });
    }
  } finally {
    await app.close();
    await keychain.cleanup();
  }
  return times;
}

async function backtestSpeed(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'halyard-bench-readme-'));
  mkdirSync(join(dataDir, 'strategies'));
  writeFileSync(join(dataDir, 'strategies', 'my-sma-cross.ts'), readmeStrategyExample());
  const registry = await StrategyRegistry.load(dataDir);
  const candles = simulateCandles(DEFAULT_SIMULATED_SYMBOLS[0]!, 5, Date.UTC(2024, 0, 1), 50_000);
  const raw = { fast: 20, slow: 60, stake: 1 };
  const builtin = registry.get('sma-cross')!.definition;
  let start = performance.now();
  runBacktest({ strategy: builtin, params: parseStrategyParams(builtin, raw), candles, timeframe: '1m', symbol: 'BTC/USDT', cash: 1e6, fee: 0.001 });
  const inProcess = performance.now() - start;
  const sandboxed = await registry.runnable('my-sma-cross', [raw], { views: false });
  start = performance.now();
  await runBacktestAsync({ strategy: sandboxed, params: parseStrategyParams(sandboxed, raw), candles, timeframe: '1m', symbol: 'BTC/USDT', cash: 1e6, fee: 0.001, validateIntents: true });
  const inSandbox = performance.now() - start;
  const rate = (ms: number) => `${Math.round(candles.length / (ms / 1000)).toLocaleString('en')} bars/s`;
  process.stdout.write(`backtest of ${candles.length} bars: built-in in-process ${rate(inProcess)}; README example as a sandboxed file ${rate(inSandbox)} (${(inSandbox / inProcess).toFixed(1)}× the time)\n`);
}

export async function run(): Promise<void> {
  const baseline = median(await stopLatencies('none'));
  process.stdout.write(`emergency stop through the API, 3 open orders, median of ${ROUNDS} (goal ≤ 50 ms, and no slower than with nothing running):\n`);
  process.stdout.write(`  nothing running                                ${baseline.toFixed(1)} ms\n`);
  for (const [strategy, label] of [
    ['busy', 'a file burning 45 ms per bar on 4 symbols'],
    ['stuck', 'a file spinning in create()'],
  ] as const) {
    const latency = median(await stopLatencies(strategy));
    process.stdout.write(`  ${label.padEnd(47)}${latency.toFixed(1)} ms (${(latency / baseline).toFixed(2)}× the baseline)\n`);
  }
  await backtestSpeed();
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
