import { z } from 'zod';
import { timeframeSchema, type Timeframe } from '../../../core/market/candle';
import { persistedStore } from './persisted';
import { DEFAULT_TIMEFRAME, PREFERENCES_STORAGE_KEY } from './storage-keys';

export type Theme = 'dark' | 'light';

export const INDICATORS = ['ema', 'sma', 'bollinger', 'rsi', 'macd'] as const;
export type IndicatorId = (typeof INDICATORS)[number];

/** Kinds of alert a trader can mute one by one. */
export const ALERT_KINDS = ['fill', 'stop', 'emergency_stop', 'regime', 'breaker', 'connection', 'rejection', 'price_alert'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_LABELS: Record<AlertKind, string> = {
  fill: 'Fills',
  stop: 'Stops and take-profits',
  emergency_stop: 'Emergency stop and re-arm',
  regime: 'Market regime changes',
  breaker: 'Circuit breaker trips',
  connection: 'Connection lost / restored',
  rejection: 'Order rejections',
  price_alert: 'Price alerts',
};

interface PreferencesState {
  theme: Theme;
  timeframe: Timeframe;
  indicators: IndicatorId[];
  /** Kinds with desktop notifications muted (the in-app feed still lists them). */
  muted: AlertKind[];
  setTheme(theme: Theme): void;
  setTimeframe(timeframe: Timeframe): void;
  toggleIndicator(id: IndicatorId): void;
  toggleMuted(kind: AlertKind): void;
}

const keptSchema = z.object({
  theme: z.enum(['dark', 'light']),
  timeframe: timeframeSchema,
  indicators: z.array(z.enum(INDICATORS)),
  muted: z.array(z.enum(ALERT_KINDS)),
}).partial();

/** The trader's view preferences, kept by the core (`view.state` "preferences") and cached in localStorage. Never money, never secrets. */
export const usePreferencesStore = persistedStore<PreferencesState, z.infer<typeof keptSchema>>(
  { key: 'preferences', name: PREFERENCES_STORAGE_KEY, keep: ({ theme, timeframe, indicators, muted }) => ({ theme, timeframe, indicators, muted }), schema: keptSchema },
  (set) => ({
    theme: 'dark',
    timeframe: DEFAULT_TIMEFRAME,
    indicators: [],
    muted: [],
    setTheme: (theme) => set({ theme }),
    setTimeframe: (timeframe) => set({ timeframe }),
    toggleIndicator: (id) => set((s) => ({ indicators: s.indicators.includes(id) ? s.indicators.filter((x) => x !== id) : [...s.indicators, id] })),
    toggleMuted: (kind) => set((s) => ({ muted: s.muted.includes(kind) ? s.muted.filter((x) => x !== kind) : [...s.muted, kind] })),
  }),
);
