import { money } from '../exchange/precision.js';
import type { RiskConfig } from '../risk/config.js';

/** What a backtest left behind that can explain an empty trade list. */
export interface NoTradesFacts {
  readonly trades: number;
  readonly bars: number;
  /** A position still open at the end is a trade in progress, not "no trades". */
  readonly openPosition: boolean;
  readonly symbol: string;
  readonly riskEvents: readonly { readonly kind: string; readonly detail: string }[];
}

/** Each refusal's label (the part of its message before the colon) → what the trader can change. */
const REMEDIES: Readonly<Record<string, (config: RiskConfig, quote: string) => string>> = {
  'max order notional': (c, q) => `max order notional ${money(c.limits.maxOrderNotional)} ${q} — lower the stake or raise the limit`,
  'max exposure per symbol': (c) => `max exposure per symbol ${money(c.limits.maxExposurePerSymbolPct)} % of equity — lower the stake, raise the limit or add cash`,
  'max total exposure': (c) => `max total exposure ${money(c.limits.maxExposureTotalPct)} % of equity — lower the stake, raise the limit or add cash`,
  'insufficient balance': () => 'the cash available — lower the stake or add cash',
  'max open positions': (c) => `max open positions ${c.limits.maxOpenPositionsTotal} — raise the limit`,
  'max open positions per strategy': (c) => `max open positions per strategy ${c.limits.maxOpenPositionsPerStrategy} — raise the limit`,
  'daily loss breaker': (c) => `the daily loss breaker (−${money(c.breaker.dailyLossPct)} %) — loosen it in the risk configuration`,
};

const REFUSALS = new Set(['entry_blocked', 'order_rejected']);

/**
 * Why a backtest made no trade, in one line for the top of its result: the refusal that stopped most
 * entries with its limit and what to change ("0 trades: 1,102 entries refused by max order notional
 * 10,000 USDT — lower the stake or raise the limit"), the strategy's own error (a file that throws), or that the
 * strategy never tried. Null when it traded.
 */
export function explainNoTrades(facts: NoTradesFacts, config: RiskConfig): string | null {
  if (facts.trades > 0 || facts.openPosition) return null;
  const counts = new Map<string, number>();
  for (const event of facts.riskEvents) {
    if (!REFUSALS.has(event.kind)) continue;
    const label = event.kind === 'order_rejected' ? rejectionLabel(event.detail) : labelOf(event.detail);
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  const [label, count] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [null, 0];
  const failure = failureOf(facts.riskEvents);
  if (failure !== null && (label === null || failure.stopped)) return `0 trades: ${failure.text}; see the risk events below`;
  if (label === null) return `0 trades: the strategy never tried to enter on these ${facts.bars.toLocaleString('en-US')} bars — try other parameters, another timeframe or more data`;
  const quote = facts.symbol.split('/')[1]?.split(':')[0] ?? '';
  const remedy = REMEDIES[label]?.(config, quote) ?? `${label} — see the risk events below`;
  const others = counts.size > 1 ? ` (and ${[...counts.values()].reduce((a, b) => a + b, 0) - count} by other rules)` : '';
  return `0 trades: ${count.toLocaleString('en-US')} ${count === 1 ? 'entry' : 'entries'} refused by ${remedy}${others}`;
}

/**
 * The strategy's own failure (a file that throws or answers what the contract refuses): it never "did not
 * try" — it failed, and said where. `stopped` when it was switched off for the symbol after it.
 */
function failureOf(events: NoTradesFacts['riskEvents']): { text: string; stopped: boolean } | null {
  const error = events.find((event) => event.kind === 'strategy_error');
  const name = error === undefined ? undefined : /^strategy (\S+ on \S+) /.exec(error.detail)?.[1];
  if (error === undefined || name === undefined) return null;
  const stopped = events.find((event) => event.kind === 'strategy_disabled' && event.detail.startsWith(`${name} stopped`));
  const after = stopped?.detail.slice(`${name} stopped`.length).match(/^ after \d+ errors in a row/)?.[0] ?? '';
  const said = stopped === undefined || error.detail.endsWith('stopped'); // a fatal error says so itself
  return { text: `${error.detail}${said ? '' : ` — stopped${after}`}`, stopped: stopped !== undefined };
}

/** A venue's refusal by its own rule where it names one with a remedy (insufficient balance: the cash); the market's order rules otherwise. */
function rejectionLabel(detail: string): string {
  const label = labelOf(detail);
  return Object.hasOwn(REMEDIES, label) ? label : "the market's order rules";
}

function labelOf(detail: string): string {
  const colon = detail.indexOf(':');
  return (colon > 0 ? detail.slice(0, colon) : detail).trim().toLowerCase();
}
