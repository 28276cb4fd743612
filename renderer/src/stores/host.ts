import { create } from 'zustand';
import type { AppStatus } from '../../../core/api/contract/app';

/** What the host told us about itself: connection, status, halt. View state only. */
interface HostState {
  connected: boolean;
  /** This tab's token belongs to an earlier run of the host (`npm run serve` prints a new one each run). */
  stale: boolean;
  status: AppStatus | null;
  setConnected(connected: boolean): void;
  setStale(): void;
  setStatus(status: AppStatus): void;
}

export const useHostStore = create<HostState>((set) => ({
  connected: false,
  stale: false,
  status: null,
  setConnected: (connected) => set({ connected }),
  setStale: () => set({ connected: false, stale: true }),
  setStatus: (status) => set({ status }),
}));
