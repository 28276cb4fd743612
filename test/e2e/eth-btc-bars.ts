import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from '../../core/market/simulator.js';

/**
 * Writes `ETHBTC-1m.csv` in `dir`: 3,000 one-minute bars of ETH/BTC at about 0.05 BTC (the simulated SOL
 * series scaled down, to 6 decimals as a venue's file has them), for a backtest over a file or a replayed
 * market quoted in BTC. Returns its path.
 */
export function writeEthBtcBars(dir: string): string {
  const bars = simulateCandles(DEFAULT_SIMULATED_SYMBOLS[2]!, 4, Date.UTC(2024, 5, 1), 3_000);
  const scaled = (price: number) => (price / 3000).toFixed(6);
  const file = join(dir, 'ETHBTC-1m.csv');
  writeFileSync(file, `time,open,high,low,close,volume\n${bars.map((c) => [c.time, scaled(c.open), scaled(c.high), scaled(c.low), scaled(c.close), c.volume].join(',')).join('\n')}\n`);
  return file;
}
