import { create } from 'zustand';
import type { AppStatus } from '../../../core/api/contract/app';

/** What the host told us about itself: connection, status, halt. View state only. */
interface HostState {
  connected: boolean;
  status: AppStatus | null;
  setConnected(connected: boolean): void;
  setStatus(status: AppStatus): void;
}

export const useHostStore = create<HostState>((set) => ({
  connected: false,
  status: null,
  setConnected: (connected) => set({ connected }),
  setStatus: (status) => set({ status }),
}));
