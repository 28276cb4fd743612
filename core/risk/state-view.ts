import type { RiskStateView } from './reports.js';
import type { RiskControls } from './controls.js';
import type { DayStartProvisional } from './day-start.js';
import { scopeText, type GatePortfolio, type Lock } from './guard.js';
import { breakerKey } from './state.js';
import { fmt, timeText } from './support/format.js';

/**
 * What the risk panel shows: the regime and the numbers behind it, volatility, disabled strategies,
 * locks (cooldowns, breaker) with time left, every limit with its current usage, and the day's P&L
 * against the breaker. Pure: built from the controls and a portfolio snapshot.
 */
export function riskStateView(controls: RiskControls, portfolio: GatePortfolio | null, now: number, flags: { halted: boolean; reconciling: boolean; reconcileFailed?: RiskStateView['reconcileFailed'] }): RiskStateView {
  const config = controls.config;
  const regime = controls.regimeSnapshot();
  const locks = controls.state.locks(now);
  const breakerLock = locks.find((lock) => lock.rule === 'daily_loss_breaker' && (lock.scope.kind !== 'account' || lock.scope.account === portfolio?.account)) ?? null;
  const symbols = new Set<string>([...(portfolio?.positions ?? []), ...(portfolio?.openEntryOrders ?? [])].map((item) => item.symbol));
  symbols.add(config.regime.benchmark);
  const baseline = portfolio ? controls.state.breakerBaseline(breakerKey(portfolio)) : 0;
  const dayStart = portfolio?.dayStartEquity ?? 0;
  const dailyPnl = portfolio?.dailyPnl ?? 0;
  return {
    time: now,
    halted: flags.halted,
    regime: {
      benchmark: config.regime.benchmark,
      regime: regime.regime,
      since: regime.since,
      close: regime.close,
      reason: regime.reason,
      sizeMultiplier: config.regime.sizeMultiplier[regime.regime],
      measures: regime.measures.map((m) => ({ ...m, valuePct: Number.isFinite(m.valuePct) ? m.valuePct : null })),
    },
    volatility: [...symbols].flatMap((symbol) => {
      const volatilityPct = controls.volatilityPct(symbol);
      return volatilityPct === null ? [] : [{ symbol, volatilityPct }];
    }),
    disabledStrategies: controls.disabledStrategies().map((d) => ({ ...d, volatilityPct: Number.isFinite(d.volatilityPct) ? d.volatilityPct : null, onBelowPct: Number.isFinite(d.onBelowPct) ? d.onBelowPct : null })),
    locks: locks.map((lock) => lockView(lock, now)),
    stopStreaks: Object.entries(controls.state.stopStreaks()).map(([symbol, streak]) => ({ symbol, count: streak.count, of: config.stopCooldown.stops })),
    limits: portfolio ? limitUsage(controls, portfolio) : [],
    breaker: {
      dailyPnl,
      dayStartEquity: dayStart,
      lossPct: dayStart > 0 ? ((dailyPnl - baseline) / dayStart) * 100 : 0,
      limitPct: config.breaker.dailyLossPct,
      tripped: breakerLock !== null,
      until: breakerLock?.until ?? null,
      ...(portfolio?.dayStartProvisional ? { provisional: provisionalView(portfolio.dayStartProvisional, portfolio.quote) } : {}),
    },
    reconciling: flags.reconciling,
    ...(flags.reconcileFailed ? { reconcileFailed: flags.reconcileFailed } : {}),
    equity: portfolio
      ? {
          value: portfolio.equity,
          quote: portfolio.quote ?? null,
          unvalued: (portfolio.unvalued ?? []).map((holding) => ({ ...holding })),
          ...(portfolio.venuePrices ? { pricesAt: portfolio.venuePrices.at, pricesStale: portfolio.venuePrices.stale } : {}),
        }
      : null,
  };
}

/**
 * What a provisional day start means for the trader, in plain words. While coins are missing, the breaker
 * measures the loss on what the day start counts (the rest of the account, against that smaller start):
 * a loss on those coins cannot trip it until they are priced — if their prices never come, not today.
 */
