import { useLayoutEffect, useRef, type DependencyList, type RefObject } from 'react';

/** A store as zustand exposes it outside React. */
interface Store<S> {
  getState(): S;
  subscribe(listener: (state: S, previous: S) => void): () => void;
}

/**
 * Writes figures from `store` into the element React rendered, now and on every change of the store, with
 * no React render: `makePainter` builds the writer over the element (again when `deps` change: the element's
 * structure did), and its `paint` gets each new state.
 */
export function useLivePaint<S, E extends HTMLElement>(store: Store<S>, makePainter: (element: E) => { paint(state: S): void }, deps: DependencyList): RefObject<E | null> {
  const element = useRef<E>(null);
  useLayoutEffect(() => {
    if (!element.current) return;
    const painter = makePainter(element.current);
    painter.paint(store.getState());
    return store.subscribe((state) => painter.paint(state));
    // The painter is rebuilt exactly when the caller says the element's structure changed.
  }, [store, ...deps]);
  return element;
}
