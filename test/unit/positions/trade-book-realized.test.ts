import { describe, expect, it } from 'vitest';
import { fromUnits, toUnits } from '../../../core/exchange/paper-decimal.js';
import type { Fill } from '../../../core/exchange/port.js';
import { OrderJournal } from '../../../core/orders/journal.js';
import { MANUAL, PositionLedger } from '../../../core/positions/ledger.js';
import { openMemoryStore } from '../../../core/store/open-store.js';
import type { HalyardStore } from '../../../core/store/store.js';
import { seeded } from '../../helpers/seeded.js';

const ACCOUNTS = ['binance:main', 'kraken:spare'];
const OWNERS = [MANUAL, 'alpha', 'beta'];
const SYMBOLS = ['BTC/USDT', 'ETH/USDT'];
const T0 = Date.UTC(2026, 2, 15, 12);

/** The journal and the position ledger on a store, wired as core/app/services.ts wires them. */
let trades = 0;
function core(store: HalyardStore): { journal: OrderJournal; ledger: PositionLedger } {
  const journal = new OrderJournal(store.orders, store.fills, () => T0);
  const ledger = new PositionLedger({ store: store.ledger, newTradeId: (owner, symbol) => `${owner}-${symbol}-${++trades}` });
  journal.onNewFill((venue, fill, order) => ledger.applyFill(venue, fill, order ? { owner: order.strategy ?? MANUAL, tradeId: order.tradeId, exitReason: order.exitReason } : null));
  ledger.load();
  return { journal, ledger };
}

/** Trade History's trades of the owner, added up from scratch: the figure the running one must equal. */
function fromTrades(ledger: PositionLedger, account: string, owner: string): { exact: string; floats: number } {
  const trades = ledger.trades.list(account).filter((trade) => trade.owner === owner);
  return { exact: String(fromUnits(trades.reduce((sum, trade) => sum + toUnits(trade.realizedPnl), 0n))), floats: trades.reduce((sum, trade) => sum + trade.realizedPnl, 0) };
}

describe('an owner’s realized P&L on a live account, kept running by the trade book', () => {
  it('equals the sum of its trades after every fill, with fees in quote, base and BNB, and is the same after a restart (120 random accounts)', () => {
    let exits = 0;
    for (let seed = 1; seed <= 120; seed++) {
      const { next, pick } = seeded(seed);
      const store = openMemoryStore({ now: () => T0 });
      let { journal, ledger } = core(store);
      const held = new Map<string, number>();
      const count = 30 + Math.floor(next() * 40);
      const restartAt = Math.floor(next() * count);
      let time = T0;
      let fills = 0;
      for (let i = 0; i < count; i++) {
        if (i === restartAt) {
          const before = ACCOUNTS.flatMap((account) => OWNERS.map((owner) => String(ledger.trades.realizedOf(account, owner))));
          ({ journal, ledger } = core(store));
          expect(ACCOUNTS.flatMap((account) => OWNERS.map((owner) => String(ledger.trades.realizedOf(account, owner)))), `seed ${seed}: restart`).toEqual(before);
        }
        const account = pick(ACCOUNTS);
        const owner = pick(OWNERS);
        const symbol = pick(SYMBOLS);
        const base = symbol.split('/')[0]!;
        const key = `${account} ${owner} ${symbol}`;
        const holding = held.get(key) ?? 0;
        const side = holding > 0 && next() < 0.5 ? 'sell' : 'buy';
        const amount = side === 'buy' ? Number((0.01 + next()).toFixed(6)) : Number((holding * pick([0.4, 1, 1.5])).toFixed(6)) || 0.001;
        const price = Number((100 + next() * 30).toFixed(pick([2, 5])));
        const clientOrderId = `s${seed}-o${i}`;
        journal.intend({ clientOrderId, symbol, side, type: 'market', amount }, { venue: account, strategy: owner === MANUAL ? null : owner, reason: 'test', exitReason: side === 'sell' ? 'signal' : null });
        // Filled in one to three pieces, each with its own fee currency.
        const pieces = 1 + Math.floor(next() * 3);
        let left = amount;
        for (let p = 0; p < pieces && left > 0; p++) {
          const piece = p === pieces - 1 ? left : Number((left * next()).toFixed(6));
          if (!(piece > 0)) continue;
          left = Number((left - piece).toFixed(6));
          const currency = pick(['USDT', base, 'BNB', 'BNB-unpriced']);
          const fee = currency === 'USDT' ? piece * price * 0.001 : currency === base ? piece * 0.001 : 0.0000123 * (1 + next());
          const fill: Fill = {
            id: `f${String(++fills).padStart(5, '0')}`,
            clientOrderId,
            exchangeOrderId: `x-${clientOrderId}`,
            symbol,
            side,
            price,
            amount: piece,
            fee,
            feeCurrency: currency.startsWith('BNB') ? 'BNB' : currency,
            ...(currency === 'BNB' ? { feeInQuote: fee * 600 } : currency === 'BNB-unpriced' ? { feeInQuote: null } : {}),
            liquidity: 'taker',
            time: (time += pick([1, 60_000])),
          };
          journal.fills.record(account, fill);
        }
        held.set(key, side === 'buy' ? holding + amount : Math.max(0, holding - amount));
        if (side === 'sell') exits++;
        for (const a of ACCOUNTS) {
          for (const o of OWNERS) {
            const running = ledger.trades.realizedOf(a, o);
            const reference = fromTrades(ledger, a, o);
            expect(String(running), `seed ${seed}, fill ${i}, ${a} ${o}`).toBe(reference.exact);
            // The figure the row showed before (a sum of floats), to far below a cent.
            expect(Math.abs(running - reference.floats)).toBeLessThan(1e-9);
          }
        }
      }
      store.close();
    }
    expect(exits).toBeGreaterThan(1_000);
  }, 60_000);
});
