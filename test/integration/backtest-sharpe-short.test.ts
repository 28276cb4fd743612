import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/client.js';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from '../../core/market/simulator.js';
import { apiTerminal } from '../helpers/api-terminal.js';

const exec = promisify(execFile);
const NOTE = /^not annualised from [1-3] daily returns?: needs 30 \(a month of days\)$/;

/**
 * A backtest of a day or two has no honest annualised Sharpe (√365 × two days' returns can read 40):
 * over the API its metrics say why (`sharpeNote`) beside the unchanged figure, the CLI shows "—" and why;
 * a run of a month or more is as before. Public API of a real Terminal, and the CLI as a trader runs it.
 */
describe('Sharpe of a backtest too short to annualise', { timeout: 120_000 }, () => {
  let api: ApiClient;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ api, close } = await apiTerminal());
  });
  afterAll(() => close());

  it('backtest.run and backtest.sweep note it on a 2,000-bar run, not on a 50,000-bar one (35 days)', async () => {
    const short = await api.call('backtest.run', { strategy: 'sma-cross', params: { fast: 5, slow: 20 }, source: { kind: 'simulated', seed: 4, bars: 2_000 }, risk: false });
    expect(typeof short.metrics.sharpe).toBe('number');
    expect(short.metrics.sharpeNote).toMatch(NOTE);
    const long = await api.call('backtest.run', { strategy: 'sma-cross', params: { fast: 5, slow: 20 }, source: { kind: 'simulated', seed: 4, bars: 50_000 }, risk: false });
    expect(long.metrics.sharpeNote).toBeUndefined();
    const sweep = await api.call('backtest.sweep', { strategy: 'sma-cross', sweep: { fast: [5, 10, 5] }, workers: 1, risk: false, source: { kind: 'simulated', seed: 4, bars: 2_000 } });
    expect(sweep.rows.map((row) => row.metrics.sharpeNote)).toEqual([expect.stringMatching(NOTE), expect.stringMatching(NOTE)]);
  });

  it('npm run backtest prints "—" and why instead of the figure', async () => {
    const csv = join(mkdtempSync(join(tmpdir(), 'halyard-sharpe-')), 'SOLUSDT-1m.csv');
    const candles = simulateCandles(DEFAULT_SIMULATED_SYMBOLS[2]!, 4, Date.UTC(2024, 5, 1), 3_000);
    writeFileSync(csv, `open_time,open,high,low,close,volume,ignore\n${candles.map((c) => `${c.time},${c.open},${c.high},${c.low},${c.close},${c.volume},0`).join('\n')}\n`);
    const { stdout } = await exec(process.execPath, ['scripts/cli.mjs', 'backtest', '--strategy', 'sma-cross', '--data', csv, '--params', '{"fast":5,"slow":20,"stake":3}', '--no-risk']);
    expect(stdout).toMatch(/, Sharpe \(daily, annualised\) — \(not annualised from 3 daily returns: needs 30 \(a month of days\)\)\n/);
  });
});
