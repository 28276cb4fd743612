import { ApiError } from '../../api/errors.js';
import type { FillEstimateView } from '../../api/contract/depth.js';
import type { MarketRules } from '../../exchange/port.js';
import { fmt } from '../../exchange/precision.js';
import type { MarketSymbol } from '../../market/candle.js';
import type { OrderBook } from '../../market/order-book.js';
import { decimalsForStep } from '../../market/watchlist.js';
import { checkMarketDepth } from '../../orders/depth-check.js';
import type { HandlerMap } from './merge.js';

/** Each reads the account's own market: the chart's for the paper account, its exchange's for a live one. */
export interface DepthHandlersOptions {
  readonly book: (symbol: MarketSymbol, account: string) => Promise<OrderBook | null>;
  readonly last: (symbol: MarketSymbol, account: string) => number | null;
  /** The account's market rules and rounding. */
  readonly market: (symbol: MarketSymbol, account: string) => { readonly rules: MarketRules; round(amount: number): number } | null;
  readonly maxSlippagePct: () => number;
}

/** `market.fillEstimate`: the order road's depth check, asked ahead of time so the ticket can show it. */
export function depthHandlers(options: DepthHandlersOptions): HandlerMap {
  return {
    'market.fillEstimate': async ({ symbol, side, amount, account = 'paper' }): Promise<FillEstimateView> => {
      const market = options.market(symbol, account);
      if (!market) throw new ApiError('not_found', `${symbol} is not traded on this market`, [{ path: 'symbol', message: 'not traded here' }]);
      const rounded = market.round(Number(amount));
      if (!(rounded > 0)) throw new ApiError('bad_request', `amount ${amount} ${market.rules.base} rounds to 0 at the step ${fmt(market.rules.amountStep)}`, [{ path: 'amount', message: 'too small for this market' }]);
      const maxSlippagePct = options.maxSlippagePct();
      const last = options.last(symbol, account);
      const check = checkMarketDepth({ side, amount: rounded, book: await options.book(symbol, account), last, maxSlippagePct, base: market.rules.base, quote: market.rules.quote, priceDecimals: decimalsForStep(market.rules.priceStep) });
      const estimate = check.estimate;
      return {
        symbol,
        side,
        amount: rounded,
        filled: estimate?.filled ?? 0,
        expectedPrice: estimate?.averagePrice ?? null,
        worstPrice: estimate?.worstPrice ?? null,
        last,
        spreadPct: estimate?.spreadPct ?? null,
        slippagePct: estimate?.slippagePct ?? null,
        maxSlippagePct,
        allowed: check.allowed,
        message: estimate === null ? 'no order book to estimate from' : check.message,
      };
    },
  };
}
