import { create } from 'zustand';
import { persist } from 'zustand/middleware';

export const WORKSPACE_TABS = ['positions', 'orders', 'history', 'pnl', 'strategies', 'risk', 'backtests', 'events', 'scanner'] as const;
export type WorkspaceTab = (typeof WORKSPACE_TABS)[number];

export const TAB_LABELS: Record<WorkspaceTab, string> = {
  positions: 'Positions',
  orders: 'Open Orders',
  history: 'Trade History',
  pnl: 'P&L',
  strategies: 'Strategies',
  risk: 'Risk',
  backtests: 'Backtests',
  events: 'Logs/Events',
  scanner: 'Scanner',
};

/** Panel sizes in CSS pixels, clamped so no panel can be dragged out of existence. */
export const PANEL_LIMITS = {
  left: { min: 200, max: 520, initial: 320 },
  right: { min: 260, max: 520, initial: 320 },
  bottom: { min: 140, max: 700, initial: 300 },
} as const;
export type PanelName = keyof typeof PANEL_LIMITS;

interface LayoutState {
  sizes: Record<PanelName, number>;
  tab: WorkspaceTab;
  resize(panel: PanelName, size: number): void;
  setTab(tab: WorkspaceTab): void;
  reset(): void;
}

const initialSizes = (): Record<PanelName, number> => ({ left: PANEL_LIMITS.left.initial, right: PANEL_LIMITS.right.initial, bottom: PANEL_LIMITS.bottom.initial });

export function clampPanel(panel: PanelName, size: number): number {
  const { min, max } = PANEL_LIMITS[panel];
  return Math.round(Math.min(max, Math.max(min, size)));
}

/** The workspace layout: view state only, remembered between runs in localStorage. */
export const useLayoutStore = create<LayoutState>()(
  persist(
    (set) => ({
      sizes: initialSizes(),
      tab: 'positions',
      resize: (panel, size) => set((state) => ({ sizes: { ...state.sizes, [panel]: clampPanel(panel, size) } })),
      setTab: (tab) => set({ tab }),
      reset: () => set({ sizes: initialSizes(), tab: 'positions' }),
    }),
    { name: 'halyard.layout.v1', version: 1 },
  ),
);
