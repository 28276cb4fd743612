import type { PnlSummaryView } from '../api/contract/pnl.js';
import { ApiError } from '../api/errors.js';
import type { PnlFill } from '../engine/pnl-ledger.js';
import { pnlReport } from '../engine/pnl-report.js';
import type { JournalOrders } from '../orders/journal.js';
import type { HandlerMap } from './handlers/merge.js';
import type { MarketService } from './market-service.js';
import type { PaperAccount } from '../accounts/paper-account.js';
import { fillSequence } from '../positions/fill-sequence.js';
import type { MarketRules } from '../exchange/port.js';
import type { MarketSymbol } from '../market/candle.js';

export interface PnlServiceOptions {
  readonly paper: PaperAccount;
  readonly market: MarketService;
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
    return { account: PAPER, quote, ...report };
  }

  /**
   * Each source's realized P&L after fees since the paper account opened: the P&L tab's all-time
   * figure of the source (its by-strategy row), from the same replay of the same fills.
   */
  async realizedBySource(): Promise<ReadonlyMap<string, number>> {
    const { fills } = await this.fills();
    const report = pnlReport({ fills, mark: (symbol) => this.options.paper.markPrice(symbol), now: this.options.now(), startingBalance: this.options.paper.startingBalance });
    return new Map(report.bySource.map(({ source, periods }) => [source, periods.all.realizedNet]));
  }

  /** The paper account's fills since its last reset, each tagged with who sent it. */
  private async fills(): Promise<{ fills: PnlFill[]; markets: ReadonlyMap<MarketSymbol, MarketRules> }> {
    const { paper, orders } = this.options;
    if (!paper.started) throw new ApiError('unavailable', 'the paper exchange is starting; try again in a moment');
    const port = paper.port;
    const markets = await port.loadMarkets();
    const fills: PnlFill[] = [];
    const sources = new Map<string, string>();
    const since = this.options.sinceFill?.() ?? null;
    for (const symbol of markets.keys()) {
      // In the venue's order: a symbol's position accounting depends on it, other symbols don't.
      for (const fill of await port.fetchFills(symbol)) {
        if (since !== null && fillSequence(fill.id) <= since) continue;
        let source = sources.get(fill.clientOrderId);
        if (source === undefined) {
          source = orders.get(fill.clientOrderId)?.strategy ?? MANUAL;
          sources.set(fill.clientOrderId, source);
        }
        fills.push({ clientOrderId: fill.clientOrderId, symbol, side: fill.side, price: fill.price, amount: fill.amount, fee: fill.fee, time: fill.time, source });
      }
    }
    return { fills, markets };
  }
}
