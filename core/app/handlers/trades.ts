import type { TradeView } from '../../api/contract/trades.js';
import { quoteMoneyDecimals } from '../../exchange/volume-tiers.js';
import type { PositionLedger } from '../../positions/ledger.js';
import { reviewTrades, type TradeReview } from '../../positions/trade-review.js';
import type { HandlerMap } from './merge.js';

export interface TradeHandlersOptions {
  readonly ledger: Pick<PositionLedger, 'trades' | 'entry'>;
  /** First stops by `<account>\u0000<tradeId>`. */
  readonly initialStops: () => ReadonlyMap<string, number>;
  /** The market's clock (an open trade's duration runs to it). */
  readonly now: () => number;
  readonly priceDecimals: (account: string, symbol: string) => number;
}

/** `trades.list`: trade review from the position ledger's trade book. */
export function tradeHandlers(options: TradeHandlersOptions): HandlerMap {
  const { ledger } = options;
  return {
    'trades.list': async ({ account, symbol, limit }) => {
      const stops = options.initialStops();
      const records = ledger.trades.list(account).filter((trade) => symbol === undefined || trade.symbol === symbol);
      const reviews = reviewTrades(records, {
        openQuantity: (trade) => {
          const entry = ledger.entry(trade.account, trade.owner, trade.symbol);
          return entry && entry.position.tradeId === trade.tradeId ? entry.position.quantity : null;
        },
        initialStop: (trade) => stops.get(`${trade.account}\u0000${trade.tradeId}`) ?? null,
        now: options.now(),
      });
      return reviews.slice(0, limit).map((review) => tradeView(review, options.priceDecimals(review.account, review.symbol)));
    },
  };
}

function tradeView(review: TradeReview, priceDecimals: number): TradeView {
  const { tradeId, owner, realizedPnl, exitReasons, ...rest } = review;
  return { ...rest, id: tradeId, source: owner, pnl: realizedPnl, exitReasons: [...exitReasons], priceDecimals, moneyDecimals: quoteMoneyDecimals(review.symbol) };
}
