import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from '../../core/market/simulator.js';

const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'halyard-cli-'));

function cli(...args: string[]) {
  return exec('npx', ['tsx', 'core/host/cli/backtest.ts', ...args], { maxBuffer: 32 * 1024 * 1024 }).then(
    (out) => ({ code: 0, ...out }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

describe('npm run backtest', () => {
  const csv = join(dir, 'SOLUSDT-1m.csv');
  const candles = simulateCandles(DEFAULT_SIMULATED_SYMBOLS[2]!, 4, Date.UTC(2024, 5, 1), 3_000);
  writeFileSync(csv, `open_time,open,high,low,close,volume,ignore\n${candles.map((c) => `${c.time},${c.open},${c.high},${c.low},${c.close},${c.volume},0`).join('\n')}\n`);

  it('prints exactly the documented JSON with --json', async () => {
    const { code, stdout } = await cli('--strategy', 'sma-cross', '--data', csv, '--params', '{"fast":5,"slow":20,"stake":3}', '--fee', '0.001', '--slippage', '0', '--cash', '50000', '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Record<string, unknown> & { trades: Record<string, unknown>[]; metrics: Record<string, unknown> };
    expect(Object.keys(report)).toEqual(['trades', 'fills', 'metrics', 'riskEvents']);
    expect(Object.keys(report.metrics)).toEqual(['trades', 'winRate', 'profitFactor', 'totalReturn', 'maxDrawdown', 'sharpe', 'fees', 'finalValue']);
    expect(report.trades.length).toBeGreaterThan(5);
    expect(Object.keys(report.trades[0]!)).toEqual(['id', 'symbol', 'side', 'entryTime', 'exitTime', 'qty', 'entryPrice', 'exitPrice', 'fees', 'pnl', 'reason']);
    expect(report.trades[0]).toMatchObject({ symbol: 'SOL/USDT', qty: 3, reason: 'signal' });
  }, 120_000);

  it('stops on a bad CSV row with an error naming the line', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,1,2,0.5,1.5,10\n2024-01-01T00:01:00Z,1.5,2,1,1.8,-5\n');
    const { code, stderr } = await cli('--strategy', 'sma-cross', '--data', bad);
    expect(code).toBe(2);
    expect(stderr).toContain('bad.csv line 3: volume — volume -5 is negative');
  }, 120_000);

  it('explains bad flags and unknown strategies', async () => {
    expect((await cli('--strategy', 'sma-cross', '--data', csv, '--fee', '1,5')).stderr).toContain('--fee must be a rate between 0 and 0.5');
    expect((await cli('--strategy', 'moonshot', '--data', csv, '--data-dir', dir)).stderr).toContain('no strategy named "moonshot"');
  }, 120_000);
});
