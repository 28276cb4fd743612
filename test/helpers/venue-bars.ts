import type { ApiClient } from '../../core/api/client.js';
import type { Candle } from '../../core/market/candle.js';
import type { BinanceStub } from '../stubs/binance-stub.js';
import type { KrakenStub } from '../stubs/kraken-stub.js';
import { until } from './api-terminal.js';

/** The venue's 1m bars: a short history, then a new closed bar per symbol every `everyMs` (REST klines and the market websocket). */
export class BarPump {
  readonly close: Record<'BTCUSDT' | 'ETHUSDT', number> = { BTCUSDT: 50_000, ETHUSDT: 3_000 };
  private readonly history: Record<'BTCUSDT' | 'ETHUSDT', Candle[]> = { BTCUSDT: [], ETHUSDT: [] };
  // Far enough in the past that every pumped bar is already over (closed) when it arrives.
  private time = Math.floor(Date.now() / 60_000) * 60_000 - 2_000 * 60_000;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly stub: BinanceStub) {
    for (let i = 0; i < 30; i++) this.next(false);
  }

  start(everyMs = 200): void {
    this.timer = setInterval(() => this.next(true), everyMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private next(push: boolean): void {
    this.time += 60_000;
    for (const symbol of ['BTCUSDT', 'ETHUSDT'] as const) {
      const price = this.close[symbol];
      const candle: Candle = { time: this.time, open: price, high: price + 5, low: price - 5, close: price, volume: 3 };
      this.history[symbol].push(candle);
      this.stub.setKlines(symbol, '1m', this.history[symbol]);
      if (push) this.stub.pushKline(symbol, '1m', candle, true);
    }
  }
}


/** Kraken's 1m bars on its OHLC endpoint: a short history, then a new closed bar every `everyMs` (Halyard polls REST there). */
export class KrakenBars {
  private readonly bars: Candle[] = [];
  private time = Math.floor(Date.now() / 60_000) * 60_000 - 2_000 * 60_000;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly stub: KrakenStub) {
    for (let i = 0; i < 30; i++) this.next();
  }

  start(everyMs = 200): void {
    this.timer = setInterval(() => this.next(), everyMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private next(): void {
    this.time += 60_000;
    // Kraken trades BTC a little above Binance (the Binance pump's bars close at 50 000).
    this.bars.push({ time: this.time, open: 50_100, high: 50_105, low: 50_095, close: 50_100, volume: 2 });
    this.stub.candles.set('XBTUSDT', this.bars);
  }
}

/**
 * The trader's way to a live Binance account on the loopback stub: the account added with the stub as its
 * base URL, risk limits saved, armed with its label typed, start-up reconciliation done, and the terminal
 * watching the stub's market (a live strategy trades only on its own exchange's market data).
 */
export async function armedOnStub(api: ApiClient, stub: BinanceStub, symbols: readonly string[] = ['BTC/USDT', 'ETH/USDT']): Promise<{ id: number }> {
  const account = await api.call('accounts.add', { exchange: 'binance', label: 'main', apiKey: stub.apiKey, apiSecret: stub.secret, baseUrl: stub.url });
  await api.call('risk.config.set', { config: await api.call('risk.config.get', {}) });
  await api.call('accounts.arm', { id: account.id, confirmLabel: 'main' });
  await until(() => api.call('risk.state', {}), (s) => !s.reconciling, 'reconciliation after arming');
  await api.call('market.setSource', { kind: 'exchange', exchange: 'binance', symbols: [...symbols], baseUrl: stub.url });
  return account;
}
