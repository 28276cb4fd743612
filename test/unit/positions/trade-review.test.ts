import { describe, expect, it } from 'vitest';
import type { Fill } from '../../../core/exchange/port.js';
import { ExitStateBook } from '../../../core/positions/exit-state-book.js';
import { PositionLedger } from '../../../core/positions/ledger.js';
import { reviewTrades } from '../../../core/positions/trade-review.js';
import { openMemoryStore } from '../../../core/store/open-store.js';
import { Position } from '../../../core/engine/positions.js';

const T0 = Date.UTC(2025, 0, 1);
let seq = 0;
function fill(side: 'buy' | 'sell', amount: number, price: number, fee: number, time: number): Fill {
  seq += 1;
  return { id: `paper-${seq}`, clientOrderId: `o${seq}`, exchangeOrderId: null, symbol: 'ETH/USDT', side, price, amount, fee, feeCurrency: 'USDT', liquidity: 'taker', time };
}

function world() {
  const store = openMemoryStore({ now: () => T0 });
  const ledger = new PositionLedger({ store: store.ledger, newTradeId: () => 'trade-1' });
  const review = (now: number) =>
    reviewTrades(ledger.trades.list(), {
      openQuantity: (t) => {
        const entry = ledger.entry(t.account, t.owner, t.symbol);
        return entry && entry.position.tradeId === t.tradeId ? entry.position.quantity : null;
      },
      initialStop: (t) => store.ledger.initialStops().get(`${t.account}\u0000${t.tradeId}`) ?? null,
      now,
    });
  return { store, ledger, review };
}

describe('trade review from the position ledger', () => {
  it('a half-closed trade is open with 50 % closed: averages, realized P&L of the sold part, every fee, duration so far', () => {
    const { ledger, review } = world();
    ledger.applyFill('paper', fill('buy', 1, 3_000, 3, T0), null);
    ledger.applyFill('paper', fill('buy', 1, 3_100, 3.1, T0 + 60_000), null);
    ledger.applyFill('paper', fill('sell', 1, 3_200, 3.2, T0 + 120_000), null);
    const [trade] = review(T0 + 300_000);
    expect(trade).toMatchObject({ tradeId: 'trade-1', owner: 'manual', status: 'partial', closedPct: 50, entries: 2, exits: 1, entryQuantity: 2, openQuantity: 1, closedAt: null, durationMs: 300_000, rMultiple: null });
    expect(trade!.entryAverage).toBeCloseTo(3_050, 9);
    expect(trade!.exitAverage).toBe(3_200);
    // FIFO: the first entry (3,000, fee 3) is sold at 3,200 with fee 3.2 → 200 − 6.2.
    expect(trade!.realizedPnl).toBeCloseTo(193.8, 9);
    expect(trade!.pnlPct).toBeCloseTo((193.8 / 3_000) * 100, 9);
    expect(trade!.fees).toBeCloseTo(9.3, 9);
    // The position's fees are its fills' fees too.
    expect(ledger.entries()[0]!.fees).toBeCloseTo(9.3, 9);
  });

  it('a closed trade with a first stop has its R multiple: P&L over (entry − that stop) × quantity', () => {
    const { store, ledger, review } = world();
    ledger.applyFill('paper', fill('buy', 2, 100, 0, T0), { owner: 'grid', tradeId: 'grid-t1', exitReason: null });
    // The strategy's exits as saved: the first stop at 95 is what 1 R is, a later move to 99 is not.
    const book = new ExitStateBook(store.ledger);
    const position = new Position('grid-t1', 'ETH/USDT', T0, 100);
    position.addFill('o', 2, 100, 0, T0);
    position.exits = { stopLoss: 95, takeProfits: [], baseQuantity: 2, trailing: null, deadline: null, lastTakeProfitClosesAll: true };
    book.sync('paper', 'grid', 'ETH/USDT', position);
    position.exits = { ...position.exits, stopLoss: 99 };
    book.sync('paper', 'grid', 'ETH/USDT', position);
    ledger.applyFill('paper', fill('sell', 2, 110, 0, T0 + 3_600_000), { owner: 'grid', tradeId: 'grid-t1', exitReason: 'take_profit' });
    const [trade] = review(T0 + 7_200_000);
    expect(trade).toMatchObject({ status: 'closed', closedPct: 100, closedAt: T0 + 3_600_000, durationMs: 3_600_000, initialStop: 95, exitReasons: ['take_profit'] });
    expect(trade!.realizedPnl).toBeCloseTo(20, 9);
    expect(trade!.rMultiple).toBeCloseTo(2, 9);
  });
});
