import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { PANEL_LIMITS, useLayoutStore, type PanelName } from '../../stores/layout';

interface SplitterProps {
  panel: PanelName;
  /** `vertical` separates columns (drag left/right); `horizontal` separates rows. */
  orientation: 'vertical' | 'horizontal';
  /** +1 when dragging right/down grows the panel, −1 when it shrinks it. */
  grow: 1 | -1;
  label: string;
}

const KEY_STEP = 16;

/**
 * A drag handle between two panels (WAI-ARIA window splitter): pointer drag, arrow keys,
 * double-click to reset. The size lands in the layout store, which remembers it between runs.
 */
export function Splitter({ panel, orientation, grow, label }: SplitterProps) {
  const size = useLayoutStore((s) => s.sizes[panel]);
  const resize = useLayoutStore((s) => s.resize);
  const drag = useRef<{ start: number; size: number } | null>(null);
  const axis = (event: PointerEvent) => (orientation === 'vertical' ? event.clientX : event.clientY);

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { start: axis(event), size };
    document.body.classList.add(orientation === 'vertical' ? 'resizing-col' : 'resizing-row');
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (!drag.current) return;
    resize(panel, drag.current.size + grow * (axis(event) - drag.current.start));
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    drag.current = null;
    event.currentTarget.releasePointerCapture(event.pointerId);
    document.body.classList.remove('resizing-col', 'resizing-row');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const towards = orientation === 'vertical' ? { ArrowRight: 1, ArrowLeft: -1 } : { ArrowDown: 1, ArrowUp: -1 };
    const delta = towards[event.key as keyof typeof towards];
    if (delta !== undefined) {
      event.preventDefault();
      resize(panel, size + grow * delta * KEY_STEP);
    } else if (event.key === 'Home') resize(panel, PANEL_LIMITS[panel].min);
    else if (event.key === 'End') resize(panel, PANEL_LIMITS[panel].max);
  };

  return (
    <div
      role="separator"
      tabIndex={0}
      aria-label={label}
      aria-orientation={orientation}
      aria-valuenow={size}
      aria-valuemin={PANEL_LIMITS[panel].min}
      aria-valuemax={PANEL_LIMITS[panel].max}
      className={`splitter splitter-${orientation}`}
      data-panel={panel}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onDoubleClick={() => resize(panel, PANEL_LIMITS[panel].initial)}
      onKeyDown={onKeyDown}
    />
  );
}
