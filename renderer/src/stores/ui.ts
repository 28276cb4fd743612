import { create } from 'zustand';

export type Overlay = 'none' | 'symbol-search' | 'help';

interface UiState {
  screen: 'trade' | 'settings';
  overlay: Overlay;
  /** The position whose entry/stop/targets the chart draws; null = the first one on the symbol. */
  selectedPositionId: string | null;
  /** Bumped to ask the order ticket to take focus with a side (keyboard B / S, "Reduce" links). */
  ticketRequest: { side: 'buy' | 'sell'; nonce: number } | null;
  setScreen(screen: UiState['screen']): void;
  setOverlay(overlay: Overlay): void;
  selectPosition(id: string | null): void;
  requestTicket(side: 'buy' | 'sell'): void;
}

/** Transient view state: which screen and overlay are open, what is selected. Not persisted. */
export const useUiStore = create<UiState>((set) => ({
  screen: 'trade',
  overlay: 'none',
  selectedPositionId: null,
  ticketRequest: null,
  setScreen: (screen) => set({ screen }),
  setOverlay: (overlay) => set({ overlay }),
  selectPosition: (selectedPositionId) => set({ selectedPositionId }),
  requestTicket: (side) => set((s) => ({ ticketRequest: { side, nonce: (s.ticketRequest?.nonce ?? 0) + 1 } })),
}));
