import { createJSONStorage } from 'zustand/middleware';

/**
 * localStorage for zustand's persist middleware that skips a write when the stored text would not
 * change: persist writes after every `set`, and a store that also holds live rows (the market store,
 * several times a second) would otherwise rewrite the same remembered value on every tick.
 */
export function unchangedWritesSkipped<S>() {
  const written = new Map<string, string>();
  return createJSONStorage<S>(() => ({
    getItem: (name) => localStorage.getItem(name),
    setItem: (name, value) => {
      if (written.get(name) === value) return;
      written.set(name, value);
      localStorage.setItem(name, value);
    },
    removeItem: (name) => {
      written.delete(name);
      localStorage.removeItem(name);
    },
  }));
}
