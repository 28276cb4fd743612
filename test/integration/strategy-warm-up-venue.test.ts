import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Candle } from '../../core/market/candle.js';
import { apiTerminal, until } from '../helpers/api-terminal.js';
import { startBinanceStub, type BinanceStub } from '../stubs/binance-stub.js';
import { MinuteBars } from '../stubs/venue-candles.js';

/**
 * A strategy needing more history than the 1m warm-up replays (ema-trend's defaults: EMA 333 on 1h, so
 * 335 hours ≈ 20,100 minutes, while the venue feed holds 1,000 1m bars) is ready as soon as it starts:
 * the warm-up takes the venue's own 1h bars (GET /api/v3/klines?interval=1h, at most 1000 a request,
 * the newest ones when no startTime is given, the forming hour last — as Binance answers, see
 * https://developers.binance.com/docs/binance-spot-api-docs/rest-api/market-data-endpoints#klinecandlestick-data)
 * for the hours before its 1m bars, instead of reading "warming up 16/333 1h" for two weeks.
 */
const HOURS = 400;
let stub: BinanceStub;
let running: Awaited<ReturnType<typeof apiTerminal>> | null = null;

/** A gentle climb with a wiggle, one bar a minute up to the forming one of now. */
function minutesUpToNow(count: number): Candle[] {
  const now = Math.floor(Date.now() / 60_000) * 60_000;
  return Array.from({ length: count }, (_, i) => {
    const price = 50_000 + i * 0.5 + 40 * Math.sin(i / 90);
    return { time: now - (count - 1 - i) * 60_000, open: price, high: price + 6, low: price - 6, close: price + 1, volume: 2 };
  });
}

beforeAll(async () => {
  stub = await startBinanceStub();
  const bars = new MinuteBars();
  bars.set('BTCUSDT', minutesUpToNow(HOURS * 60));
  stub.setKlines('BTCUSDT', '1m', bars.of('BTCUSDT', 1));
  stub.setKlines('BTCUSDT', '1h', bars.of('BTCUSDT', 60));
});
afterAll(async () => {
  await running?.close();
  await stub.close();
});

describe('warming up on a venue’s higher-timeframe bars', () => {
  it('an ema-trend configuration with default parameters on 1h is ready right after it starts', { timeout: 90_000 }, async () => {
    running = await apiTerminal({ speed: 60, tickMs: 50 });
    const { api } = running;
    await until(() => api.call('risk.state', {}), (state) => !state.reconciling, 'start-up reconciliation');
    await expect(api.call('market.setSource', { kind: 'exchange', exchange: 'binance', symbols: ['BTC/USDT'], baseUrl: stub.url })).resolves.toMatchObject({ kind: 'exchange', fallback: null });

    await api.call('strategies.save', { name: 'trend', strategy: 'ema-trend', symbols: ['BTC/USDT'], enabled: true });
    const [config] = await until(() => api.call('strategies.configs', {}), (configs) => configs[0]?.state === 'running', 'the configuration to finish its warm-up');
    expect(config!.params).toMatchObject({ timeframe: '1h', emaBase: 333 });
    // Ready: no "warming up n/333 1h", a readiness of its own.
    expect(config!.warmup).toBeUndefined();
    expect(config!.readiness['BTC/USDT']).toEqual(expect.any(Number));
    // The hours came from the venue's own 1h bars (the 1m bars alone are 1,000 minutes).
    expect(stub.requestsTo('GET', '/api/v3/klines').some((r) => r.params['interval'] === '1h')).toBe(true);
  });
});
