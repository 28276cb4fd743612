import { create } from 'zustand';
import type { OrderView } from '../../../../core/api/contract/trading';

/** A modification the trader started: from Open Orders (edit its fields) or by dragging one of the order's lines (a new limit or stop price). */
export interface ModifyRequest {
  readonly order: OrderView;
  readonly via: 'orders' | 'chart';
  /** The limit line dragged to this price, as text at the market's precision. */
  readonly price?: string;
  /** A stop-limit's stop line dragged to this price, as text at the market's precision. */
  readonly stopPrice?: string;
}

interface ModifyState {
  request: ModifyRequest | null;
  /** The last answer, shown briefly where the trader looks. */
  notice: { kind: 'ok' | 'error'; text: string } | null;
  start(request: ModifyRequest): void;
  close(): void;
  tell(notice: ModifyState['notice']): void;
}

export const useModifyStore = create<ModifyState>((set) => ({
  request: null,
  notice: null,
  start: (request) => set({ request, notice: null }),
  close: () => set({ request: null }),
  tell: (notice) => set({ notice }),
}));
