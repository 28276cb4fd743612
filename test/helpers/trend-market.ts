import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A trader's strategy file that buys a fixed stake whenever it is flat and sells after `holdMinutes`
 * bars: it wants the coin on every bar it is flat, so two configurations of it contend for one coin.
 */
export const HOLD_FOR = `import { z } from 'zod';

const params = z.object({
  holdMinutes: z.number().min(1).max(500).default(10).describe('Bars to hold each position'),
  stake: z.number().positive().max(100).default(0.01).describe('Base quantity bought per entry'),
});

function create(p, symbol) {
  let held = 0;
  return {
    onCandle(ctx) {
      if (ctx.timeframe !== '1m') return [];
      if (ctx.position === null) {
        held = 0;
        return [{ kind: 'enter', symbol, size: { kind: 'quantity', quantity: p.stake }, orderType: 'market', reason: 'flat' }];
      }
      held += 1;
      return held >= p.holdMinutes ? [{ kind: 'exit_all', symbol, reason: 'signal' }] : [];
    },
    readiness() {
      return 50;
    },
  };
}

export default { apiVersion: 1, name: 'hold-for', description: 'Buys when flat, sells after holdMinutes bars.', params, timeframes: ['1m'], warmupBars: 2, create };
`;

/**
 * Writes a data dir with `strategies/hold-for.js` and a 1m candle file `BTCUSDT-1m.csv` that rises
 * 0.005 % a bar in waves of ±1 % every 60 bars, with a little seeded noise. On it the built-in
 * `sma-cross` (fast 5) trades every wave, and a slow average of 20 bars earns clearly more per trade
 * than one of 30 — the lead a shadow variant needs for a significant proposal within minutes of replay.
 * Returns the CSV's path (for `--market replay:<csv>`).
 */
export function writeTrendMarket(dataDir: string, bars = 12_000): string {
  mkdirSync(join(dataDir, 'strategies'), { recursive: true });
  writeFileSync(join(dataDir, 'strategies', 'hold-for.js'), HOLD_FOR);
  let state = 7;
  const noise = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296 - 0.5;
  };
  const start = Date.UTC(2024, 0, 1);
  const rows = ['timestamp,open,high,low,close,volume'];
  let close = 40_000;
  for (let i = 0; i < bars; i++) {
    const open = close;
    close = Number((40_000 * (1 + 0.00005 * i) * (1 + 0.01 * Math.sin((2 * Math.PI * i) / 60)) * (1 + noise() * 0.0004)).toFixed(2));
    const high = Number((Math.max(open, close) * 1.0001).toFixed(2));
    const low = Number((Math.min(open, close) * 0.9999).toFixed(2));
    rows.push(`${start + i * 60_000},${open},${high},${low},${close},1000`);
  }
  const file = join(dataDir, 'BTCUSDT-1m.csv');
  writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
}
