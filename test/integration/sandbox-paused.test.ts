import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from '../../core/market/simulator.js';

/**
 * A strategy file's budget (50 ms per onCandle) is time its sandbox thread spent computing, not time
 * that passed: a machine busy with a sweep on every core, a laptop put to sleep or a paused process
 * must not stop a strategy that did nothing wrong, nor make two backtests of one file differ.
 * The backtest runs through the CLI (`npm run backtest -- --strategy <file>`), once undisturbed and
 * once while the whole process is paused (SIGSTOP) for 150 ms every 50 ms of its life.
 */
const dir = mkdtempSync(join(tmpdir(), 'halyard-paused-'));
const csv = join(dir, 'ETHUSDT-1m.csv');
const candles = simulateCandles(DEFAULT_SIMULATED_SYMBOLS[1]!, 11, Date.UTC(2024, 2, 1), 600);
writeFileSync(csv, `open_time,open,high,low,close,volume\n${candles.map((c) => `${c.time},${c.open},${c.high},${c.low},${c.close},${c.volume}`).join('\n')}\n`);

/**
 * A file that works a few milliseconds per bar (it averages its window the slow way, many times over):
 * well within its 50 ms budget, and long enough that most pauses land inside one of its calls.
 */
const SLOW_MEAN = `
import { z } from 'zod';
export default {
  apiVersion: 1,
  name: 'slow-mean',
  description: 'buys above its mean, sells below it, the slow way',
  params: z.object({ window: z.number().int().default(50), repeat: z.number().int().default(300) }),
  timeframes: ['1m'],
  warmupBars: 50,
  create: (p: { window: number; repeat: number }, symbol: string) => {
    const closes: number[] = [];
    return {
      onCandle: (ctx: { candle: { close: number }; position: object | null }) => {
        closes.push(ctx.candle.close);
        if (closes.length > p.window) closes.shift();
        let mean = 0;
        for (let r = 0; r < p.repeat; r++) {
          let sum = 0;
          for (const close of closes) sum += close;
          mean = sum / closes.length;
        }
        if (ctx.position === null && ctx.candle.close > mean * 1.001) return [{ kind: 'enter', symbol, size: { kind: 'quantity', quantity: 0.1 }, orderType: 'market', reason: 'above mean' }];
        if (ctx.position !== null && ctx.candle.close < mean * 0.999) return [{ kind: 'exit_all', symbol, reason: 'signal' }];
        return [];
      },
      readiness: () => Math.min(1, closes.length / p.window),
    };
  },
};
`;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  pauses: number;
}

function backtest(file: string, paused: boolean): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/cli.mjs', 'backtest', '--strategy', file, '--data', csv, '--no-risk', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let pauses = 0;
    let running = true;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const pauseCycle = (): void => {
      if (!running) return;
      child.kill('SIGSTOP');
      pauses++;
      setTimeout(() => {
        if (!running) return;
        child.kill('SIGCONT');
        setTimeout(pauseCycle, 50);
      }, 150);
    };
    if (paused) setTimeout(pauseCycle, 50);
    child.on('error', reject);
    child.on('exit', (code) => {
      running = false;
      resolve({ code, stdout, stderr, pauses });
    });
  });
}

describe('a strategy file in a paused or starved process', () => {
  it('decides exactly as when it runs undisturbed: its budget counts its own CPU time, not the wall clock', async () => {
    mkdirSync(join(dir, 'strategies'));
    const file = join(dir, 'strategies', 'slow-mean.ts');
    writeFileSync(file, SLOW_MEAN);
    const calm = await backtest(file, false);
    expect(calm.stderr).toBe('');
    expect(calm.code).toBe(0);
    const report = JSON.parse(calm.stdout) as { trades: unknown[]; riskEvents: { kind: string }[] };
    expect(report.trades.length).toBeGreaterThan(5);
    expect(report.riskEvents.filter((event) => event.kind === 'strategy_error' || event.kind === 'strategy_disabled')).toEqual([]);

    const disturbed = await backtest(file, true);
    // Paused often enough that many onCandle calls were cut in two by a 150 ms stop (3× their budget).
    expect(disturbed.pauses).toBeGreaterThanOrEqual(10);
    expect(disturbed.stderr).toBe('');
    expect(disturbed.code).toBe(0);
    expect((JSON.parse(disturbed.stdout) as { riskEvents: unknown[] }).riskEvents).toEqual([]);
    expect(disturbed.stdout).toBe(calm.stdout);
  }, 180_000);
});
