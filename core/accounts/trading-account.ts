import type { Balance } from '../exchange/port.js';
import type { OrderBook } from '../market/order-book.js';
import type { JournaledExchange } from '../orders/journaled-exchange.js';
import type { HoldingPrice } from './holding-prices.js';

/**
 * One trading account as every service sees it — the paper account and each armed live account
 * implement the same shape: a journaled, halt-checked port (the only way orders reach the venue, through
 * the order pipeline), balances, and the prices its positions are valued at.
 */
export interface TradingAccount {
  /** Journal venue key: `paper`, or `<exchange>:<label>` for a live account. */
  readonly id: string;
  readonly label: string;
  readonly mode: 'paper' | 'live';
  /** `paper`, or the ccxt exchange id. */
  readonly exchange: string;
  readonly port: JournaledExchange;
  /** The currency equity and P&L are counted in (USDT for the paper account). */
  readonly quote: string;
  /** Balances known now without a request (paper: exact; live: the private stream's or the last fetched); null until known. */
  balanceSnapshot(): readonly Balance[] | null;
  /** Balances as the venue has them now (live: the stream's while fresh, else fetched). */
  balances(): Promise<readonly Balance[]>;
  /** The price a position in `symbol` is valued at now; null when Halyard does not see that market. */
  markPrice(symbol: string): number | null;
  /**
   * Live accounts: the venue's own price of a held currency (holding `total`) in `quote`, for the
   * currencies no feed marks — equity counts every coin the account holds, watched or not.
   */
  venuePrice?(currency: string, total: number): HoldingPrice;
  /** The share above the last price a market buy sets aside on this account (the paper account's slippage); none when absent. */
  marketBuyReserve?(symbol: string): number;
  /** Live accounts: the venue's book for `symbol` asked for now (null when it cannot be had). */
  orderBookNow?(symbol: string): Promise<OrderBook | null>;
}
