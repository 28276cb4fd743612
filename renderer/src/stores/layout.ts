import { z } from 'zod';
import { persistedStore } from './persisted';

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

const keptSchema = z.object({
  sizes: z.object({ left: z.number().finite(), right: z.number().finite(), bottom: z.number().finite() }),
  tab: z.enum(WORKSPACE_TABS),
}).partial();

/** The workspace layout: view state only, kept by the core (`view.state` "layout") and cached in localStorage. */
export const useLayoutStore = persistedStore<LayoutState, z.infer<typeof keptSchema>>(
  {
    key: 'layout',
    name: 'halyard.layout.v1',
    keep: ({ sizes, tab }) => ({ sizes, tab }),
    schema: keptSchema,
    restore: (current, kept) => ({ ...current, ...(kept.tab ? { tab: kept.tab } : {}), ...(kept.sizes ? { sizes: { left: clampPanel('left', kept.sizes.left), right: clampPanel('right', kept.sizes.right), bottom: clampPanel('bottom', kept.sizes.bottom) } } : {}) }),
  },
  (set) => ({
    sizes: initialSizes(),
    tab: 'positions',
    resize: (panel, size) => set((state) => ({ sizes: { ...state.sizes, [panel]: clampPanel(panel, size) } })),
    setTab: (tab) => set({ tab }),
    reset: () => set({ sizes: initialSizes(), tab: 'positions' }),
  }),
);
