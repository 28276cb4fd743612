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
  apply(raw: unknown): void;
  kept(): ViewStateValue;
  subscribe(listener: () => void): () => void;
}

const synced: Synced[] = [];

/**
 * A view-state store (zustand) kept in two places: the core's encrypted store, which outlives the
 * browser origin (`serve` picks a new port each run), and localStorage as this origin's cache, so the
 * first paint already shows the trader's settings. What comes back from either is parsed by `schema`;
 * anything that does not fit leaves the defaults.
 */
export function persistedStore<S extends object, Kept extends ViewStateValue>(options: PersistedStoreOptions<S, Kept>, initializer: StateCreator<S>): UseBoundStore<StoreApi<S>> {
  const restore = (current: S, raw: unknown): S => {
    const parsed = options.schema.safeParse(raw);
    if (!parsed.success) return current;
    return options.restore ? options.restore(current, parsed.data) : { ...current, ...parsed.data };
  };
  const store = create<S>()(persist(initializer, { name: options.name, version: 1, partialize: options.keep, merge: (persisted, current) => restore(current, persisted) }));
  synced.push({
    key: options.key,
    apply: (raw) => store.setState(restore(store.getState(), raw), true),
    kept: () => options.keep(store.getState()),
    subscribe: (listener) => store.subscribe(listener),
  });
  return store;
}

/** Saves wait this long for more changes (a dragged panel edge changes its size many times a second). */
const SAVE_AFTER_MS = 300;

/**
 * Once the core answers: what it kept replaces this origin's cache; a part it never kept gets this
 * origin's (the settings of a build that kept them in localStorage only carry over). From then on every
 * change is saved to the core.
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
    if (saved !== undefined) part.apply(saved);
    let last = saved !== undefined ? JSON.stringify(part.kept()) : '';
    const save = () => {
      const value = part.kept();
      const text = JSON.stringify(value);
      if (text === last) return;
      last = text;
      api.call('view.state.set', { key: part.key, value }).catch(() => undefined); // kept in localStorage meanwhile; the next change tries again
    };
    if (saved === undefined) save();
    let timer: ReturnType<typeof setTimeout> | null = null;
    part.subscribe(() => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(save, SAVE_AFTER_MS);
    });
  }
}