export function provisionalView(provisional: DayStartProvisional, quote?: string): NonNullable<RiskStateView['breaker']['provisional']> {
  const parts: string[] = [];
  if (provisional.missing.length > 0) {
    const coins = provisional.missing.map((held) => `${fmt(held.total)} ${held.currency}`).join(', ');
    parts.push(
      `Day start provisional: it leaves out ${coins}, not priced yet; each is added at its first price. Until then the breaker measures today's loss on the rest of the account only — a loss on ${provisional.missing.length === 1 ? 'this coin' : 'these coins'} cannot trip it.`,
    );
  }
  for (const sale of provisional.unpricedSales ?? []) {
    const what = sale.sold >= 0 ? `${fmt(sale.sold)} ${sale.currency} sold today for ${fmt(sale.proceeds)}` : `${fmt(-sale.sold)} ${sale.currency} bought today for ${fmt(-sale.proceeds)}`;
    parts.push(`${what}${quote !== undefined ? ` ${quote}` : ''} counts as neither gain nor loss until ${sale.currency} is priced (unpriced).`);
  }
  if (provisional.staleSince !== null) {
    parts.push(`Day start counted at venue prices last read ${timeText(provisional.staleSince)} (stale); any move since then counts to today.`);
  }
  return {
    missing: provisional.missing.map((held) => ({ ...held })),
    staleSince: provisional.staleSince,
    note: parts.join(' '),
    ...(provisional.unpricedSales && provisional.unpricedSales.length > 0 ? { unpricedSales: provisional.unpricedSales.map((sale) => ({ ...sale })) } : {}),
  };
}

export function lockView(lock: Lock, now: number): RiskStateView['locks'][number] {
  return {
    rule: lock.rule,
    scope: scopeText(lock.scope),
    symbol: lock.scope.kind === 'global' || lock.scope.kind === 'account' ? null : lock.scope.symbol,
    strategy: lock.scope.kind === 'strategy_symbol' ? lock.scope.strategy : null,
    since: lock.since,
    until: lock.until,
    remainingMs: lock.until === null ? null : Math.max(0, lock.until - now),
    reason: lock.reason,
  };
}

function limitUsage(controls: RiskControls, portfolio: GatePortfolio): RiskStateView['limits'] {
  const limits = controls.config.limits;
  const items = [...portfolio.positions, ...portfolio.openEntryOrders];
  const slots = new Map<string, string>();
  for (const item of items) slots.set(`${item.strategy}\u0000${item.symbol}`, item.strategy);
  const perStrategy = new Map<string, number>();
  for (const strategy of slots.values()) perStrategy.set(strategy, (perStrategy.get(strategy) ?? 0) + 1);
  const perSymbol = new Map<string, number>();
  for (const item of items) perSymbol.set(item.symbol, (perSymbol.get(item.symbol) ?? 0) + item.notional);
  const equity = portfolio.equity > 0 ? portfolio.equity : Number.NaN;
  const pct = (value: number) => (Number.isFinite(equity) ? (value / equity) * 100 : 0);
  const total = items.reduce((sum, item) => sum + item.notional, 0);
  const largestOrder = portfolio.openEntryOrders.reduce((max, item) => Math.max(max, item.notional), 0);
  return [
    { rule: 'max_order_notional', label: 'Largest open entry order', used: largestOrder, limit: limits.maxOrderNotional, unit: 'quote', scope: null },
    { rule: 'max_open_positions', label: 'Open positions', used: slots.size, limit: limits.maxOpenPositionsTotal, unit: 'count', scope: null },
    ...[...perStrategy].map(([strategy, count]) => ({ rule: 'max_open_positions_per_strategy', label: `Open positions of ${strategy}`, used: count, limit: limits.maxOpenPositionsPerStrategy, unit: 'count' as const, scope: strategy })),
    ...[...perSymbol].map(([symbol, notional]) => ({ rule: 'max_exposure_per_symbol', label: `Exposure on ${symbol}`, used: pct(notional), limit: limits.maxExposurePerSymbolPct, unit: 'pct' as const, scope: symbol })),
    { rule: 'max_exposure_total', label: 'Total exposure', used: pct(total), limit: limits.maxExposureTotalPct, unit: 'pct', scope: null },
  ];
}
