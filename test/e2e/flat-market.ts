import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { serveForSuite, type SuiteApp } from './harness.js';

const MINUTE = 60_000;
const START = Date.UTC(2024, 0, 1);

/**
 * The app served for a describe block on a replayed BTC/USDT that trades at exactly `price` for far longer
 * than a file runs (no wicks: every tick of a minute is that price, so nothing near the market triggers or
 * fills by itself, and what the paper account reserves at is that price). Its CSV is removed after the block.
 */
export function serveFlatMarket(price: number, prefix: string): SuiteApp {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const market = join(dir, 'BTCUSDT-1m-2024-01-01.csv');
  const rows = ['timestamp,open,high,low,close,volume'];
  for (let i = 0; i < 3_500; i++) rows.push([START + i * MINUTE, price, price, price, price, 10].join(','));
  writeFileSync(market, `${rows.join('\n')}\n`);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return serveForSuite({ args: ['--market', `replay:${market}`, '--speed', '120'] });
}
