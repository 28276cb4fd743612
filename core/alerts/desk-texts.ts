import type { AppStatus } from '../api/contract/app.js';
import type { StrategyConfigView } from '../api/contract/live-strategies.js';
import type { PnlSummaryView } from '../api/contract/pnl.js';
import type { RiskStateView } from '../api/contract/risk.js';
import type { PositionView } from '../api/contract/trading.js';
import { accountName, deskName, formatLossLimit, formatMoney, formatPercent, formatPrice, formatQuantity, pnlBreakdown } from './format.js';

/** Short answers to /status, /positions and /pnl, readable on a phone. */

export function statusText(status: AppStatus, risk: RiskStateView | null, positions: readonly PositionView[], strategies: readonly StrategyConfigView[]): string {
  const desk = deskName((status.liveAccounts ?? []).map((live) => live.account));
  const state = status.halt.halted ? `🛑 HALTED since ${new Date(status.halt.since ?? 0).toISOString()} (${status.halt.source ?? 'unknown'}: ${status.halt.reason ?? 'no reason'})` : '✅ Trading (not halted)';
  const lines = [`${desk}`, state, `Market: ${status.dataSource.label} (${status.connection.state})`];
  if (risk) {
    lines.push(`Regime: ${risk.regime.regime}${risk.breaker.tripped ? ' · daily loss breaker TRIPPED' : ''}`);
    lines.push(`Today: ${formatPercent(risk.breaker.lossPct)} of day-start equity (breaker at ${formatLossLimit(risk.breaker.limitPct)})`);
    // The breaker cannot see coins missing from the day start: a trader away from the desk must know.
    if (risk.breaker.provisional) lines.push(`⚠ ${risk.breaker.provisional.note}`);
  }
  const running = strategies.filter((config) => config.enabled);
  lines.push(`Open positions: ${positions.filter((p) => p.quantity !== 0).length} · strategies running: ${running.length}`);
  for (const config of strategies.filter((c) => c.state.startsWith('error:'))) lines.push(`⚠ ${config.name}: ${config.state}`);
  for (const live of status.liveAccounts ?? []) if (live.updates.state !== 'connected') lines.push(`⚠ ${accountName(live.account)} updates ${live.updates.state}`);
  return lines.join('\n');
}

export function positionsText(positions: readonly PositionView[]): string {
  const open = positions.filter((p) => p.quantity !== 0);
  if (open.length === 0) return 'No open positions.';
  return [
    `Open positions (${open.length}):`,
    ...open.map((p) => {
      const quote = p.symbol.split('/')[1] ?? '';
      const mark = p.markPrice !== null ? ` → ${formatPrice(p.markPrice)}` : '';
      const pnl = p.unrealizedPnl !== null ? ` ${formatMoney(p.unrealizedPnl, quote, true, p.moneyDecimals)}` : '';
      const stop = p.stopLoss !== null ? ` · stop ${formatPrice(p.stopLoss)}` : ' · NO STOP';
      return `• ${accountName(p.account)} ${p.symbol} ${formatQuantity(p.quantity)} @ ${formatPrice(p.averageEntry)}${mark}${pnl}${stop} · ${p.source}`;
    }),
  ].join('\n');
}

export function pnlText(summary: PnlSummaryView | null): string {
  if (!summary) return 'P&L is not available yet (the paper exchange is starting).';
  const { quote, periods } = summary;
  const line = (label: string, f: PnlSummaryView['periods']['today']) => pnlBreakdown(label, { ...f, realized: f.realizedNet }, quote);
  return [`P&L ${accountName(summary.account)} · days from 00:00 UTC`, line('Today', periods.today), line('7 days', periods.week), line('All', periods.all)].join('\n');
}
