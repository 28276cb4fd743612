import { ALLOW, deny, type RiskGuard } from '../guard.js';
import { fmt, pctText, timeText } from '../support/format.js';
import { quoteOf } from './limits.js';

const DAY_MS = 86_400_000;

/** The next UTC midnight after `time`: when a tripped daily breaker releases by itself. */
export function nextUtcDay(time: number): number {
  return Math.floor(time / DAY_MS) * DAY_MS + DAY_MS;
}

/**
 * Daily loss circuit breaker: realised + unrealised P&L of the trading day (the trader's time zone, UTC
 * by default) at or below −X % of the day's starting equity halts new entries on that account — manual
 * and strategy orders alike — until the next trading day or a manual reset. After a manual reset
 * the loss is measured from the P&L at the reset (the baseline), so it can trip again on a further loss.
 */
export const dailyLossBreaker: RiskGuard = {
  name: 'daily_loss_breaker',
  appliesTo: 'entries',
  check(order, portfolio, { config, now, breakerBaseline }) {
    const limitPct = config.breaker.dailyLossPct;
    const start = portfolio.dayStartEquity;
    if (!(start > 0)) return ALLOW;
    const loss = portfolio.dailyPnl - breakerBaseline;
    const lossPct = (loss / start) * 100;
    if (lossPct > -limitPct) return ALLOW;
    const quote = quoteOf(order.symbol);
    const until = portfolio.dayEndsAt ?? nextUtcDay(now);
    const where = portfolio.account === undefined ? '' : ` on ${portfolio.account}`;
    const since = breakerBaseline === 0 ? "today's P&L" : `P&L since the manual reset (baseline ${fmt(round2(breakerBaseline))} ${quote})`;
    return deny(
      this.name,
      `daily loss breaker${where}: ${since} ${fmt(round2(loss))} ${quote} (realised + unrealised) is ${pctText(lossPct)} of the day's starting equity ${fmt(round2(start))} ${quote}, at or beyond the −${limitPct} % limit; new entries are halted until ${timeText(until)} or a manual reset`,
      { scope: portfolio.account === undefined ? { kind: 'global' } : { kind: 'account', account: portfolio.account }, until },
    );
  },
};

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
