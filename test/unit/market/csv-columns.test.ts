import { describe, expect, it } from 'vitest';
import { CandleColumnsReader, parseCandleColumns } from '../../../core/market/csv-columns.js';
import { csvLayout, parseCsvRow, type RejectedRow } from '../../../core/market/csv-row.js';
import type { Candle } from '../../../core/market/candle.js';

/** The row-by-row reading the bulk reader must reproduce: every line through the schema. */
function rowByRow(text: string): { candles: Candle[]; lines: number[]; rejected: RejectedRow[] } {
  const lines = text.split(/\r?\n/);
  const header = lines.findIndex((line) => line.trim() !== '');
  const layout = csvLayout(lines[header]!, header + 1);
  const out = { candles: [] as Candle[], lines: [] as number[], rejected: [] as RejectedRow[] };
  for (let i = header + 1; i < lines.length; i++) {
    if (lines[i]!.trim() === '') continue;
    const row = parseCsvRow(lines[i]!, i + 1, layout);
    if ('rule' in row) out.rejected.push(row);
    else {
      out.candles.push(row);
      out.lines.push(i + 1);
    }
  }
  return out;
}

function bulk(text: string) {
  return asRows(parseCandleColumns(text));
}

/**
 * The same text fed to the reader in pieces of whole lines, as a file read in chunks is, with columns
 * sized far too small at first (they must grow without losing a row).
 */
function inPieces(text: string, next: () => number) {
  const bytes = new TextEncoder().encode(text);
  const reader = new CandleColumnsReader(Math.floor(next() * 64));
  let start = 0;
  for (let at = bytes.indexOf(10); at >= 0; at = bytes.indexOf(10, at + 1)) {
    if (next() < 0.3) {
      reader.read(bytes.subarray(0, at + 1), start, at + 1, false);
      start = at + 1;
    }
  }
  reader.read(bytes, start, bytes.length, true);
  return asRows(reader.finish());
}

function asRows({ columns, lines, rejected }: ReturnType<typeof parseCandleColumns>) {
  const candles = Array.from(columns.time, (time, i) => ({ time, open: columns.open[i]!, high: columns.high[i]!, low: columns.low[i]!, close: columns.close[i]!, volume: columns.volume[i]! }));
  return { candles, lines: Array.from(lines), rejected };
}

