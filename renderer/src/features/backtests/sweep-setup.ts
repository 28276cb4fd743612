import type { CommandArgs, SweepResultView, SweepRowView } from '../../../../core/api/contract/index';
import type { JsonObjectSchema } from '../../app/forms/SchemaForm';
import type { BacktestSetup } from '../../stores/backtest';
import { formatExposure, formatPrice, formatWinRate } from '../../app/format';
import { backtestArgs } from './setup';

type SweepArgs = Omit<CommandArgs<'backtest.sweep'>, 'runId'>;
export type FoldMetric = NonNullable<SweepArgs['selectBy']>;

/** One parameter's range as typed: text until submitted, so "0." or "" can be typed; the core validates. */
export type RangeDraft = {
  on: boolean;
  from: string;
  to: string;
  step: string;
};

/** Types, not interfaces: kept as JSON in the core's view state. */
export type SweepDraft = {
  ranges: Record<string, RangeDraft>;
  search: 'grid' | 'random';
  random: string;
  walkForward: boolean;
  trainDays: string;
  testDays: string;
  selectBy: FoldMetric;
  /** Empty: every core. */
  workers: string;
};

export const NEW_SWEEP: SweepDraft = { ranges: {}, search: 'grid', random: '100', walkForward: false, trainDays: '90', testDays: '30', selectBy: 'sharpe', workers: '' };

/** What picks each walk-forward fold's best variant, as the form offers it and the result names it (in this order). */
export const FOLD_METRIC_LABELS: Readonly<Record<FoldMetric, string>> = {
  sharpe: 'Sharpe',
  totalReturn: 'Return',
  maxDrawdown: 'Max drawdown (lowest)',
  profitFactor: 'Profit factor',
  winRate: 'Win rate',
  trades: 'Trades',
};
export const FOLD_METRICS = (Object.keys(FOLD_METRIC_LABELS) as FoldMetric[]).map((id) => ({ id, label: FOLD_METRIC_LABELS[id] }));

const NUMBER = /^-?\d+(\.\d+)?$/;
const WHOLE = /^\d+$/;

/** The parameters a sweep can vary: the numeric ones of the strategy's schema. */
export function sweepable(schema: JsonObjectSchema): string[] {
  return Object.entries(schema.properties ?? {})
    .filter(([, prop]) => prop.type === 'integer' || prop.type === 'number')
    .map(([name]) => name);
}

/** A starting range around the parameter's current value: from it to twice it, in about five steps. */
export function defaultRange(schema: JsonObjectSchema, name: string, current: string): RangeDraft {
  const prop = schema.properties?.[name];
  const value = NUMBER.test(current.trim()) ? Number(current) : Number(prop?.default ?? 1);
  const integer = prop?.type === 'integer';
  const step = integer ? Math.max(1, Math.round(value / 5)) : Number((Math.abs(value) / 5 || 0.1).toPrecision(2));
  const to = integer ? value + 5 * step : Number((value + 5 * step).toPrecision(12));
  return { on: true, from: String(value), to: String(to), step: String(step) };
}

/**
 * The form as `backtest.sweep` arguments. Only the shape is checked here (is it a number at all?);
 * ranges, bounds and everything else are the core's to check, before it runs anything.
 * Error keys match the core's issue paths (`sweep.fast`, `random`, `walkForward`, `workers`).
 */
export function sweepArgs(setup: BacktestSetup, schema: JsonObjectSchema, draft: SweepDraft): { args?: SweepArgs; errors: Record<string, string> } {
  const { args: base, errors } = backtestArgs(setup, schema);
  const sweep: SweepArgs['sweep'] = {};
  for (const [name, range] of Object.entries(draft.ranges)) {
    if (!range.on) continue;
    const parts = [range.from, range.to, range.step].map((text) => text.trim());
    if (!parts.every((text) => NUMBER.test(text))) errors[`sweep.${name}`] = 'from, to and step must be plain numbers';
    else sweep[name] = [Number(parts[0]), Number(parts[1]), Number(parts[2])];
  }
  if (Object.keys(draft.ranges).every((name) => !draft.ranges[name]!.on)) errors.sweep = 'tick at least one parameter to sweep';
  if (draft.search === 'random' && !WHOLE.test(draft.random.trim())) errors.random = 'must be a whole number like 100';
  if (draft.walkForward && !(NUMBER.test(draft.trainDays.trim()) && NUMBER.test(draft.testDays.trim()))) errors.walkForward = 'train and test days must be plain numbers';
  if (draft.workers.trim() !== '' && !WHOLE.test(draft.workers.trim())) errors.workers = 'a whole number, or empty for every core';
  if (!base || Object.keys(errors).length > 0) return { errors };
  // A swept parameter is not also sent as a fixed one (the form's value would only be overridden).
  const params = Object.fromEntries(Object.entries(base.params ?? {}).filter(([name]) => !(name in sweep)));
  return {
    errors,
    args: {
      ...base,
      params,
      sweep,
      ...(draft.search === 'random' ? { random: Number(draft.random) } : {}),
      ...(draft.walkForward ? { walkForward: { trainDays: Number(draft.trainDays), testDays: Number(draft.testDays) }, selectBy: draft.selectBy } : {}),
      ...(draft.workers.trim() !== '' ? { workers: Number(draft.workers) } : {}),
    },
  };
}

