import type { z } from 'zod';
import { create, type StateCreator, type StoreApi, type UseBoundStore } from 'zustand';
import { persist } from 'zustand/middleware';
import type { ViewStateKey, ViewStateValue } from '../../../core/api/contract/view-state';
import { api } from '../api/client';

export interface PersistedStoreOptions<S, Kept extends ViewStateValue> {
  /** The part of the core's view state this store is (`view.state.*`). */
  readonly key: ViewStateKey;
  /** localStorage key of the cache kept in this browser origin. */
  readonly name: string;
  /** What is kept of the state. */
  readonly keep: (state: S) => Kept;
  /** What may come back (another build or an earlier run stored it): checked, not trusted. */
  readonly schema: z.ZodType<Partial<Kept>>;
  /** Applies what came back onto the current state; by default field by field. */
  readonly restore?: (current: S, kept: Partial<Kept>) => S;
}

interface Synced {
  readonly key: ViewStateKey;
  /** What is kept, with when the trader last changed it here (`changedAt`, epoch ms; 0: never). */
  value(): ViewStateValue & { changedAt: number };
  /** Takes what the core kept (parsed by the store's schema). */
  apply(raw: ViewStateValue): void;
  subscribe(listener: () => void): () => void;
}

const synced: Synced[] = [];

/**
 * A view-state store (zustand) kept in two places: the core's encrypted store, which outlives the
 * browser origin (`serve` picks a new port each run), and localStorage as this origin's cache, so the
 * first paint already shows the trader's settings. What comes back from either is parsed by `schema`;
 * anything that does not fit leaves the defaults. Each copy carries when it was last changed, so the
 * newer one wins (a reload right after a change, before its save reached the core, keeps the change).
 */
export function persistedStore<S extends object, Kept extends ViewStateValue>(options: PersistedStoreOptions<S, Kept>, initializer: StateCreator<S>): UseBoundStore<StoreApi<S>> {
  let changedAt = 0;
  let applying = false;
  const restore = (current: S, raw: unknown): S => {
    const parsed = options.schema.safeParse(raw);
    if (!parsed.success) return current;
    return options.restore ? options.restore(current, parsed.data) : { ...current, ...parsed.data };
  };
  const stamp = (raw: unknown) => {
    const at = typeof raw === 'object' && raw !== null && 'changedAt' in raw ? raw.changedAt : 0;
    changedAt = typeof at === 'number' && Number.isFinite(at) ? at : 0;
  };
  const store = create<S>()(
    persist(initializer, {
      name: options.name,
      version: 1,
      partialize: (state) => ({ ...options.keep(state), changedAt }),
      merge: (persisted, current) => {
        stamp(persisted);
        return restore(current, persisted);
      },
    }),
  );
  let kept = JSON.stringify(options.keep(store.getState()));
  // Runs before persist writes localStorage, so the cache carries the time of its own change.
  store.subscribe((state) => {
    const next = JSON.stringify(options.keep(state));
    if (next === kept) return;
    kept = next;
    if (!applying) changedAt = Date.now();
  });
  synced.push({
    key: options.key,
    value: () => ({ ...options.keep(store.getState()), changedAt }),
    apply: (raw) => {
      applying = true;
      try {
        stamp(raw);
        const restored = restore(store.getState(), raw);
        // The core's copy is usually what this origin shows already: new objects of the same view would
        // re-render and redraw (the chart would compute its indicators over the whole history again).
        if (JSON.stringify(options.keep(restored)) !== kept) store.setState(restored, true);
      } finally {
        applying = false;
      }
    },
    subscribe: (listener) => store.subscribe(listener),
  });
  return store;
}

/** Saves wait this long for more changes (a dragged panel edge changes its size many times a second). */
const SAVE_AFTER_MS = 300;

/**
 * Once the core answers: where the core's copy is the newer (or this origin has none of its own), it
 * replaces this origin's cache; where this origin's is newer — or the core never kept it — it goes to the
 * core. From then on every change is saved to the core.
 */
let syncing: Promise<void> | null = null;
export function syncViewStateWithCore(): Promise<void> {
  syncing ??= sync().catch(() => undefined); // no core answer: this origin's cache is all there is
  return syncing;
}

async function sync(): Promise<void> {
  const kept = await api.call('view.state.get', {});
  for (const part of synced) {
    const saved = kept[part.key];
    const savedAt = typeof saved?.['changedAt'] === 'number' ? saved['changedAt'] : 0;
    const coreWins = saved !== undefined && savedAt >= part.value().changedAt;
    if (coreWins) part.apply(saved);
    let last = coreWins ? JSON.stringify(part.value()) : '';
    const save = () => {
      const value = part.value();
      const text = JSON.stringify(value);
      if (text === last) return;
      last = text;
      api.call('view.state.set', { key: part.key, value }).catch(() => undefined); // kept in localStorage meanwhile; the next change tries again
    };
    if (!coreWins) save();
    let timer: ReturnType<typeof setTimeout> | null = null;
    part.subscribe(() => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(save, SAVE_AFTER_MS);
    });
  }
}
