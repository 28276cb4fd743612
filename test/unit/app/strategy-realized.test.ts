import { describe, expect, it } from 'vitest';
import { byFillSequence } from '../../../core/accounts/paper-account.js';
import { PnlService } from '../../../core/app/pnl-service.js';
import { StrategyRealized } from '../../../core/app/strategy-realized.js';
import { PaperExchange } from '../../../core/exchange/paper-exchange.js';
import type { Fill, OrderType } from '../../../core/exchange/port.js';
import type { MarketSymbol } from '../../../core/market/candle.js';
import { OrderJournal } from '../../../core/orders/journal.js';
import { JournaledExchange } from '../../../core/orders/journaled-exchange.js';
import { MANUAL, PositionLedger } from '../../../core/positions/ledger.js';
import { openMemoryStore } from '../../../core/store/open-store.js';
import type { HalyardStore } from '../../../core/store/store.js';
import { testMarket } from '../../helpers/markets.js';
import { seeded } from '../../helpers/seeded.js';

const OWNERS = [MANUAL, 'alpha', 'beta', 'gamma'];
const MARKETS = ['BTC/USDT', 'ETH/USDT'].map((symbol) => testMarket(symbol));
const T0 = Date.UTC(2026, 2, 15, 12);
const CASH = 1_000_000;

/**
 * The paper account as the core runs it, on one store: the journal and the position ledger, the real
 * paper exchange (started from the journal's fills in PaperAccount's order), PnlService (the P&L tab)
 * and the Strategies rows' running figures, wired as core/app/services.ts and wiring.ts wire them.
 * Building it again on the same store is a restart.
 */
let trades = 0;
function paperCore(store: HalyardStore, clock: { now: number }) {
  const now = () => clock.now;
  const journal = new OrderJournal(store.orders, store.fills, now);
  const ledger = new PositionLedger({ store: store.ledger, newTradeId: (owner, symbol) => `${owner}-${symbol}-${++trades}` });
  journal.onNewFill((venue, fill, order) => ledger.applyFill(venue, fill, order ? { owner: order.strategy ?? MANUAL, tradeId: order.tradeId, exitReason: order.exitReason } : null));
  ledger.load();
  const paper = new PaperExchange({ markets: MARKETS, balances: { USDT: CASH }, now, history: journal.venueFills('paper').sort(byFillSequence), persistence: store.paper.port('paper'), config: { slippage: 0 } });
  const port = JournaledExchange.wrap({ inner: paper, journal, halted: () => false, venue: 'paper' });
  const pnl = new PnlService({
    paper: { started: true, port, markPrice: (symbol) => paper.lastCandleClose(symbol), startingBalance: CASH },
    market: { current: { history: async () => [] } },
    orders: journal.orders,
    now,
    sinceFill: () => store.paper.resetFillSeq('paper'),
  });
  let told = 0;
  // Work a test runs once, between the history's read and the running figures' taking it.
  let afterRead: (() => void) | null = null;
  const paperFills = async () => {
    const history = await pnl.paperFills();
    const work = afterRead;
    afterRead = null;
    work?.();
    return history;
  };
  const realized = new StrategyRealized({ paperFills, paperFill: (fill, order) => pnl.pnlFill(fill, order), trades: ledger.trades, changed: () => told++ });
  journal.onNewFill((venue, fill, order) => {
    if (venue === 'paper') realized.paperFill(fill, order);
  });
  return { journal, paper, port, pnl, realized, told: () => told, afterRead: (work: () => void) => (afterRead = work) };
}

type PaperCore = ReturnType<typeof paperCore>;

/** The Strategies rows' figures and the P&L tab's "P&L by strategy" (all time), as decimal text. */
async function figures(core: PaperCore): Promise<{ rows: string[]; tab: string[] }> {
  const summary = await core.pnl.summary();
  return {
    rows: OWNERS.map((owner) => String(core.realized.of('paper', owner))),
    tab: OWNERS.map((owner) => String(summary.bySource.find((row) => row.source === owner)?.periods.all.realizedNet ?? 0)),
  };
}

