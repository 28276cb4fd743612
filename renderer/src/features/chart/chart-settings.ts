import { z } from 'zod';
import type { Candle } from '../../../../core/market/candle';
import { persistedStore } from '../../stores/persisted';
import { INDICATORS, type IndicatorId } from '../../stores/preferences';

/** The price an indicator is computed from (TradingView's "Source"). */
export const PRICE_SOURCES = ['close', 'open', 'high', 'low', 'hl2', 'hlc3'] as const;
export type PriceSource = (typeof PRICE_SOURCES)[number];

export const SOURCE_LABELS: Record<PriceSource, string> = {
  close: 'Close',
  open: 'Open',
  high: 'High',
  low: 'Low',
  hl2: '(High + Low) / 2',
  hlc3: '(High + Low + Close) / 3',
};

export function sourceValue(bar: Candle, source: PriceSource): number {
  switch (source) {
    case 'close':
      return bar.close;
    case 'open':
      return bar.open;
    case 'high':
      return bar.high;
    case 'low':
      return bar.low;
    case 'hl2':
      return (bar.high + bar.low) / 2;
    case 'hlc3':
      return (bar.high + bar.low + bar.close) / 3;
  }
}

/** A number an indicator takes (a period, a band width), with the range the form accepts. */
export interface NumberParameter {
  readonly key: string;
  readonly label: string;
  readonly min: number;
  readonly max: number;
  /** Whole numbers only (periods) or a decimal step. */
  readonly integer: boolean;
  readonly initial: number;
}

const period = (initial: number, label = 'Period', min = 1): NumberParameter => ({ key: label === 'Period' ? 'period' : label.toLowerCase(), label, min, max: 500, integer: true, initial });

/** What each indicator lets the trader change; the default values are the classic ones. */
export const INDICATOR_PARAMETERS: Record<IndicatorId, { readonly name: string; readonly numbers: readonly NumberParameter[]; readonly color: string }> = {
  ema: { name: 'EMA', numbers: [period(20)], color: '#f0b90b' },
  sma: { name: 'SMA', numbers: [period(50)], color: '#b388ff' },
  bollinger: { name: 'Bollinger', numbers: [period(20), { key: 'deviations', label: 'Deviations', min: 0.5, max: 5, integer: false, initial: 2 }], color: '#4fc3f7' },
  // An RSI of 1 bar never gives a value (it compares average gains with losses over the period); TA-Lib's least is 2 too.
  rsi: { name: 'RSI', numbers: [period(14, 'Period', 2)], color: '#ce93d8' },
  macd: { name: 'MACD', numbers: [period(12, 'Fast'), period(26, 'Slow'), period(9, 'Signal')], color: '#2962ff' },
};

/** Why `value` is not a valid `parameter` (outside its range, or a fraction where a period is whole); null when it is. */
export function valueProblem(parameter: NumberParameter, value: number): string | null {
  const inRange = Number.isFinite(value) && value >= parameter.min && value <= parameter.max && (!parameter.integer || Number.isInteger(value));
  return inRange ? null : `${parameter.integer ? 'a whole number' : 'a number'} from ${parameter.min} to ${parameter.max}`;
}

/**
 * What parameters valid one by one cannot be together, by the key of the parameter `edited` (the one
 * to change): MACD's fast average must be shorter than its slow one, or it has no meaning (and the
 * calculator refuses it).
 */
export function relationProblems(id: IndicatorId, numbers: Readonly<Record<string, number>>, edited: string): Record<string, string> {
  if (id !== 'macd') return {};
  const fast = numbers['fast'] ?? Number.NaN;
  const slow = numbers['slow'] ?? Number.NaN;
  if (!(fast >= slow)) return {};
  return edited === 'slow' ? { slow: `a period longer than Fast (${fast})` } : { fast: `a period shorter than Slow (${slow})` };
}

