import { create } from 'zustand';
import type { AlertKind } from './preferences';

export type FeedKind = AlertKind | 'order' | 'risk' | 'info';

export interface FeedEntry {
  id: number;
  time: number;
  kind: FeedKind;
  severity: 'info' | 'success' | 'warning' | 'error';
  title: string;
  detail: string;
  symbol?: string;
}

const MAX_ENTRIES = 1_000;
let nextId = 1;

interface EventsState {
  entries: FeedEntry[];
  /** Entries not yet seen in the Logs/Events tab (for its badge). */
  unseen: number;
  push(entry: Omit<FeedEntry, 'id' | 'time'> & { time?: number }): FeedEntry;
  markSeen(): void;
  clear(): void;
}

/** The in-app events feed: what happened, newest first, capped so a day-long session stays light. */
export const useEventsStore = create<EventsState>((set) => ({
  entries: [],
  unseen: 0,
  push: (entry) => {
    const full: FeedEntry = { ...entry, id: nextId++, time: entry.time ?? Date.now() };
    set((s) => ({ entries: [full, ...s.entries].slice(0, MAX_ENTRIES), unseen: s.unseen + 1 }));
    return full;
  },
  markSeen: () => set({ unseen: 0 }),
  clear: () => set({ entries: [], unseen: 0 }),
}));
