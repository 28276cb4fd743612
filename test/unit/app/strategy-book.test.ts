import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StrategyBook } from '../../../core/app/strategy-book.js';
import { advanceTrailing, exitStateFrom } from '../../../core/engine/exits.js';
import { Position } from '../../../core/engine/positions.js';
import type { Fill } from '../../../core/exchange/port.js';
import { openMemoryStore } from '../../../core/store/open-store.js';
import type { HalyardStore } from '../../../core/store/store.js';

const T0 = Date.UTC(2024, 0, 1);
const SYMBOL = 'BTC/USDT';
let store: HalyardStore;
let book: StrategyBook;
let fillSeq = 0;

beforeEach(() => {
  store = openMemoryStore({ now: () => T0 });
  book = new StrategyBook(store.trades, 'paper');
  fillSeq = 0;
});
afterEach(() => store.close());

/** Journals an order of `strategy` (null: manual) and one fill of it, numbered as the paper exchange numbers fills. */
function fill(strategy: string | null, side: 'buy' | 'sell', amount: number, price: number, minute: number, fee = 0): Fill {
  const seq = ++fillSeq;
  const clientOrderId = `h-${seq}`;
  store.orders.insert({ clientOrderId, venue: 'paper', symbol: SYMBOL, side, type: 'market', amount, strategy, reason: 'test', at: T0 });
  const recorded: Fill = { id: `paper-${seq}-${seq}`, clientOrderId, exchangeOrderId: `paper-${seq}`, symbol: SYMBOL, side, price, amount, fee, feeCurrency: 'USDT', liquidity: 'taker', time: T0 + minute * 60_000 };
  store.fills.record('paper', recorded);
  return recorded;
}

function attribute(strategy: string, f: Fill, tradeId: string, reason: string | null = null, qty = f.amount): void {
  book.recordFill(strategy, { id: f.id, tradeId, qty, purpose: reason === null ? 'enter' : 'exit', reason: reason ?? 'entry' });
}

describe('StrategyBook', () => {
  it('rebuilds the open position from the fills (tranches, FIFO partial exit) and re-arms its saved exits', () => {
    attribute('bot', fill('bot', 'buy', 2, 100, 1, 0.2), 't1');
    attribute('bot', fill('bot', 'buy', 1, 130, 2, 0.13), 't1');
    attribute('bot', fill('bot', 'sell', 1, 120, 3, 0.12), 't1', 'take_profit');

    // What the engine held before the restart: the same fills, with a trailing stop not armed yet and one take profit left.
    const live = new Position('t1', SYMBOL, T0 + 60_000, 100);
    live.addFill('h-1', 2, 100, 0.2, T0 + 60_000);
    live.addFill('h-2', 1, 130, 0.13, T0 + 120_000);
    live.markHigh(124);
    live.exits = exitStateFrom({ stopLoss: 90, takeProfits: [{ price: 120, fraction: 1 / 3 }, { price: 140, fraction: 2 / 3 }], trailing: { activationPrice: 150, distancePct: 5 }, maxHoldMs: 3_600_000 }, live.openedAt, 3, live.highest);
    live.exits.takeProfits.shift();
    live.reduce(1, 120, 0.12, T0 + 180_000, 'take_profit');
    book.syncExits('bot', SYMBOL, live);

    const restored = new StrategyBook(store.trades, 'paper').restore('bot').get(SYMBOL)!;
    expect(restored.position.tradeId).toBe('t1');
    expect(restored.position.quantity).toBe(2);
    // FIFO: the exit consumed half of the first tranche; 1 @ 100 and 1 @ 130 remain.
    expect(restored.position.openTranches().map((t) => [t.quantity, t.price])).toEqual([
      [1, 100],
      [1, 130],
    ]);
    expect(restored.position.averageEntry).toBe(115);
    expect(restored.position.realizedPnl).toBeCloseTo(live.realizedPnl, 10);
    expect(restored.position.highest).toBe(124);
    expect(restored.exits).toEqual(live.exits);
    expect(restored.exits!.trailing!.stop).toBe(-Infinity);
    expect(restored.position.exits).toBe(restored.exits);

    // Armed later: the trailing stop's level is saved and comes back as it was.
    live.markHigh(160);
    advanceTrailing(live.exits, live.highest);
    book.syncExits('bot', SYMBOL, live);
    expect(new StrategyBook(store.trades, 'paper').restore('bot').get(SYMBOL)!.exits!.trailing).toEqual({ activationPrice: 150, distancePct: 5, active: true, stop: 152 });
  });

  it('keeps only the open trade, and does not give it the exits saved for an earlier trade', () => {
    attribute('bot', fill('bot', 'buy', 1, 100, 1), 't1');
    const earlier = new Position('t1', SYMBOL, T0, 100);
    earlier.addFill('h-1', 1, 100, 0, T0);
    earlier.exits = exitStateFrom({ stopLoss: 90 }, T0, 1, 100);
    book.syncExits('bot', SYMBOL, earlier);
    attribute('bot', fill('bot', 'sell', 1, 95, 2), 't1', 'signal');
    attribute('bot', fill('bot', 'buy', 0.5, 97, 3), 't2');

    const restored = book.restore('bot');
    expect([...restored.keys()]).toEqual([SYMBOL]);
    expect(restored.get(SYMBOL)!.position.tradeId).toBe('t2');
    expect(restored.get(SYMBOL)!.position.quantity).toBe(0.5);
    expect(restored.get(SYMBOL)!.exits).toBeNull();
    expect(book.restore('other')).toEqual(new Map());
  });

  it("takes only its share of a flatten sell, counts its own orders' unattributed fills, and orders fills by the venue's numbers", () => {
    attribute('bot', fill('bot', 'buy', 2, 100, 10), 't1');
    // The emergency flatten (a manual order) sold 3: 1.5 were this configuration's.
    attribute('bot', fill(null, 'sell', 3, 90, 11), 't1', 'emergency_stop', 1.5);
    expect(book.restore('bot').get(SYMBOL)!.position.quantity).toBe(0.5);

    // An order of the configuration that filled while no engine ran (no attribution) still moves its position;
    // its market time is earlier (a replayed market started over) but the venue numbered it later.
    const late = fill('bot', 'buy', 1, 80, 0);
    const position = book.restore('bot').get(SYMBOL)!.position;
    expect(position.quantity).toBe(1.5);
    expect(position.tradeId).toBe('t1');

    attribute('bot', fill('bot', 'sell', 1.5, 85, 12), 't1', 'manual');
    expect(book.restore('bot').size).toBe(0);
    const reopened = fill('bot', 'buy', 1, 86, 13);
    expect(book.restore('bot').get(SYMBOL)!.position.tradeId).toBe(`bot-${reopened.id}`);
    expect(store.trades.forFill('paper', late.id)).toEqual([]);
  });
});
