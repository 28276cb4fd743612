import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { paperMarketRules } from '../../../core/accounts/paper-markets.js';
import type { CandleUpdate } from '../../../core/market/candle.js';
import { createSimulatedFeed } from '../../../core/market/sources.js';
import { ReadOnlyMarketPort } from '../../../core/scanner/read-only-port.js';
import { FILE_NOT_SCANNED, ReadinessScanner } from '../../../core/scanner/readiness-scanner.js';
import { StrategyRegistry, type RegisteredStrategy } from '../../../core/strategies/registry.js';

const T0 = Date.UTC(2025, 5, 1, 12, 0);

function scanner(symbols: string[], strategies: readonly RegisteredStrategy[] = StrategyRegistry.builtins().registered()) {
  const feed = createSimulatedFeed({ seed: 11, speed: 60, historyMinutes: 3_000, now: () => T0 });
  const listeners = new Set<(update: CandleUpdate) => void>();
  const rules = (symbol: string) => (feed.symbols().includes(symbol) ? paperMarketRules(symbol, feed.priceStep(symbol), feed.lastCandle(symbol)?.close ?? 1) : null);
  const scan = new ReadinessScanner({
    strategies: () => strategies,
    symbols: () => symbols,
    feed: () => feed,
    rules,
    onCandle: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
  return { scan, feed, listeners };
}

describe('the readiness scanner', () => {
  it('ranks every watchlist symbol × every strategy, with the parts of each score', async () => {
    const { scan } = scanner(['BTC/USDT', 'ETH/USDT', 'SOL/USDT']);
    const rows = await scan.rows();
    const strategies = StrategyRegistry.builtins().registered().map((entry) => entry.definition.name);
    expect(rows).toHaveLength(strategies.length * 3);
    expect(new Set(rows.map((row) => `${row.strategy} ${row.symbol}`)).size).toBe(rows.length);
    for (const row of rows) {
      expect(row.problem, `${row.strategy} ${row.symbol}`).toBeNull();
      expect(row.readiness, `${row.strategy} ${row.symbol}`).not.toBeNull();
      expect(row.readiness!).toBeGreaterThanOrEqual(0);
      expect(row.readiness!).toBeLessThanOrEqual(100);
    }
    // Strategies that score in parts say what the parts are (0–100 each).
    const dca = rows.find((row) => row.strategy === 'dca-grid' && Object.keys(row.components).length > 0);
    expect(Object.keys(dca!.components)).toEqual(['drop from the high', 'volume']);
    for (const value of Object.values(dca!.components)) expect(value).toBeGreaterThanOrEqual(0);
  }, 60_000);

  it('follows new closed bars, and a changed watchlist after invalidate', async () => {
    const symbols = ['BTC/USDT'];
    const { scan, listeners } = scanner(symbols);
    await scan.rows();
    expect(listeners.size).toBe(1);
    symbols.push('XRP/USDT');
    scan.invalidate();
    expect(listeners.size).toBe(0);
    const rows = await scan.rows();
    expect(new Set(rows.map((row) => row.symbol))).toEqual(new Set(['BTC/USDT', 'XRP/USDT']));
  }, 60_000);

  it('lists a trader’s strategy file as not scanned, without starting it, and still scores the built-ins', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'halyard-scanner-'));
    try {
      mkdirSync(join(dataDir, 'strategies'));
      writeFileSync(join(dataDir, 'strategies', 'my-file.js'), 'export default { this file would fail to load if it were ever run');
      const registry = await StrategyRegistry.load(dataDir);
      const { scan } = scanner(['BTC/USDT', 'ETH/USDT'], registry.registered());
      const rows = await scan.rows();
      expect(rows.filter((row) => row.strategy === 'my-file')).toEqual([
        { strategy: 'my-file', symbol: 'BTC/USDT', readiness: null, components: {}, problem: FILE_NOT_SCANNED },
        { strategy: 'my-file', symbol: 'ETH/USDT', readiness: null, components: {}, problem: FILE_NOT_SCANNED },
      ]);
      expect(rows.filter((row) => row.strategy !== 'my-file').every((row) => row.problem === null && row.readiness !== null)).toBe(true);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the scanner’s market port', () => {
  it('has the market’s rules and refuses every order', async () => {
    const port = new ReadOnlyMarketPort((symbol) => (symbol === 'BTC/USDT' ? paperMarketRules('BTC/USDT', 0.01, 64_000) : null));
    expect(port.market('BTC/USDT').quote).toBe('USDT');
    expect(() => port.market('ETH/USDT')).toThrow(/not a market the Scanner watches/);
    await expect(port.placeOrder()).rejects.toThrow(/never places orders/);
  });
});
