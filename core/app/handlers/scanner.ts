import type { ReadinessScanner } from '../../scanner/readiness-scanner.js';
import type { HandlerMap } from './merge.js';

/** `scanner.list`: the readiness of every watchlist symbol × every strategy. */
export function scannerHandlers(scanner: Pick<ReadinessScanner, 'rows'>): HandlerMap {
  return {
    'scanner.list': async () => (await scanner.rows()).map((row) => ({ ...row, components: { ...row.components } })),
  };
}
