import type { ReportView } from '../api/contract/alerts.js';
import type { AppStatus } from '../api/contract/app.js';
import type { StrategyConfigView } from '../api/contract/live-strategies.js';
import type { PnlFiguresView, PnlSummaryView } from '../api/contract/pnl.js';
import type { Difference, RiskStateView } from '../api/contract/risk.js';
import type { PositionView } from '../api/contract/trading.js';
import { accountName, deskName, formatLossLimit, formatPercent, formatPrice } from './format.js';

/** Everything a report is made of, as the API serves it (so the report shows what the app shows). */
export interface ReportInputs {
  readonly period: ReportView['period'];
  readonly now: number;
  readonly timeZone: string;
  readonly status: AppStatus;
  readonly pnl: PnlSummaryView | null;
  readonly positions: readonly PositionView[];
  readonly strategies: readonly StrategyConfigView[];
  readonly risk: RiskStateView | null;
  readonly differences: readonly Difference[];
  /** Other things to look at (a failing alert channel, …). */
  readonly extraAttention: readonly string[];
}

/** Realized after fees, as the P&L tab and the Strategies tab show it; unrealized before fees. */
function figures(view: PnlFiguresView) {
  return { realized: view.realizedNet, unrealized: view.unrealized, fees: view.fees, net: view.net, openFees: view.openFees };
}

function protection(position: PositionView): { text: string; stop: boolean } {
  const parts: string[] = [];
  if (position.stopLoss !== null) parts.push(`stop ${formatPrice(position.stopLoss)}`);
  if (position.takeProfits.length > 0) parts.push(`${position.takeProfits.length} target${position.takeProfits.length === 1 ? '' : 's'}`);
  if (position.trailing) parts.push(position.trailing.active && position.trailing.stop !== null ? `trailing ${formatPrice(position.trailing.stop)}` : 'trailing (not active yet)');
  const stop = position.stopLoss !== null || (position.trailing?.active === true && position.trailing.stop !== null);
  return { text: stop ? parts.join(' · ') : ['NO STOP', ...parts].join(' · '), stop };
}

/** The report: P&L, positions with their protection, strategies, regime and what needs the trader. */
export function buildReport(input: ReportInputs): ReportView {
  const { status, risk } = input;
  const positions = input.positions
    .filter((position) => position.quantity !== 0)
    .map((position) => {
      const guard = protection(position);
      return {
        account: position.account,
        symbol: position.symbol,
        source: position.source,
        quantity: position.quantity,
        averageEntry: position.averageEntry,
        markPrice: position.markPrice,
        unrealizedPnl: position.unrealizedPnl,
        ...(position.moneyDecimals === undefined ? {} : { moneyDecimals: position.moneyDecimals }),
        protection: guard.text,
        protectedByStop: guard.stop,
      };
    });
  const attention: string[] = [];
  if (status.halt.halted) attention.push(`HALTED since ${new Date(status.halt.since ?? input.now).toISOString()} by ${status.halt.source ?? 'unknown'}: ${status.halt.reason ?? 'no reason given'} (re-arm at the desk)`);
  if (risk?.breaker.tripped) attention.push(`Daily loss breaker tripped (${formatPercent(risk.breaker.lossPct)} of day-start equity, limit ${formatLossLimit(risk.breaker.limitPct)}): no new entries`);
  if (risk?.reconciling) attention.push('Reconciliation with the exchanges is running: orders wait until it is done');
  if (input.differences.length > 0) attention.push(`${input.differences.length} reconciliation difference(s) wait for a decision (Risk tab)`);
  for (const position of positions) if (!position.protectedByStop) attention.push(`${accountName(position.account)} ${position.symbol} (${position.source}) has no stop loss`);
  for (const config of input.strategies) if (config.state.startsWith('error:')) attention.push(`Strategy ${config.name}: ${config.state}`);
  for (const live of status.liveAccounts ?? []) {
    if (live.updates.state !== 'connected') attention.push(`${accountName(live.account)} order updates ${live.updates.state}${live.updates.message ? `: ${live.updates.message}` : ''}`);
    if (live.deadMan.problem) attention.push(`${accountName(live.account)} dead-man timer: ${live.deadMan.problem}`);
  }
  if (!status.keychain.ok && status.keychain.message) attention.push(status.keychain.message);
  if (!status.database.ok && status.database.message) attention.push(status.database.message);
  if (input.pnl && input.pnl.unpriced.length > 0) attention.push(`No price yet for ${input.pnl.unpriced.join(', ')}: their open P&L is not counted`);
  attention.push(...input.extraAttention);
  return {
    period: input.period,
    generatedAt: input.now,
    timeZone: input.timeZone,
    accounts: deskName((status.liveAccounts ?? []).map((live) => live.account)),
    pnl: input.pnl
      ? { account: input.pnl.account, quote: input.pnl.quote, today: figures(input.pnl.periods.today), week: figures(input.pnl.periods.week), all: figures(input.pnl.periods.all) }
      : null,
    positions,
    strategies: input.strategies
      .filter((config) => config.enabled || config.state.startsWith('error:') || config.openPositions > 0)
      .map((config) => ({ name: config.name, account: config.account, state: config.state, realizedPnl: config.realizedPnl, openPositions: config.openPositions, ...(config.quote ? { quote: config.quote } : {}), ...(config.moneyDecimals === undefined ? {} : { moneyDecimals: config.moneyDecimals }) })),
    regime: risk ? { regime: risk.regime.regime, since: risk.regime.since, reason: risk.regime.reason } : { regime: 'unknown', since: null, reason: 'the risk service is not available' },
    attention,
  };
}
