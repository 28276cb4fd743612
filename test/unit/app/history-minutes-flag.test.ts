import { describe, expect, it } from 'vitest';
import { parseHistoryMinutesFlag, terminalConfigSchema } from '../../../core/app/config.js';
import { createSimulatedFeed } from '../../../core/market/sources.js';

describe('--history-minutes', () => {
  it('accepts whole minutes from 1 to 500000', () => {
    expect(parseHistoryMinutesFlag('150000')).toBe(150_000);
    expect(parseHistoryMinutesFlag('1')).toBe(1);
    expect(parseHistoryMinutesFlag('500000')).toBe(500_000);
  });

  it.each(['0', '500001', '-5', '1.5', '1e5', 'lots', ''])('refuses "%s" with a message naming the flag and the range', (flag) => {
    expect(() => parseHistoryMinutesFlag(flag)).toThrow(`--history-minutes must be a whole number of minutes from 1 to 500000, got "${flag}"`);
  });

  it('defaults to 3000 minutes in the hosting config', () => {
    expect(terminalConfigSchema.parse({ dataDir: '/tmp/x' }).historyMinutes).toBe(3_000);
  });

  it('gives the simulated market that much 1m history, all of it servable (beyond the feed’s usual 100k)', async () => {
    const now = () => Date.UTC(2024, 0, 10);
    const feed = createSimulatedFeed({ seed: 7, speed: 1, historyMinutes: 120_000, now, symbols: [{ symbol: 'BTC/USDT', startPrice: 64_000, baseVolatility: 0.0007, priceStep: 0.01, baseVolume: 12 }] });
    feed.advance(60_000); // one real minute at speed 1 closes a minute: the feed trims its memory then
    const history = await feed.history('BTC/USDT', '1m', 500_000);
    expect(history.length).toBeGreaterThanOrEqual(120_000);
    expect(history[0]!.time).toBe(now() - 120_000 * 60_000);
  });
});
