import { create } from 'zustand';
import type { WatchRow } from '../../../core/api/contract/market';
import type { Timeframe } from '../../../core/market/candle';

interface MarketViewState {
  selectedSymbol: string;
  timeframe: Timeframe;
  rows: WatchRow[];
  select(symbol: string): void;
  setTimeframe(timeframe: Timeframe): void;
  setRows(rows: WatchRow[]): void;
}

export const useMarketStore = create<MarketViewState>((set) => ({
  selectedSymbol: 'BTC/USDT',
  timeframe: '1m',
  rows: [],
  select: (selectedSymbol) => set({ selectedSymbol }),
  setTimeframe: (timeframe) => set({ timeframe }),
  setRows: (rows) => set({ rows }),
}));
