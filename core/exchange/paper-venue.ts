import type { CancelResult, ExchangeOrder, ExchangePort, MarketDrivenExchange, OrderRequest } from './port.js';

/**
 * A venue that decides synchronously (the paper exchange). The engine uses these methods on the
 * backtest and paper paths so that an order's acceptance, rejection and fills are known within the
 * same bar, deterministically; live venues go through the asynchronous port instead.
 */
export interface SimulatedVenue extends MarketDrivenExchange {
  /** Same contract as placeOrder, decided at once; throws ExchangeError. */
  placeOrderNow(request: OrderRequest): ExchangeOrder;
  cancelOrderNow(clientOrderId: string): CancelResult;
  /**
   * Fills a market order right now at a stated price: how intrabar exits execute in simulation
   * (a stop that was hit fills at its stop price, or at the open when the bar gapped through it).
   * Taker fills get the venue's slippage on top; maker fills (take-profit limits) get none.
   */
  executeAt(request: OrderRequest, price: number, liquidity: 'maker' | 'taker', time: number): ExchangeOrder;
  /** Why an order was rejected after it was accepted (e.g. funds ran out at fill time), if it was. */
  rejectionReason(clientOrderId: string): string | null;
  /** Last bar seen for the symbol (the reference price for market orders). */
  lastCandleClose(symbol: string): number | null;
  /** Free (unreserved) balance of a currency, without building the whole balance list. */
  freeBalance(currency: string): number;
  /** Total balance of a currency (free + reserved). */
  totalBalance(currency: string): number;
}

export function isSimulatedVenue(exchange: ExchangePort): exchange is SimulatedVenue {
  const candidate = exchange as Partial<SimulatedVenue>;
  return typeof candidate.placeOrderNow === 'function' && typeof candidate.executeAt === 'function' && typeof candidate.onCandle === 'function';
}
