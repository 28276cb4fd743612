import { parseTimestamp } from './csv.js';

/**
 * A date as a trader types it — YYYY-MM-DD (UTC midnight), ISO 8601 with `T` or a space (UTC when
 * no zone is given), epoch seconds or milliseconds — or a number of epoch milliseconds from a
 * script. Null when it is none of these, so each caller can name its own field in the error.
 */
export function parseDateInput(value: string | number): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : null;
  const text = value.trim();
  const time = parseTimestamp(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  return time !== null && Number.isFinite(time) ? time : null;
}

export const DATE_INPUT_HINT = 'YYYY-MM-DD, ISO 8601 or epoch s/ms';
