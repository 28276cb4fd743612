import { create } from 'zustand';
import type { PriceAlertView } from '../../../../core/api/contract/alerts';
import type { DrawingView } from '../../../../core/api/contract/chart';

export type DrawingTool = 'horizontal' | 'trend' | 'fibonacci';

export const TOOL_LABELS: Record<DrawingTool, string> = {
  horizontal: 'Horizontal line',
  trend: 'Trend line',
  fibonacci: 'Fibonacci',
};

interface ChartToolsState {
  /** The drawing tool waiting for clicks on the chart, or null. */
  tool: DrawingTool | null;
  /** The first point of a two-point drawing once clicked. */
  anchor: { time: number; price: number } | null;
  /** The shown symbol's drawings, as the core keeps them. */
  drawings: DrawingView[];
  /** Every price alert (the chart shows its symbol's). */
  alerts: PriceAlertView[];
  /** The price the alert form opens with (from a right-click on the chart), or null when closed. */
  alertPrice: number | null;
  alertFormOpen: boolean;
  setTool(tool: DrawingTool | null): void;
  setAnchor(anchor: ChartToolsState['anchor']): void;
  setDrawings(drawings: DrawingView[]): void;
  setAlerts(alerts: PriceAlertView[]): void;
  openAlertForm(price: number | null): void;
  closeAlertForm(): void;
}

/** What the chart's drawing tools and price alerts show: view state, loaded from the core. */
export const useChartToolsStore = create<ChartToolsState>((set) => ({
  tool: null,
  anchor: null,
  drawings: [],
  alerts: [],
  alertPrice: null,
  alertFormOpen: false,
  setTool: (tool) => set({ tool, anchor: null }),
  setAnchor: (anchor) => set({ anchor }),
  setDrawings: (drawings) => set({ drawings }),
  setAlerts: (alerts) => set({ alerts }),
  openAlertForm: (alertPrice) => set({ alertFormOpen: true, alertPrice }),
  closeAlertForm: () => set({ alertFormOpen: false, alertPrice: null }),
}));
