import { useEffect, useRef, type RefObject } from 'react';

/**
 * Gives `element` the focus if nobody has it: the control a trader pressed was swapped out (a Run
 * button for a progress bar and back), and the keyboard would otherwise start again at the page's top.
 */
export function focusIfLost(element: HTMLElement | null): void {
  const active = document.activeElement;
  if (element && (active === null || active === document.body)) element.focus();
}

/** When `busy` ends, focus lost while it lasted goes to `target` (the button that starts the work again). */
export function useFocusWhenDone(busy: boolean, target: RefObject<HTMLElement | null>): void {
  const wasBusy = useRef(busy);
  useEffect(() => {
    if (wasBusy.current && !busy) focusIfLost(target.current);
    wasBusy.current = busy;
  }, [busy, target]);
}
