import { ApiError } from '../../api/errors.js';
import type { ChartDrawingStore } from '../../market/chart-drawings.js';
import type { HandlerMap } from './merge.js';

/** Drawings per symbol are bounded: a chart with hundreds of lines is a mistake, not analysis. */
const MAX_DRAWINGS_PER_SYMBOL = 100;

/** `chart.drawings.*`: the trader's lines on each symbol's chart, kept in the store. */
export function chartHandlers(drawings: ChartDrawingStore): HandlerMap {
  return {
    'chart.drawings.list': async ({ symbol }) => drawings.list(symbol).map((drawing) => ({ ...drawing, points: [...drawing.points] })),
    'chart.drawings.add': async ({ symbol, kind, points }) => {
      if (drawings.count(symbol) >= MAX_DRAWINGS_PER_SYMBOL) throw new ApiError('rejected', `at most ${MAX_DRAWINGS_PER_SYMBOL} drawings on ${symbol}; delete some first`);
      const drawing = drawings.insert({ symbol, kind, points });
      return { ...drawing, points: [...drawing.points] };
    },
    'chart.drawings.remove': async ({ id }) => {
      if (!drawings.remove(id)) throw new ApiError('not_found', `There is no drawing with id ${id}`);
      return { removed: true as const };
    },
  };
}
