import { expect, vi } from 'vitest';
import type { Candle } from '../../core/market/candle.js';
import { until } from '../helpers/api-terminal.js';
import { armedRoad, type Road, type RoadAccount } from './order-roads-helpers.js';

/**
 * The strategy roads on an armed live account, shared by every venue stub: a configuration on the
 * account's own venue feed (the stub's candles drive it) enters BTC and ETH with stops, the stops rest
 * at the venue, BTC's trails (cancel, then replace), a signal exit releases BTC's stop before selling,
 * the emergency stop keeps ETH's stop, and after the configuration is switched off its ETH leftover is
 * closed from its row (the stop released first). The venue's side of it is read through `StrategyVenue`.
 */
export const GUARDED_STRATEGY = `
import { z } from 'zod';
export default {
  apiVersion: 1,
  name: 'guarded-road',
  description: 'Test strategy: one market entry per symbol with a stop; BTC trails once up and exits on a dip.',
  params: z.object({}),
  timeframes: ['1m'],
  warmupBars: 1,
  create(p, symbol) {
    let done = false;
    let peaked = false;
    const btc = symbol.startsWith('BTC/');
    return {
      onCandle(ctx) {
        if (ctx.position !== null) {
          if (btc && ctx.candle.close >= 50400) peaked = true;
          return btc && peaked && ctx.candle.close < 50200 ? [{ kind: 'exit_all', symbol, reason: 'signal' }] : [];
        }
        if (done || ctx.openEntryOrders > 0) return [];
        const exits = btc ? { stopLoss: 49000, trailing: { activationPrice: 50200, distancePct: 1 } } : { stopLoss: 2900 };
        return [{ kind: 'enter', symbol, size: { kind: 'quantity', quantity: btc ? 0.01 : 0.1 }, orderType: 'market', reason: 'enter once', exits }];
      },
      onPositionClosed() { done = true; },
      readiness() { return 0; },
    };
  },
};
`;

export type Coin = 'btc' | 'eth';
export type Heard = 'entry' | 'stop' | 'cancel' | 'exit';

export interface StrategyVenue {
  readonly exchange: string;
  readonly url: string;
  /** How long one step may take (Kraken paces its private calls seconds apart). */
  readonly stepMs: number;
  /** The unified symbols the configuration trades. */
  readonly symbols: Readonly<Record<Coin, string>>;
  /** The venue's last trade moves to `price` (stops trigger, limits fill) and its candles get a closed 1m bar there. */
  trade(coin: Coin, candle: Candle): void;
  /** Every protective stop the venue holds or held for the coin, in the order placed. */
  stops(coin: Coin): { trigger: number; limit: number; amount: number; open: boolean }[];
  /** What the venue accepted for the coin, in the order it heard it. */
  heard(coin: Coin): Heard[];
}

/** A venue stub as the strategy roads drive it: its candles and its last trade. */
interface TradedStub {
  readonly url: string;
  readonly candles: { append(id: string, candle: Candle): void };
  readonly book: { setPrice(id: string, price: number): void };
}

/** The venue side of the roads on `stub`, whose markets for the coins are `ids`: trades move its book and add its candles. */
export function stubVenue(stub: () => TradedStub, ids: Readonly<Record<Coin, string>>, rest: Omit<StrategyVenue, 'url' | 'trade'>): StrategyVenue {
  return {
    ...rest,
    get url() {
      return stub().url;
    },
    trade(coin, candle) {
      stub().candles.append(ids[coin], candle);
      stub().book.setPrice(ids[coin], candle.close);
    },
  };
}

/** The account armed for the strategy roads: the strategy file in place, the venue's candles polled every 100 ms. */
export function armedStrategyRoad(venue: RoadAccount, permissions: 'checked' | 'unknown'): Promise<Road> {
  return armedRoad({ venue, timeoutMs: 60_000, permissions, strategies: { 'guarded-road': GUARDED_STRATEGY }, config: { venuePollMs: 100 } });
}

