import { ExchangeError } from '../exchange/errors.js';
import type { Balance, CancelResult, ExchangeCapabilities, ExchangeOrder, ExchangePort, Fill, MarketRules } from '../exchange/port.js';
import type { MarketSymbol } from '../market/candle.js';

const NONE: ExchangeCapabilities = { cancelAll: false, cancelAllAfter: false, stopOrders: false, websocket: false, reduceOnly: false, fetchOrderByClientId: false };

/**
 * The market rules of the watched market and nothing else: what a readiness-only engine needs to build
 * its strategy instances. It holds no money and refuses every order — the Scanner never trades.
 */
export class ReadOnlyMarketPort implements ExchangePort {
  readonly id = 'scanner';
  readonly capabilities = NONE;

  constructor(private readonly rules: (symbol: MarketSymbol) => MarketRules | null) {}

  async loadMarkets(): Promise<ReadonlyMap<MarketSymbol, MarketRules>> {
    return new Map();
  }

  market(symbol: MarketSymbol): MarketRules {
    const rules = this.rules(symbol);
    if (!rules) throw new ExchangeError('invalid_order', `${symbol} is not a market the Scanner watches`);
    return rules;
  }

  roundAmount(symbol: MarketSymbol, amount: number): number {
    const step = this.market(symbol).amountStep;
    return Math.floor(amount / step + 1e-9) * step;
  }

  roundPrice(symbol: MarketSymbol, price: number): number {
    const step = this.market(symbol).priceStep;
    return Math.round(price / step) * step;
  }

  async fetchBalances(): Promise<readonly Balance[]> {
    return [];
  }

  async placeOrder(): Promise<ExchangeOrder> {
    throw new ExchangeError('invalid_order', 'the Scanner only measures readiness: it never places orders');
  }

  async cancelOrder(clientOrderId: string, symbol: MarketSymbol): Promise<CancelResult> {
    return { clientOrderId, exchangeOrderId: null, symbol, outcome: 'already_closed' };
  }

  async cancelAllOrders(): Promise<readonly CancelResult[]> {
    return [];
  }

  async fetchOpenOrders(): Promise<readonly ExchangeOrder[]> {
    return [];
  }

  async fetchOrderByClientId(): Promise<ExchangeOrder | null> {
    return null;
  }

  async fetchFills(): Promise<readonly Fill[]> {
    return [];
  }

  onOrderUpdate(): () => void {
    return () => undefined;
  }

  async close(): Promise<void> {}
}
