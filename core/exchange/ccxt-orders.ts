import type { Balances, Order, Trade } from 'ccxt';
import type { Balance, CancelResult, ExchangeOrder, Fill, OrderSide, OrderStatus, OrderType } from './port.js';

/** ccxt's unified order → Halyard's ExchangeOrder. `knownClientId` covers venues that do not echo it. */
export function toExchangeOrder(order: Order, knownClientId?: string, now: number = Date.now()): ExchangeOrder {
  const amount = num(order.amount) ?? 0;
  const filled = num(order.filled) ?? 0;
  // Venues report the trigger under different unified names (Kraken's stop-loss orders: stopLossPrice).
  const triggerPrice = num(order.triggerPrice) ?? num((order as { stopPrice?: number }).stopPrice) ?? num(order.stopLossPrice) ?? num(order.takeProfitPrice);
  const created = num(order.timestamp) ?? now;
  return {
    clientOrderId: (order.clientOrderId as string | undefined) || knownClientId || '',
    exchangeOrderId: order.id ? String(order.id) : null,
    symbol: order.symbol ?? '',
    side: toSide(order.side),
    type: toType(order.type, triggerPrice),
    amount,
    price: positive(num(order.price)),
    stopPrice: positive(triggerPrice),
    filled,
    averagePrice: positive(num(order.average)),
    status: toStatus(order.status, filled, amount),
    ...feeOf(order),
    createdAt: created,
    updatedAt: num(order.lastUpdateTimestamp) ?? num(order.lastTradeTimestamp) ?? created,
  };
}

/** A cancel's result for an order the venue listed: cancelled, or failed with why. */
export function cancelResult(order: ExchangeOrder, outcome: 'canceled' | 'failed', error?: unknown): CancelResult {
  const ids = { clientOrderId: order.clientOrderId || null, exchangeOrderId: order.exchangeOrderId, symbol: order.symbol };
  return outcome === 'canceled' ? { ...ids, outcome } : { ...ids, outcome, error: error instanceof Error ? error.message : String(error) };
}

export function toFill(trade: Trade, clientOrderIdByExchangeId: ReadonlyMap<string, string>): Fill {
  const orderId = trade.order ? String(trade.order) : null;
  return {
    id: String(trade.id ?? `${orderId}:${trade.timestamp}`),
    clientOrderId: (orderId && clientOrderIdByExchangeId.get(orderId)) ?? '',
    exchangeOrderId: orderId,
    symbol: trade.symbol ?? '',
    side: toSide(trade.side),
    price: num(trade.price) ?? 0,
    amount: num(trade.amount) ?? 0,
    fee: num(trade.fee?.cost) ?? 0,
    feeCurrency: trade.fee?.currency ?? '',
    liquidity: trade.takerOrMaker === 'maker' ? 'maker' : 'taker',
    time: num(trade.timestamp) ?? 0,
  };
}

function toStatus(status: string | undefined, filled: number, amount: number): OrderStatus {
  switch (status) {
    case 'open':
      return filled > 0 ? 'partially_filled' : 'open';
    case 'closed':
      return amount > 0 && filled < amount ? 'canceled' : 'filled';
    case 'canceled':
    case 'cancelled':
      return 'canceled';
    case 'expired':
      return 'expired';
    case 'rejected':
      return 'rejected';
    default:
      return 'unknown';
  }
}

function toType(type: string | undefined, triggerPrice: number | undefined): OrderType {
  const lower = (type ?? '').toLowerCase();
  if (lower.includes('market')) return 'market';
  if (triggerPrice !== undefined && triggerPrice > 0) return 'stop_limit';
  if (lower.includes('stop') || lower.includes('take_profit')) return 'stop_limit';
  return 'limit';
}

function toSide(side: string | undefined): OrderSide {
  return side === 'sell' ? 'sell' : 'buy';
}

function feeOf(order: Order): { fee: number; feeCurrency: string | null } {
  const listed = (order as { fees?: Order['fee'][] }).fees;
  const fees = listed && listed.length > 0 ? listed : order.fee ? [order.fee] : [];
  let fee = 0;
  let feeCurrency: string | null = null;
  for (const entry of fees) {
    const cost = num(entry?.cost);
    if (cost === undefined) continue;
    fee += cost;
    feeCurrency ??= entry?.currency ?? null;
  }
  return { fee, feeCurrency };
}

function num(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

function positive(value: number | undefined): number | null {
  return value !== undefined && value > 0 ? value : null;
}

/** ccxt's balances → ours: every currency with something in it. */
export function toBalances(balance: Balances): Balance[] {
  const totals = (balance.total ?? {}) as unknown as Record<string, number | undefined>;
  const free = (balance.free ?? {}) as unknown as Record<string, number | undefined>;
  const used = (balance.used ?? {}) as unknown as Record<string, number | undefined>;
  return Object.keys(totals)
    .map((currency) => ({ currency, free: free[currency] ?? 0, used: used[currency] ?? 0, total: totals[currency] ?? 0 }))
    .filter((entry) => entry.total !== 0 || entry.free !== 0 || entry.used !== 0);
}