/** Closed 1m bars (minutes long past, so every one is final) at each coin's price, one per coin every `everyMs`. */
export class BarTape {
  readonly price: Record<Coin, number> = { btc: 50_000, eth: 3_000 };
  private time = Math.floor(Date.now() / 60_000) * 60_000 - 3_000 * 60_000;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly venue: StrategyVenue) {
    for (let i = 0; i < 30; i++) this.next();
  }

  start(everyMs = 100): void {
    this.timer = setInterval(() => this.next(), everyMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  move(coin: Coin, price: number): void {
    this.price[coin] = price;
    this.next();
  }

  private next(): void {
    this.time += 60_000;
    for (const coin of ['btc', 'eth'] as const) {
      const price = this.price[coin];
      this.venue.trade(coin, { time: this.time, open: price, high: price, low: price, close: price, volume: 3 });
    }
  }
}

export async function strategyRoad(road: Road, venue: StrategyVenue): Promise<void> {
  const tape = new BarTape(venue);
  try {
    await drive(road, venue, tape);
  } finally {
    tape.stop();
  }
}

async function drive(road: Road, venue: StrategyVenue, tape: BarTape): Promise<void> {
  const { api, account } = road;
  const poll = { timeout: venue.stepMs, interval: 50 };
  await until(() => api.call('risk.state', {}), (s) => !s.reconciling, 'reconciliation after arming');
  // A live configuration trades on its own account's exchange: the terminal watches the venue's feed.
  await api.call('market.setSource', { kind: 'exchange', exchange: venue.exchange, symbols: [venue.symbols.btc, venue.symbols.eth], baseUrl: venue.url });
  tape.start();
  await api.call('strategies.save', { name: 'guard', strategy: 'guarded-road', symbols: [venue.symbols.btc, venue.symbols.eth], account, enabled: true });
  const id = (coin: Coin) => `${account}:guard:${venue.symbols[coin]}`;
  const row = async (coin: Coin) => (await api.call('positions.list', {})).find((p) => p.id === id(coin));

  // The candles enter both; each position's stop rests at the venue and its row says so.
  await vi.waitFor(async () => expect(await row('btc')).toMatchObject({ quantity: 0.01, protection: 'protected at venue (stop 49000)' }), poll);
  await vi.waitFor(async () => expect(await row('eth')).toMatchObject({ quantity: 0.1, protection: 'protected at venue (stop 2900)' }), poll);
  expect(venue.stops('btc')).toEqual([{ trigger: 49_000, limit: 48_755, amount: 0.01, open: true }]);
  expect(venue.stops('eth')).toEqual([{ trigger: 2_900, limit: 2_885.5, amount: 0.1, open: true }]);

  // BTC trades up past the trailing stop's activation: the stop trails to 1 % under the high, cancel then replace.
  tape.move('btc', 50_500);
  await vi.waitFor(async () => expect((await row('btc'))?.protection).toBe('protected at venue (stop 49995)'), poll);
  expect(venue.stops('btc')).toEqual([
    { trigger: 49_000, limit: 48_755, amount: 0.01, open: false },
    { trigger: 49_995, limit: 49_745, amount: 0.01, open: true },
  ]);
  expect(mostLive(venue.heard('btc'))).toBe(1);

  // A dip: the strategy's signal exit releases BTC's stop at the venue before it sells.
  tape.move('btc', 50_100);
  await vi.waitFor(async () => expect(await row('btc')).toBeUndefined(), poll);
  expect(venue.heard('btc')).toEqual(['entry', 'stop', 'cancel', 'stop', 'cancel', 'exit']);
  expect(venue.stops('btc').filter((s) => s.open)).toEqual([]);
  const fills = (await api.call('fills.list', {})).filter((f) => f.source === 'guard' && f.symbol === venue.symbols.btc);
  expect(fills.map((f) => [f.side, f.amount, f.exitReason])).toEqual([
    ['buy', 0.01, null],
    ['sell', 0.01, 'signal'],
  ]);

  // The emergency stop keeps ETH's protective stop at the venue and lists it as kept.
  const stopped = await api.call('risk.emergencyStop', { source: 'button' });
  expect(stopped.stop?.orders.map((o) => [o.symbol, o.outcome])).toEqual([[venue.symbols.eth, 'kept']]);
  expect(venue.stops('eth').filter((s) => s.open)).toHaveLength(1);
  await api.call('risk.rearm', { confirm: true });

  // Switched off, the configuration leaves ETH protected; closing the leftover from its row releases the stop first.
  await api.call('strategies.setEnabled', { name: 'guard', enabled: false });
  expect(await row('eth')).toMatchObject({ quantity: 0.1, protection: 'protected at venue (stop 2900)' });
  await api.call('positions.close', { id: id('eth') });
  await vi.waitFor(async () => expect(await row('eth')).toBeUndefined(), poll);
  expect(venue.heard('eth')).toEqual(['entry', 'stop', 'cancel', 'exit']);
  expect(venue.stops('eth')).toEqual([{ trigger: 2_900, limit: 2_885.5, amount: 0.1, open: false }]);
  const ethFills = (await api.call('fills.list', {})).filter((f) => f.source === 'guard' && f.symbol === venue.symbols.eth);
  expect(ethFills.map((f) => [f.side, f.amount, f.exitReason])).toEqual([
    ['buy', 0.1, null],
    ['sell', 0.1, 'manual'],
  ]);
}

/** The most protective stops live at once, replaying what the venue accepted in order. */
function mostLive(heard: readonly Heard[]): number {
  let live = 0;
  let most = 0;
  for (const what of heard) {
    if (what === 'stop') live++;
    if (what === 'cancel') live--;
    most = Math.max(most, live);
  }
  return most;
}