/** True when every number of `settings` is in its range and they fit together: what may be drawn. */
export function drawable(id: IndicatorId, settings: IndicatorSettings): boolean {
  const numbers = INDICATOR_PARAMETERS[id].numbers;
  const values = Object.fromEntries(numbers.map((n) => [n.key, numberOf(id, settings, n.key)]));
  return numbers.every((n) => valueProblem(n, values[n.key]!) === null) && Object.keys(relationProblems(id, values, '')).length === 0;
}

export const indicatorSettingsSchema = z.object({
  numbers: z.record(z.string(), z.number().finite()),
  source: z.enum(PRICE_SOURCES),
  color: z.string().regex(/^#[0-9a-f]{6}$/i, 'a colour looks like #f0b90b'),
});
export type IndicatorSettings = z.infer<typeof indicatorSettingsSchema>;
export type IndicatorSettingsMap = Record<IndicatorId, IndicatorSettings>;

export function defaultSettings(id: IndicatorId): IndicatorSettings {
  const spec = INDICATOR_PARAMETERS[id];
  return { numbers: Object.fromEntries(spec.numbers.map((n) => [n.key, n.initial])), source: 'close', color: spec.color };
}

/** The value of one of `id`'s numbers (its default when the stored settings lack it). */
export function numberOf(id: IndicatorId, settings: IndicatorSettings, key: string): number {
  return settings.numbers[key] ?? INDICATOR_PARAMETERS[id].numbers.find((n) => n.key === key)?.initial ?? Number.NaN;
}

/** "EMA 50", "Bollinger 20, 2", "MACD 12, 26, 9", with the source when it is not the close ("EMA 50 hl2"). */
export function indicatorLabel(id: IndicatorId, settings: IndicatorSettings): string {
  const spec = INDICATOR_PARAMETERS[id];
  const numbers = spec.numbers.map((n) => String(numberOf(id, settings, n.key))).join(', ');
  return `${spec.name} ${numbers}${settings.source === 'close' ? '' : ` ${settings.source}`}`;
}

const allDefaults = (): IndicatorSettingsMap => Object.fromEntries(INDICATORS.map((id) => [id, defaultSettings(id)])) as IndicatorSettingsMap;

interface ChartSettingsState {
  indicators: IndicatorSettingsMap;
  logScale: boolean;
  setIndicator(id: IndicatorId, settings: IndicatorSettings): void;
  resetIndicator(id: IndicatorId): void;
  setLogScale(on: boolean): void;
}

const storedSchema = z.object({ indicators: z.record(z.string(), indicatorSettingsSchema).optional(), logScale: z.boolean().optional() });

/**
 * The chart's settings in the workspace layout — indicator parameters (period, source, colour) and
 * the log scale — kept by the core (`view.state` "chart") and cached in localStorage. View state only, never money.
 */
export const useChartSettingsStore = persistedStore<ChartSettingsState, { indicators: Record<string, IndicatorSettings>; logScale: boolean }>(
  {
    key: 'chart',
    name: 'halyard.chart.v1',
    keep: (state) => ({ indicators: state.indicators, logScale: state.logScale }),
    schema: storedSchema,
    // Indicator by indicator: one this build does not know is dropped, one not stored — or stored with
    // numbers it cannot draw (an earlier build let MACD's fast reach its slow) — keeps its defaults.
    restore: (current, stored) => {
      const indicators = { ...current.indicators };
      for (const id of INDICATORS) {
        const kept = stored.indicators?.[id];
        if (kept && drawable(id, kept)) indicators[id] = kept;
      }
      return { ...current, indicators, logScale: stored.logScale ?? current.logScale };
    },
  },
  (set) => ({
    indicators: allDefaults(),
    logScale: false,
    setIndicator: (id, settings) => set((s) => ({ indicators: { ...s.indicators, [id]: settings } })),
    resetIndicator: (id) => set((s) => ({ indicators: { ...s.indicators, [id]: defaultSettings(id) } })),
    setLogScale: (logScale) => set({ logScale }),
  }),
);
