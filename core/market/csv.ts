import { z } from 'zod';
import type { Candle } from './candle.js';

/** A CSV line that could not become a candle: its 1-based line number in the file and the rule it broke. */
export interface RejectedRow {
  readonly line: number;
  readonly rule: string;
  readonly detail: string;
}

export interface ParsedCandleCsv {
  readonly candles: Candle[];
  /** 1-based file line of each entry of `candles` (same index). */
  readonly lines: number[];
  readonly rejected: RejectedRow[];
}

const TIME_COLUMNS = ['timestamp', 'time', 'date', 'datetime', 'open_time', 'opentime', 'ts'];
const REQUIRED = ['open', 'high', 'low', 'close', 'volume'] as const;

/** Strict decimal: rejects '', '0x10', '1,5', 'NaN', 'Infinity' that Number()/parseFloat would accept or mangle. */
const decimalText = z
  .string()
  .trim()
  .regex(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/, 'not a decimal number');

const rowSchema = z.object({
  time: z.number().int(),
  open: decimalText.transform(Number),
  high: decimalText.transform(Number),
  low: decimalText.transform(Number),
  close: decimalText.transform(Number),
  volume: decimalText.transform(Number),
});

/**
 * Parses a timestamp written as epoch milliseconds, epoch seconds, or ISO 8601 (with `T` or a space).
 * Returns null when the text is none of those.
 */
export function parseTimestamp(text: string): number | null {
  const value = text.trim();
  if (/^\d{1,16}(\.\d+)?$/.test(value)) {
    const numeric = Number(value);
    // Seconds until year 5138; anything larger is milliseconds.
    return Math.round(numeric < 1e11 ? numeric * 1000 : numeric);
  }
  const iso = value.replace(' ', 'T');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(iso)) return null;
  // No zone means UTC: all Halyard timestamps are UTC.
  const withZone = /(Z|[+-]\d{2}:?\d{2})$/.test(iso) ? iso : `${iso}Z`;
  const ms = Date.parse(withZone);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * Reads a candle CSV: a header row, then timestamp, open, high, low, close, volume (extra columns
 * ignored; Binance kline exports work as they are). Rows that break a rule are returned in
 * `rejected` with their line number, never silently dropped or silently used.
 */
export function parseCandleCsv(text: string): ParsedCandleCsv {
  const lines = text.split(/\r?\n/);
  const headerIndex = lines.findIndex((line) => line.trim() !== '');
  if (headerIndex < 0) throw new Error('the CSV file is empty');
  const header = splitCsvLine(lines[headerIndex]!).map((cell) => cell.trim().toLowerCase());
  const timeIndex = header.findIndex((name) => TIME_COLUMNS.includes(name));
  if (timeIndex < 0) {
    throw new Error(`line ${headerIndex + 1}: no timestamp column in the header (expected one of ${TIME_COLUMNS.join(', ')})`);
  }
  const indexes = REQUIRED.map((name) => header.indexOf(name));
  const missing = REQUIRED.filter((_, i) => indexes[i]! < 0);
  if (missing.length > 0) throw new Error(`line ${headerIndex + 1}: the header lacks column(s) ${missing.join(', ')}`);

  const candles: Candle[] = [];
  const candleLines: number[] = [];
  const rejected: RejectedRow[] = [];
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    const lineNumber = i + 1;
    const cells = splitCsvLine(raw);
    const time = parseTimestamp(cells[timeIndex] ?? '');
    if (time === null) {
      // Named by line and field only: a file's content is never echoed back.
      rejected.push({ line: lineNumber, rule: 'timestamp', detail: `${header[timeIndex]}: not a timestamp (ms, s or ISO 8601)` });
      continue;
    }
    const parsed = rowSchema.safeParse({
      time,
      open: cells[indexes[0]!] ?? '',
      high: cells[indexes[1]!] ?? '',
      low: cells[indexes[2]!] ?? '',
      close: cells[indexes[3]!] ?? '',
      volume: cells[indexes[4]!] ?? '',
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      rejected.push({ line: lineNumber, rule: 'number', detail: `${String(issue.path[0])}: ${issue.message}` });
      continue;
    }
    candles.push(parsed.data);
    candleLines.push(lineNumber);
  }
  return { candles, lines: candleLines, rejected };
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