describe('the Strategies rows’ realized P&L on the paper account', () => {
  it('is the P&L tab’s figure after every bar — partial fills, several configurations, a flatten, a restart, a reset, fills during a rebuild (40 random sessions)', async () => {
    let fills = 0;
    let compared = 0;
    let moved = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const { next, pick } = seeded(seed);
      const store = openMemoryStore({ now: () => T0 });
      const clock = { now: T0 };
      let core = paperCore(store, clock);
      await core.realized.rebuild();
      const price = new Map(MARKETS.map((m) => [m.symbol, 100]));
      let orders = 0;
      const bars = 24 + Math.floor(next() * 16);
      const restartAt = Math.floor(next() * bars);
      const resetAt = next() < 0.3 ? Math.floor(next() * bars) : -1;
      const rebuildAt = Math.floor(next() * bars);
      let shown = OWNERS.map(() => '0');
      let told = 0;
      const send = (symbol: MarketSymbol, side: 'buy' | 'sell', amount: number, type: OrderType, owner: string) => {
        const at = price.get(symbol)!;
        const request = { clientOrderId: `s${seed}-${++orders}`, symbol, side, type, amount, ...(type === 'limit' ? { price: Number((side === 'buy' ? at * 1.01 : at * 0.99).toFixed(2)) } : {}) };
        return core.port.submit(request, { strategy: owner === MANUAL ? null : owner, reason: 'test', exitReason: side === 'sell' ? 'signal' : null }, true).catch(() => null);
      };
      for (let bar = 0; bar < bars; bar++) {
        if (bar === restartAt) {
          const before = await figures(core);
          core = paperCore(store, clock);
          await core.realized.rebuild();
          expect(await figures(core), `seed ${seed}: after the restart`).toEqual(before);
          told = core.told();
        }
        if (bar === resetAt && !core.paper.hasWorkingOrders()) {
          core.paper.reset({ USDT: CASH });
          store.paper.markReset('paper', clock.now);
          await core.realized.rebuild();
        }
        // A few orders from the trader and the configurations: entries, exits of part, all or more than
        // the sender holds (a manual sell beyond its own position closes the configurations' ones).
        for (let n = Math.floor(next() * 4); n > 0; n--) {
          const symbol = pick(MARKETS).symbol;
          const base = core.paper.balancesNow().find((b) => b.currency === symbol.split('/')[0])?.free ?? 0;
          const side = base > 0.001 && next() < 0.5 ? 'sell' : 'buy';
          const amount = Number((side === 'buy' ? 0.05 + next() * 2 : base * pick([0.25, 0.5, 1])).toFixed(4));
          if (amount > 0) void send(symbol, side, amount, pick(['market', 'limit']), pick(OWNERS));
        }
        await new Promise((resolve) => setTimeout(resolve, 0));
        clock.now += 60_000;
        const candle = (symbol: MarketSymbol) => {
          const close = Number((price.get(symbol)! * (0.97 + next() * 0.06)).toFixed(2));
          price.set(symbol, close);
          // Thin bars: limit orders fill in several pieces over several bars.
          core.paper.onCandle(symbol, { time: clock.now, open: close, high: close * 1.02, low: close * 0.98, close, volume: pick([0.3, 0.7, 1_000]) });
        };
        // Sometimes the figures are rebuilt (a reset, a market switch) while this bar's fills land: one
        // market's before the history is read (it holds them), the other's after (it does not).
        let rebuilding: Promise<void> | null = null;
        if (bar === rebuildAt) {
          core.afterRead(() => candle(MARKETS[1]!.symbol));
          rebuilding = core.realized.rebuild();
          candle(MARKETS[0]!.symbol);
        } else {
          for (const { symbol } of MARKETS) candle(symbol);
        }
        await rebuilding;
        await new Promise((resolve) => setTimeout(resolve, 0));
        const { rows, tab } = await figures(core);
        expect(rows, `seed ${seed}, bar ${bar}`).toEqual(tab);
        compared++;
        // A row that moved was sent again (once per turn, however many fills moved it).
        if (rows.join() !== shown.join()) expect(core.told(), `seed ${seed}, bar ${bar}: rows sent again`).toBeGreaterThan(told);
        shown = rows;
        told = core.told();
        if (rows.filter((row) => row !== '0').length >= 2) moved++;
      }
      fills += core.journal.venueFills('paper').length;
      store.close();
    }
    expect(compared).toBeGreaterThan(800);
    expect(fills).toBeGreaterThan(1_000);
    // Most bars compared figures of two or more sources that had realized something.
    expect(moved).toBeGreaterThan(compared / 2);
  }, 120_000);

  it('waits for the start’s read, and reads again at the next fill when the paper account did not answer', async () => {
    const fill = (n: number, side: 'buy' | 'sell', price: number): Fill => ({ id: `x${n}-${n}`, clientOrderId: `o${n}`, exchangeOrderId: `x${n}`, symbol: 'BTC/USDT', side, price, amount: 1, fee: 0.1, feeCurrency: 'USDT', liquidity: 'taker', time: T0 + n });
    const book: Fill[] = [];
    let answering = false;
    let reads = 0;
    const tagged = (f: Fill) => ({ ...f, fillId: f.id, source: 'alpha' });
    const realized = new StrategyRealized({
      paperFills: async () => {
        reads++;
        if (!answering) throw new Error('the paper exchange is starting; try again in a moment');
        return book.map(tagged);
      },
      paperFill: (f) => tagged(f),
      trades: { realizedOf: () => 0 },
      changed: () => undefined,
    });
    const land = (f: Fill) => {
      book.push(f);
      realized.paperFill(f, null);
    };
    // Before the start's read: the fill waits in the account's history, nothing is read for it.
    land(fill(1, 'buy', 100));
    expect(reads).toBe(0);
    await realized.rebuild();
    expect(reads).toBe(1);
    // Unanswered: each fill asks again.
    land(fill(2, 'sell', 110));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(reads).toBe(2);
    expect(realized.of('paper', 'alpha')).toBe(0);
    // Answering now: the next fill has the history read again, and it holds every fill so far.
    answering = true;
    land(fill(3, 'buy', 105));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(reads).toBe(3);
    expect(realized.of('paper', 'alpha')).toBeCloseTo(9.8, 10);
    // Read: fills move the figures without reading again.
    land(fill(4, 'sell', 125));
    expect(reads).toBe(3);
    expect(realized.of('paper', 'alpha')).toBeCloseTo(9.8 + 19.8, 10);
  });
});
