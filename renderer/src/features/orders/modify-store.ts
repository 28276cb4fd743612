import { create } from 'zustand';
import type { OrderView } from '../../../../core/api/contract/trading';

/** A modification the trader started: from Open Orders (edit both fields) or by dragging the order's line (a new price). */
export interface ModifyRequest {
  readonly order: OrderView;
  readonly via: 'orders' | 'chart';
  /** The dragged-to price, as text at the market's precision. */
  readonly price?: string;
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
