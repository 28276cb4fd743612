import { z } from 'zod';
import type { Candle } from './candle.js';
import { lazySchema } from './lazy-schema.js';

/** A CSV line that could not become a candle: its 1-based line number in the file and the rule it broke. */
export interface RejectedRow {
  readonly line: number;
  readonly rule: string;
  readonly detail: string;
}

/** Where the timestamp and the five values sit in each row (from the header). */
export interface CsvLayout {
  readonly timeIndex: number;
  /** The timestamp column's name as the header has it (lower case): what a bad timestamp is named by. */
  readonly timeName: string;
  /** Cell index of open, high, low, close, volume. */
  readonly indexes: readonly [number, number, number, number, number];
}

const TIME_COLUMNS = ['timestamp', 'time', 'date', 'datetime', 'open_time', 'opentime', 'ts'];
const REQUIRED = ['open', 'high', 'low', 'close', 'volume'] as const;

/** A row's fields as the row-by-row path checks them (built on first use: the column scan checks its own). */
const rowSchema = lazySchema(() => {
  /** Strict decimal: rejects '', '0x10', '1,5', 'NaN', 'Infinity' that Number()/parseFloat would accept or mangle. */
  const decimalText = z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/, 'not a decimal number');
  return z.object({
    time: z.number().int(),
    open: decimalText.transform(Number),
    high: decimalText.transform(Number),
    low: decimalText.transform(Number),
    close: decimalText.transform(Number),
    volume: decimalText.transform(Number),
  });
});

/**
 * Parses a timestamp written as epoch milliseconds, epoch seconds, or ISO 8601 (with `T` or a space).
 * Returns null when the text is none of those.
 */
export function parseTimestamp(text: string): number | null {
  const value = text.trim();
  if (/^\d{1,16}(\.\d+)?$/.test(value)) {
    const numeric = Number(value);
    return epochMs(numeric);
  }
  const iso = value.replace(' ', 'T');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(iso)) return null;
  // No zone means UTC: all Halyard timestamps are UTC.
  const withZone = /(Z|[+-]\d{2}:?\d{2})$/.test(iso) ? iso : `${iso}Z`;
  const ms = Date.parse(withZone);
  return Number.isFinite(ms) ? ms : null;
}

/** An epoch number as milliseconds: seconds until year 5138, anything larger is milliseconds. */
export function epochMs(numeric: number): number {
  return Math.round(numeric < 1e11 ? numeric * 1000 : numeric);
}

/** The layout named by a header line (1-based `lineNumber`, for the error). */
export function csvLayout(header: string, lineNumber: number): CsvLayout {
  const names = splitCsvLine(header).map((cell) => cell.trim().toLowerCase());
  const timeIndex = names.findIndex((name) => TIME_COLUMNS.includes(name));
  if (timeIndex < 0) {
    throw new Error(`line ${lineNumber}: no timestamp column in the header (expected one of ${TIME_COLUMNS.join(', ')})`);
  }
  const indexes = REQUIRED.map((name) => names.indexOf(name));
  const missing = REQUIRED.filter((_, i) => indexes[i]! < 0);
  if (missing.length > 0) throw new Error(`line ${lineNumber}: the header lacks column(s) ${missing.join(', ')}`);
  return { timeIndex, timeName: names[timeIndex]!, indexes: indexes as unknown as CsvLayout['indexes'] };
}

/**
 * One data row, checked cell by cell with the schema: the candle, or the rule the row broke. The bulk
 * parser takes this road for any row it does not read itself (ISO times, quotes, spaces, exponents, bad cells).
 */
export function parseCsvRow(raw: string, lineNumber: number, layout: CsvLayout): Candle | RejectedRow {
  const cells = splitCsvLine(raw);
  const { timeIndex, indexes } = layout;
  const time = parseTimestamp(cells[timeIndex] ?? '');
  if (time === null) {
    // Named by line and field only: a file's content is never echoed back.
    return { line: lineNumber, rule: 'timestamp', detail: `${layout.timeName}: not a timestamp (ms, s or ISO 8601)` };
  }
  // A short row: the value it lacks is named as missing, not as "not a decimal number".
  const needed = Math.max(timeIndex, ...indexes) + 1;
  if (cells.length < needed) {
    const missing = REQUIRED.find((_, i) => indexes[i]! >= cells.length);
    return { line: lineNumber, rule: 'columns', detail: `${missing} is missing (the row has ${cells.length} cells, the header needs ${needed})` };
  }
  const parsed = rowSchema().safeParse({
    time,
    open: cells[indexes[0]] ?? '',
    high: cells[indexes[1]] ?? '',
    low: cells[indexes[2]] ?? '',
    close: cells[indexes[3]] ?? '',
    volume: cells[indexes[4]] ?? '',
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { line: lineNumber, rule: 'number', detail: `${String(issue.path[0])}: ${issue.message}` };
  }
  return parsed.data;
}

function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const cells: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (char === '"') {
      if (quoted && line[i + 1] === '"') {
        current += '"';
        i++;
      } else quoted = !quoted;
    } else if (char === ',' && !quoted) {
      cells.push(current);
      current = '';
    } else current += char;
  }
  cells.push(current);
  return cells;
}