/** A deterministic pseudo-random source, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const CELLS = ['4.255', '0.000123', '12345.678901', '7931.88', '100', '-0', '0', '-1.5', '123456789012345.6', '1.23456789012345678', '1e5', ' 1.5', '1.5 ', '-', '1.', '.5', '+1', 'abc', '', '"2.5"', '1,5', 'NaN', 'Infinity', '0x10', '١٢', '3.', '999999999999999', '9999999999999999', '1000000000000000', '99999999999999.9', '0.000000000000001234', '0000000000000000001.5', '-999999999999999.9'];

describe('bulk candle CSV reading (column-wise, from bytes)', () => {
  it('reads exactly what the row-by-row reader reads: same candles, lines, rejections and reasons', () => {
    const next = random(7);
    const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
    for (let file = 0; file < 300; file++) {
      const header = pick(['timestamp,open,high,low,close,volume', 'open_time,open,high,low,close,volume,close_time,quote_volume', 'date,close,open,low,high,volume', '\uFEFFtime,open,high,low,close,volume']);
      const columns = header.split(',').length;
      const rows: string[] = [pick(['', '   '])];
      rows.push(header);
      for (let r = 0; r < 40; r++) {
        const time = pick([String(1_690_848_000_000 + r * 60_000), String(1_690_848_000 + r * 60), '2023-08-01 00:00:00', '2023-08-01T00:01:00Z', 'x', '', '1690848000000.5', '12345678901234567']);
        const cells = [time];
        for (let c = 1; c < columns; c++) cells.push(next() < 0.85 ? (next() * 10_000).toFixed(Math.floor(next() * 9)) : pick(CELLS));
        if (next() < 0.05) cells.pop();
        if (next() < 0.05) cells.push('"quoted, extra"');
        rows.push(next() < 0.04 ? pick(['', '  ', '\t']) : cells.join(','));
      }
      const text = rows.join(pick(['\n', '\r\n'])) + pick(['', '\n', '\r\n', '\r']);
      const expected = rowByRow(text);
      expect(bulk(text), `file ${file}`).toEqual(expected);
      expect(inPieces(text, next), `file ${file} in pieces`).toEqual(expected);
    }
  });

  it('gives every decimal exactly the double Number() gives it', () => {
    const next = random(11);
    const texts: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const digits = 1 + Math.floor(next() * 17);
      let text = '';
      for (let d = 0; d < digits; d++) text += Math.floor(next() * 10);
      const dot = Math.floor(next() * (digits + 1));
      texts.push(dot === 0 || dot === digits ? text : `${text.slice(0, dot)}.${text.slice(dot)}`);
    }
    const csv = `timestamp,open,high,low,close,volume\n${texts.map((t, i) => `${i * 60_000},${t},${t},${t},${t},${t}`).join('\n')}\n`;
    const { columns } = parseCandleColumns(csv);
    texts.forEach((text, i) => expect(columns.close[i], text).toBe(Number(text)));
  });

  it('names the header problem with its line, and refuses an empty file', () => {
    expect(() => parseCandleColumns('\n\nfoo,open,high,low,close,volume\n1,1,1,1,1,1')).toThrow(/^line 3: no timestamp column in the header/);
    expect(() => parseCandleColumns('time,open,high\n')).toThrow('line 1: the header lacks column(s) low, close, volume');
    expect(() => parseCandleColumns('')).toThrow('the CSV file is empty');
    expect(() => parseCandleColumns(' \n\r\n')).toThrow('the CSV file is empty');
  });

  it('sums up the rows it scanned for the backtest checks: gaps and bars failing the price, OHLC or volume rules', () => {
    const header = 'time,open,high,low,close,volume\n';
    const t0 = 1_704_067_200_000;
    const bar = (minute: number, open: string, high: string, low: string, close: string, volume = '1') => `${t0 + minute * 60_000},${open},${high},${low},${close},${volume}\n`;
    const even = header + bar(1, '2', '3', '1', '2') + bar(2, '2', '3', '1', '2.5') + bar(3, '2', '3', '1', '1');
    expect(parseCandleColumns(even).scan).toEqual({ smallestGap: 60_000, largestGap: 60_000, badBars: 0 });
    const holes = header + bar(1, '2', '3', '1', '2') + bar(3, '2', '3', '1', '2') + bar(2, '2', '3', '1', '2');
    expect(parseCandleColumns(holes).scan).toEqual({ smallestGap: -60_000, largestGap: 120_000, badBars: 0 });
    // Each rule of firstInvalidBar but the grid: a low of zero, a low above the open, a high under the close, a negative volume.
    const bad = [bar(1, '2', '3', '0', '2'), bar(2, '2', '3', '2.5', '2.6'), bar(3, '2', '3', '1', '3.5'), bar(4, '2', '3', '1', '2', '-1'), bar(5, '-2', '3', '1', '2'), bar(6, '2', '3', '1', '2', '-0')];
    expect(parseCandleColumns(header + bad.join('')).scan).toEqual({ smallestGap: 60_000, largestGap: 60_000, badBars: 5 });
    // A row read row by row (an ISO time) leaves the checks to the backtest's own loops.
    expect(parseCandleColumns(`${even}2024-01-01T00:04:00Z,2,3,1,2,1\n`).scan).toBeNull();
  });

  it('reads a Binance kline export with its extra columns into columns', () => {
    const text = 'open_time,open,high,low,close,volume,close_time,quote_volume\n1690848000000,4.255,4.256,4.252,4.252,25259.1,1690848059999,107451.0165\n1690848060000,4.251,4.253,4.251,4.253,2476.0,1690848119999,10527.7466\n';
    const { columns, lines, rejected } = parseCandleColumns(new TextEncoder().encode(text));
    expect(rejected).toEqual([]);
    expect(Array.from(lines)).toEqual([2, 3]);
    expect(Array.from(columns.close)).toEqual([4.252, 4.253]);
    expect(Array.from(columns.time)).toEqual([1_690_848_000_000, 1_690_848_060_000]);
  });
});
