import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { dataDirWithReadmeExample } from '../helpers/readme-example.js';
import { refdataFile } from './refdata-dir.js';

const run = promisify(execFile);

/** An independent backtester's run of a long-only SMA crossover (see ../shared/data/README.md). */
interface Reference {
  readonly params: { csv: string; fast: number; slow: number; cash: number; commission: number; stake: number };
  readonly bars: number;
  readonly fills: { side: 'buy' | 'sell'; time: string; price: number; size: number; commission: number; signal_bar: string }[];
  readonly trades: { opened: string; closed: string; entry_price: number; exit_price: number; size: number; pnl_net: number; commission: number }[];
  readonly open_position: number;
  readonly final_value: number;
}

interface CliOutput {
  trades: { id: string; entryTime: number; exitTime: number; qty: number; entryPrice: number; exitPrice: number; fees: number; pnl: number; reason: string }[];
  fills: { side: 'buy' | 'sell'; time: number; price: number; qty: number; fee: number }[];
  metrics: { trades: number; finalValue: number; fees: number };
  riskEvents: unknown[];
}

const CASES = ['btc_crash_sma10_30.json', 'filusdt_2023-06_sma20_60.json'];
/** The built-in and the README's example file (printed in "Writing a strategy") must both reproduce the reference. */
const STRATEGIES = [
  { label: 'built-in sma-cross', strategy: () => 'sma-cross' },
  { label: "the README's example file", strategy: () => dataDirWithReadmeExample().file },
];

/** Equal to floating-point rounding: a relative error far below any price or fee tick. */
function close(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
}

describe('backtest CLI reproduces the reference SMA-crossover backtests', () => {
  for (const { label, strategy } of STRATEGIES) {
    describe(label, () => {
      for (const name of CASES) {
        it(`matches every fill, trade and the final value of ${name}`, async () => {
          const reference = JSON.parse(readFileSync(refdataFile('backtest-reference', name), 'utf8')) as Reference;
          const p = reference.params;
          const data = refdataFile('candles', 'binance-futures', basename(p.csv));
          const { stdout } = await run(
            'npx',
            [
              'tsx',
              'core/host/cli/backtest.ts',
              '--strategy',
              strategy(),
              '--data',
              data,
              '--params',
              JSON.stringify({ fast: p.fast, slow: p.slow, stake: p.stake }),
              '--fee',
              String(p.commission),
              '--slippage',
              '0',
              '--cash',
              String(p.cash),
              '--json',
              // The reference backtester has no risk controls; with the default gate PANIC (March 2020) and
              // the 15-minute trade cooldown would rightly block some of its entries (README "Backtesting").
              '--no-risk',
            ],
            { maxBuffer: 64 * 1024 * 1024 },
          );
          const output = JSON.parse(stdout) as CliOutput;
          expect(output.riskEvents).toEqual([]);

          expect(output.fills).toHaveLength(reference.fills.length);
          reference.fills.forEach((expected, i) => {
            const actual = output.fills[i]!;
            const where = `fill ${i + 1} (${expected.side} at ${expected.time})`;
            expect(actual.side, where).toBe(expected.side);
            expect(new Date(actual.time).toISOString().replace('.000Z', 'Z'), where).toBe(expected.time);
            expect(actual.price, where).toBe(expected.price);
            expect(actual.qty, where).toBe(Math.abs(expected.size));
            expect(close(actual.fee, expected.commission), `${where}: fee ${actual.fee} vs ${expected.commission}`).toBe(true);
          });

          expect(output.trades).toHaveLength(reference.trades.length);
          reference.trades.forEach((expected, i) => {
            const actual = output.trades[i]!;
            const where = `trade ${i + 1} (${expected.opened} → ${expected.closed})`;
            expect(new Date(actual.entryTime).toISOString().replace('.000Z', 'Z'), where).toBe(expected.opened);
            expect(new Date(actual.exitTime).toISOString().replace('.000Z', 'Z'), where).toBe(expected.closed);
            expect(actual.entryPrice, where).toBe(expected.entry_price);
            expect(actual.exitPrice, where).toBe(expected.exit_price);
            expect(actual.reason, where).toBe('signal');
            expect(close(actual.pnl, expected.pnl_net), `${where}: pnl ${actual.pnl} vs ${expected.pnl_net}`).toBe(true);
            expect(close(actual.fees, expected.commission), `${where}: fees ${actual.fees} vs ${expected.commission}`).toBe(true);
          });

          expect(output.metrics.trades).toBe(reference.trades.length);
          expect(close(output.metrics.finalValue, reference.final_value), `final value ${output.metrics.finalValue} vs ${reference.final_value}`).toBe(true);
        });
      }
    });
  }
});