/**
 * The sweep the form would run now, as one comparable text (null while it cannot run): a result run with
 * another no longer shows what the form says. Workers are left out: they change the speed, not the figures.
 */
export function sweepKey(setup: BacktestSetup, schema: JsonObjectSchema, draft: SweepDraft): string | null {
  const { args } = sweepArgs(setup, schema, draft);
  if (!args) return null;
  const figures: Partial<SweepArgs> = { ...args };
  delete figures.workers;
  return JSON.stringify(figures);
}

/** How a metric reads and ranks. */
export interface MetricColumn {
  readonly key: string;
  readonly label: string;
  readonly lowerIsBetter?: boolean;
  readonly value: (row: SweepRowView) => number | null;
  /** `moneyDecimals`: the sweep's quote currency's (the result's `moneyDecimals`), for its money columns. */
  readonly format: (value: number | null, moneyDecimals: number) => string;
}

const pct = (decimals: number) => (value: number | null) => (value === null ? '—' : `${formatPrice(value * 100, decimals)}%`);
const fixed = (decimals: number) => (value: number | null) => (value === null ? '—' : formatPrice(value, decimals));
const money = (value: number | null, moneyDecimals: number) => (value === null ? '—' : formatPrice(value, moneyDecimals));

export const METRIC_COLUMNS: readonly MetricColumn[] = [
  { key: 'trades', label: 'Trades', value: (r) => r.metrics.trades, format: fixed(0) },
  { key: 'winRate', label: 'Win rate', value: (r) => r.metrics.winRate, format: (value) => (value === null ? '—' : formatWinRate(value)) },
  // No losing trade: the profit factor is unbounded, ranked above any number.
  { key: 'profitFactor', label: 'Profit factor', value: (r) => r.metrics.profitFactor, format: fixed(2) },
  { key: 'totalReturn', label: 'Return', value: (r) => r.metrics.totalReturn, format: pct(2) },
  { key: 'maxDrawdown', label: 'Max DD', lowerIsBetter: true, value: (r) => r.metrics.maxDrawdown, format: pct(2) },
  // Too few daily returns to annualise (sharpeNote): shown "—", ranked last.
  { key: 'sharpe', label: 'Sharpe', value: (r) => (r.metrics.sharpeNote === undefined ? r.metrics.sharpe : null), format: fixed(2) },
  { key: 'netProfit', label: 'Net profit', value: (r) => r.metrics.netProfit, format: money },
  { key: 'fees', label: 'Fees', lowerIsBetter: true, value: (r) => r.metrics.fees, format: money },
  { key: 'exposure', label: 'Exposure', value: (r) => r.metrics.exposure, format: (value) => (value === null ? '—' : formatExposure(value)) },
];

export const OOS_COLUMNS: readonly MetricColumn[] = [
  { key: 'oosReturn', label: 'OOS return', value: (r) => r.outOfSample?.totalReturn ?? null, format: pct(2) },
  { key: 'oosSharpe', label: 'OOS Sharpe', value: (r) => r.outOfSample?.sharpe ?? null, format: fixed(2) },
];

/** Sort key of a value: a missing profit factor (no losing trade) ranks highest. */
export function rank(column: MetricColumn, row: SweepRowView): number {
  const value = column.value(row);
  if (value === null) return column.key === 'profitFactor' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  return value;
}

/** A shadow variant's name for a row: `fast 10 slow 50` (what a variant name may hold). */
export function shadowName(names: readonly string[], values: Readonly<Record<string, unknown>>): string {
  return names
    .map((name) => `${name} ${String(values[name])}`)
    .join(' ')
    .replace(/[^A-Za-z0-9 _.-]/g, '-')
    .slice(0, 40);
}

/** A random sample ran fewer combinations than the grid has (a grid runs every one, or skips it as refused). */
export function sampled(result: Pick<SweepResultView, 'rows' | 'skipped' | 'gridSize'>): boolean {
  return result.rows.length + result.skipped < result.gridSize;
}
