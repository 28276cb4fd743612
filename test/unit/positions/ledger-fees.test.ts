import { describe, expect, it } from 'vitest';
import type { Fill } from '../../../core/exchange/port.js';
import { MANUAL, PositionLedger } from '../../../core/positions/ledger.js';
import { openMemoryStore } from '../../../core/store/open-store.js';

/** A position's fees are in quote whatever currency the venue charged them in. */
function fill(id: string, side: Fill['side'], fee: number, feeCurrency: string, feeInQuote?: number | null): Fill {
  return { id, clientOrderId: `o${id}`, exchangeOrderId: `x${id}`, symbol: 'BTC/USDT', side, price: 50_000, amount: 0.01, fee, feeCurrency, ...(feeInQuote === undefined ? {} : { feeInQuote }), liquidity: 'taker', time: Number(id) };
}

function ledger(): PositionLedger {
  const store = openMemoryStore();
  return new PositionLedger({ store: store.ledger, newTradeId: () => 't1' });
}

describe('fees in the position ledger', () => {
  it('counts a BNB fee at its USDT value at the fill, a base fee at the fill price, and keeps the position what was received', () => {
    const book = ledger();
    book.applyFill('binance:main', fill('1', 'buy', 0.00001, 'BTC'), { owner: MANUAL, tradeId: null, exitReason: null });
    book.applyFill('binance:main', fill('2', 'buy', 0.00083333, 'BNB', 0.499998), { owner: MANUAL, tradeId: null, exitReason: null });
    const entry = book.entry('binance:main', MANUAL, 'BTC/USDT')!;
    // 0.00001 BTC at 50 000 is 0.5 USDT and left the position that much smaller; the BNB fee is worth 0.499998 USDT.
    expect(entry.position.quantity).toBeCloseTo(0.01999, 12);
    expect(entry.fees).toBeCloseTo(0.999998, 12);
  });

  it('books a third-currency fee with no venue price as 0, never as that many units of quote', () => {
    const book = ledger();
    book.applyFill('binance:main', fill('1', 'buy', 0.00083333, 'BNB', null), { owner: MANUAL, tradeId: null, exitReason: null });
    expect(book.entry('binance:main', MANUAL, 'BTC/USDT')!.fees).toBe(0);
  });
});
