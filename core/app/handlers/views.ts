import type { FillView, OrderView, PositionView } from '../../api/contract/trading.js';
import type { AccountRegistry } from '../../accounts/registry.js';
import { decimalsForStep } from '../../market/watchlist.js';
import { feeToQuote } from '../../exchange/fee-conversion.js';
import { quoteMoneyDecimals } from '../../exchange/volume-tiers.js';
import type { Fill } from '../../exchange/port.js';
import type { PositionLedger } from '../../positions/ledger.js';
import type { PositionSnapshot } from '../../positions/position-board.js';
import type { StopReport } from '../../risk/reports.js';
import type { OrderRecord } from '../../store/repositories/orders.js';

/**
 * A journaled order as the workspace sees it: the venue's view plus who placed it and why; with its
 * market's price decimals on the account, so it reads right where the symbol is not watched.
 */
export function orderView(record: OrderRecord, registry: Pick<AccountRegistry, 'get'>): OrderView {
  return {
    clientOrderId: record.clientOrderId,
    exchangeOrderId: record.exchangeOrderId,
    account: record.venue,
    symbol: record.symbol,
    side: record.side,
    type: record.type,
    amount: record.amount,
    price: record.price,
    stopPrice: record.stopPrice,
    postOnly: record.postOnly,
    timeInForce: record.timeInForce,
    filled: record.filled,
    averagePrice: record.averagePrice,
    status: record.status,
    source: record.strategy ?? 'manual',
    reason: record.reason,
    fee: record.fee,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    priceDecimals: marketPriceDecimals(registry, record.venue, record.symbol),
  };
}

/** Decimals of a market's prices on an account: its price step (2 when the account no longer lists the market). */
export function marketPriceDecimals(registry: Pick<AccountRegistry, 'get'>, account: string, symbol: string): number {
  try {
    return decimalsForStep(registry.get(account)?.port.market(symbol).priceStep ?? 0.01);
  } catch {
    return 2;
  }
}

/**
 * A fill with the trade (position) it moved and, for an exit, its one reason, as the ledger attributed it;
 * with its market's price decimals on the account, so it reads right where the symbol is not watched.
 */
export function fillView(fill: Fill & { readonly venue: string }, order: OrderRecord | null, ledger: Pick<PositionLedger, 'tradeOfFill'>, registry: Pick<AccountRegistry, 'get'>): FillView {
  const trade = ledger.tradeOfFill(fill.venue, fill.id);
  return {
    id: fill.id,
    clientOrderId: fill.clientOrderId,
    account: fill.venue,
    symbol: fill.symbol,
    side: fill.side,
    price: fill.price,
    amount: fill.amount,
    fee: fill.fee,
    feeCurrency: fill.feeCurrency,
    feeInQuote: feeInQuote(fill),
    liquidity: fill.liquidity,
    time: fill.time,
    source: order?.strategy ?? 'manual',
    tradeId: trade?.tradeId ?? order?.tradeId ?? null,
    exitReason: trade?.exitReason ?? null,
    priceDecimals: marketPriceDecimals(registry, fill.venue, fill.symbol),
  };
}

function feeInQuote(fill: Fill): number | null {
  const [base = '', rest = ''] = fill.symbol.split('/');
  const market = { base, quote: rest.split(':')[0] ?? '' };
  const inBaseOrQuote = feeToQuote(fill, market);
  // A third currency's value was found at the venue when the fill arrived (null: no price found).
  return inBaseOrQuote.how === 'no venue price' ? (fill.feeInQuote ?? null) : inBaseOrQuote.quoteAmount;
}

/** A position with its market's price decimals on the account (entry, mark and exits read right, watched or not). */
export function positionView(snapshot: PositionSnapshot, registry: Pick<AccountRegistry, 'get'>): PositionView {
  const { owner, ...rest } = snapshot;
  return { ...rest, source: owner, priceDecimals: marketPriceDecimals(registry, snapshot.account, snapshot.symbol), moneyDecimals: quoteMoneyDecimals(snapshot.symbol) };
}

/** The emergency stop's report as the API sends it: each order with its market's price decimals on its account. */
export function stopReportView(report: StopReport, registry: Pick<AccountRegistry, 'get'>): StopReport {
  return { ...report, orders: report.orders.map((order) => ({ ...order, priceDecimals: marketPriceDecimals(registry, order.account, order.symbol) })) };
}
