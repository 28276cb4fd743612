import type { MarketDrivenExchange } from '../exchange/port.js';
import type { Candle, MarketSymbol } from '../market/candle.js';
import type { OrderRouter } from './order-router.js';

/**
 * Hands each base bar to a market-driven exchange (the paper venue matches its working orders on it and
 * keeps it as the symbol's last bar). When the engine owns the exchange (a backtest's own venue: nobody
 * else feeds it or trades on it), a bar that is the very object fed last time — a backtest writes every
 * bar into one object — with none of the engine's orders working is not fed again: the venue would only
 * store the reference it already holds.
 */
export class ExchangeFeed {
  private lastCandle: Candle | null = null;
  private lastSymbol: MarketSymbol | null = null;
  private readonly exchange: MarketDrivenExchange;
  private readonly owned: boolean;
  private readonly router: OrderRouter;

  constructor(exchange: MarketDrivenExchange, owned: boolean, router: OrderRouter) {
    this.exchange = exchange;
    this.owned = owned;
    this.router = router;
  }

  bar(symbol: MarketSymbol, candle: Candle): void {
    if (this.owned && candle === this.lastCandle && symbol === this.lastSymbol && !this.router.hasOrders()) return;
    this.exchange.onCandle(symbol, candle);
    this.lastCandle = candle;
    this.lastSymbol = symbol;
  }
}
