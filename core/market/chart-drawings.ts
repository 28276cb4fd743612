/**
 * The trader's drawings on a symbol's chart: a horizontal line (one anchor), a trend line or a
 * Fibonacci retracement (two anchors: where the drag started and ended). Kept per symbol, so the
 * same lines come back on every timeframe and after a restart.
 */

export const DRAWING_KINDS = ['horizontal', 'trend', 'fibonacci'] as const;
export type DrawingKind = (typeof DRAWING_KINDS)[number];

/** How many anchor points each kind has. */
export const DRAWING_POINTS: Readonly<Record<DrawingKind, number>> = { horizontal: 1, trend: 2, fibonacci: 2 };

/** The retracement levels drawn between a Fibonacci drawing's two anchors (0 at the second, 1 at the first). */
export const FIBONACCI_LEVELS = [0, 0.236, 0.382, 0.5, 0.618, 0.786, 1] as const;

export interface DrawingPoint {
  /** Epoch ms of the bar it is anchored to. */
  readonly time: number;
  readonly price: number;
}

export interface ChartDrawing {
  readonly id: number;
  readonly symbol: string;
  readonly kind: DrawingKind;
  readonly points: readonly DrawingPoint[];
  readonly createdAt: number;
}

/** Where drawings are kept (core/store/repositories/chart-drawings.ts). */
export interface ChartDrawingStore {
  list(symbol: string): ChartDrawing[];
  insert(drawing: Omit<ChartDrawing, 'id' | 'createdAt'>): ChartDrawing;
  remove(id: number): boolean;
  count(symbol: string): number;
}

/** The prices of a Fibonacci retracement from its anchors, level by level. */
export function fibonacciPrices(from: DrawingPoint, to: DrawingPoint): { level: number; price: number }[] {
  return FIBONACCI_LEVELS.map((level) => ({ level, price: to.price + (from.price - to.price) * level }));
}
