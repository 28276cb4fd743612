import type { PnlSummaryView } from '../api/contract/pnl.js';
import { ApiError } from '../api/errors.js';
import type { PnlFill } from '../engine/pnl-ledger.js';
import { pnlReport } from '../engine/pnl-report.js';
import { currencyMoneyDecimals } from '../exchange/volume-tiers.js';
import type { JournalOrders } from '../orders/journal.js';
import type { OrderRecord } from '../orders/order-record.js';
import type { HandlerMap } from './handlers/merge.js';
import type { PaperAccount } from '../accounts/paper-account.js';
import { fillSequence } from '../positions/fill-sequence.js';
import type { ExchangePort, Fill, MarketRules } from '../exchange/port.js';
import type { MarketFeed } from '../market/feed.js';
import type { MarketSymbol } from '../market/candle.js';

export interface PnlServiceOptions {
  readonly paper: Pick<PaperAccount, 'started' | 'markPrice' | 'startingBalance'> & { readonly port: Pick<ExchangePort, 'loadMarkets' | 'fetchFills'> };
  /** The watched market (its clock: "today" is the market's day). */
  readonly market: { readonly current: Pick<MarketFeed, 'history'> };
  /** Who sent each order (strategy name, or null for the ticket and the emergency stop). */
  readonly orders: Pick<JournalOrders, 'get'>;
  readonly now: () => number;
  /**
   * The paper account's fill number at its last reset (null: never reset). P&L and the equity curve
   * start over there: earlier fills stay in history but belonged to the account before the reset.
   */
  readonly sinceFill?: () => number | null;
}

const MANUAL = 'manual';
const PAPER = 'paper';

/** A paper fill as P&L counts it, with the venue's fill id (the running figures tell a fill they already have by it). */
export interface PaperPnlFill extends PnlFill {
  readonly fillId: string;
}

/** The journal's row of a fill's order, as far as P&L reads it. */
export type FillOrder = Pick<OrderRecord, 'clientOrderId' | 'strategy'>;

/**
 * Serves `pnl.summary`: the paper account's fills (as its exchange reports them), each tagged with
 * the strategy that sent it, replayed through the engine's position accounting and valued at the
 * paper account's marks — the prices the Positions tab and the risk gate use.
 */
export class PnlService {
  constructor(private readonly options: PnlServiceOptions) {}

  handlers(): HandlerMap {
    return { 'pnl.summary': () => this.summary() };
  }

  async summary(): Promise<PnlSummaryView> {
    const { paper, market } = this.options;
    const { fills, markets } = await this.fills();
    let clock = this.options.now();
    for (const symbol of markets.keys()) {
      // Simulated and replayed markets run on their own clock; "today" is the market's day.
      const last = (await market.current.history(symbol, '1m', 1).catch(() => [])).at(-1);
      if (last && last.time > clock) clock = last.time;
    }
    const report = pnlReport({ fills, mark: (symbol) => paper.markPrice(symbol), now: clock, startingBalance: paper.startingBalance });
    const quote = [...markets.values()][0]?.quote ?? 'USDT';
    return { account: PAPER, quote, moneyDecimals: currencyMoneyDecimals(quote), ...report };
  }

  /**
   * The paper account's fills since its last reset, each tagged with who sent it, in the order the P&L
   * tab replays them: the running figures of the Strategies rows (StrategyRealized) start from these.
   */
  async paperFills(): Promise<PaperPnlFill[]> {
    return (await this.fills()).fills;
  }

  /**
   * A new paper fill as the P&L tab counts it (the same tag, the same reset line); null when it belongs
   * to the account before its last reset. `order`: the journal's row of the fill's order when the caller
   * has it (the journal's new-fill listeners do), so it is not looked up again. `sources` caches who sent
   * each order over a long history.
   */
  pnlFill(fill: Fill, order: FillOrder | null = null, sources?: Map<string, string>): PaperPnlFill | null {
    const since = this.options.sinceFill?.() ?? null;
    if (since !== null && fillSequence(fill.id) <= since) return null;
    let source = order?.clientOrderId === fill.clientOrderId ? (order.strategy ?? MANUAL) : sources?.get(fill.clientOrderId);
    if (source === undefined) {
      source = this.options.orders.get(fill.clientOrderId)?.strategy ?? MANUAL;
      sources?.set(fill.clientOrderId, source);
    }
    return { fillId: fill.id, clientOrderId: fill.clientOrderId, symbol: fill.symbol, side: fill.side, price: fill.price, amount: fill.amount, fee: fill.fee, time: fill.time, source };
  }

  /** The paper account's fills since its last reset, each tagged with who sent it. */
  private async fills(): Promise<{ fills: PaperPnlFill[]; markets: ReadonlyMap<MarketSymbol, MarketRules> }> {
    const { paper } = this.options;
    if (!paper.started) throw new ApiError('unavailable', 'the paper exchange is starting; try again in a moment');
    const port = paper.port;
    const markets = await port.loadMarkets();
    const fills: PaperPnlFill[] = [];
    const sources = new Map<string, string>();
    for (const symbol of markets.keys()) {
      // In the venue's order: a symbol's position accounting depends on it, other symbols don't.
      for (const fill of await port.fetchFills(symbol)) {
        const counted = this.pnlFill(fill, null, sources);
        if (counted) fills.push(counted);
      }
    }
    return { fills, markets };
  }
}
