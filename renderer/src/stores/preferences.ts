import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { Timeframe } from '../../../core/market/candle';

export type Theme = 'dark' | 'light';

export const INDICATORS = ['ema', 'sma', 'bollinger', 'rsi', 'macd'] as const;
export type IndicatorId = (typeof INDICATORS)[number];

export const INDICATOR_LABELS: Record<IndicatorId, string> = {
  ema: 'EMA 20',
  sma: 'SMA 50',
  bollinger: 'Bollinger 20, 2',
  rsi: 'RSI 14',
  macd: 'MACD 12, 26, 9',
};

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

/** The trader's view preferences, remembered in localStorage. Never money, never secrets. */
export const usePreferencesStore = create<PreferencesState>()(
  persist(
    (set) => ({
      theme: 'dark',
      timeframe: '1m',
      indicators: [],
      muted: [],
      setTheme: (theme) => set({ theme }),
      setTimeframe: (timeframe) => set({ timeframe }),
      toggleIndicator: (id) => set((s) => ({ indicators: s.indicators.includes(id) ? s.indicators.filter((x) => x !== id) : [...s.indicators, id] })),
      toggleMuted: (kind) => set((s) => ({ muted: s.muted.includes(kind) ? s.muted.filter((x) => x !== kind) : [...s.muted, kind] })),
    }),
    { name: 'halyard.preferences.v1', version: 1 },
  ),
);
