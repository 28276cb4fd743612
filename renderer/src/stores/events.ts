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
  /** What it is about (`fill:<id>`, `risk:<id>`, …): the same thing is listed once, live or from history. */
  key?: string;
}

const MAX_ENTRIES = 2_000;
let nextId = 1;
/** Keys already listed (or deliberately not listed) this session. */
const known = new Set<string>();

interface EventsState {
  entries: FeedEntry[];
  /** Entries not yet seen in the Logs/Events tab (for its badge). */
  unseen: number;
  push(entry: Omit<FeedEntry, 'id' | 'time'> & { time?: number }): FeedEntry;
  /** Earlier events (from the core's stores, earlier runs included): merged by time, none twice, not counted as unseen. */
  seed(entries: readonly (Omit<FeedEntry, 'id'> & { key: string })[]): void;
  /** A thing reported another way (a halt by its notification): its history entry is not added again. */
  remember(key: string): void;
  markSeen(): void;
  clear(): void;
}

/** The in-app events feed: what happened, newest first, capped so a day-long session stays light. */
export const useEventsStore = create<EventsState>((set, get) => ({
  entries: [],
  unseen: 0,
  push: (entry) => {
    if (entry.key !== undefined && known.has(entry.key)) {
      const existing = get().entries.find((e) => e.key === entry.key);
      if (existing) return existing;
    }
    if (entry.key !== undefined) known.add(entry.key);
    const full: FeedEntry = { ...entry, id: nextId++, time: entry.time ?? Date.now() };
    set((s) => ({ entries: [full, ...s.entries].slice(0, MAX_ENTRIES), unseen: s.unseen + 1 }));
    return full;
  },
  seed: (entries) => {
    const fresh = entries.filter((entry) => !known.has(entry.key)).map((entry) => ({ ...entry, id: nextId++ }));
    if (fresh.length === 0) return;
    for (const entry of fresh) known.add(entry.key);
    set((s) => ({ entries: [...s.entries, ...fresh].sort((a, b) => b.time - a.time || b.id - a.id).slice(0, MAX_ENTRIES) }));
  },
  remember: (key) => {
    known.add(key);
  },
  markSeen: () => set({ unseen: 0 }),
  clear: () => set({ entries: [], unseen: 0 }),
}));
