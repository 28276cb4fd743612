import { fmt, noiseFree } from '../exchange/precision.js';
import type { ClosedTrade } from '../engine/positions.js';
import type { BacktestResult } from './runner.js';

/**
 * The `--json` document of `npm run backtest`, exactly as the issue specifies it:
 * `{ trades, fills, metrics, riskEvents }`. Times are epoch milliseconds (UTC); money is in the
 * quote currency; ratios are fractions (see metrics.ts).
 */
export function backtestJson(result: BacktestResult) {
  const m = result.metrics;
  return {
    trades: tradeRows(result.trades),
    fills: result.fills.map((f) => ({
      id: f.id,
      orderId: f.orderId,
      tradeId: f.tradeId,
      symbol: f.symbol,
      side: f.side,
      time: f.time,
      price: f.price,
      qty: f.qty,
      fee: f.fee,
      liquidity: f.liquidity,
      reason: f.reason,
    })),
    metrics: withoutNoise({
      trades: m.trades,
      winRate: m.winRate,
      profitFactor: m.profitFactor,
      totalReturn: m.totalReturn,
      maxDrawdown: m.maxDrawdown,
      sharpe: m.sharpe,
      fees: m.fees,
      finalValue: m.finalValue,
    }),
    riskEvents: result.riskEvents.map((e) => ({ time: e.time, kind: e.kind, detail: e.detail })),
  };
}

/**
 * A document's figures without float noise (a sum of 3,000 fees is off in its 16th digit, a return in its
 * 17th): every fractional number through noiseFree, the same for a single run and a sweep's rows.
 */
export function withoutNoise<T>(document: T): T {
  return JSON.parse(JSON.stringify(document), (_key, value: unknown) => (typeof value === 'number' && !Number.isInteger(value) ? noiseFree(value) : value)) as T;
}

export type BacktestJson = ReturnType<typeof backtestJson>;

/**
 * Closed-trade records as the documented trade rows (exact keys, nothing internal). The engine's
 * average entry, fee shares and P&L are double arithmetic; a row carries them without its noise: the P&L
 * to 14 digits of the trade's notional, whose size its error follows.
 */
export function tradeRows(trades: readonly ClosedTrade[]) {
  return trades.map((t) => ({
    id: t.id,
    symbol: t.symbol,
    side: t.side,
    entryTime: t.entryTime,
    exitTime: t.exitTime,
    qty: t.qty,
    entryPrice: noiseFree(t.entryPrice, t.entryPrice, 15),
    exitPrice: noiseFree(t.exitPrice, t.exitPrice, 15),
    fees: noiseFree(t.fees),
    pnl: noiseFree(t.pnl, t.qty * Math.max(t.entryPrice, t.exitPrice)),
    reason: t.reason,
  }));
}

/** Trades as CSV (the UI's "export trades"): one row per exit, ISO times, header first. */
export function tradesCsv(result: Pick<BacktestResult, 'trades'>): string {
  const header = 'id,symbol,side,entryTime,exitTime,qty,entryPrice,exitPrice,fees,pnl,reason';
  const rows = result.trades.map((t) =>
    // Numbers without float noise (fees 0.1+0.2 are 0.3 in a spreadsheet too); 15 significant digits lose nothing a venue quotes.
    [t.id, t.symbol, t.side, new Date(t.entryTime).toISOString(), new Date(t.exitTime).toISOString(), fmt(t.qty), fmt(t.entryPrice), fmt(t.exitPrice), fmt(t.fees), fmt(t.pnl), t.reason].join(','),
  );
  return [header, ...rows].join('\n') + '\n';
}
