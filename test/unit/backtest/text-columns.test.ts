import { describe, expect, it } from 'vitest';
import { RepeatedTextColumn, TextColumn } from '../../../core/backtest/text-columns.js';

/** Texts a column must give back exactly: empty, ASCII ids, Latin-1, wider characters, lone surrogates, one past a chunk and long. */
const ODD_TEXTS = ['', 'paper-1-1', 'caf\u00e9 \u00ff', 'o1', 'Ünïcødé ✓', '\u{1F600} pair', '\uD800 lone high', 'lone low \uDC00', '\u0000nul', 'x'.repeat(4_097), 'é'.repeat(20_000)];

/** Pushes every text, then reads each row back. */
function roundTrip(column: TextColumn | RepeatedTextColumn, texts: readonly string[]): void {
  for (const text of texts) column.push(text);
  expect(column.length).toBe(texts.length);
  for (let i = 0; i < texts.length; i++) expect(column.at(i), `row ${i}`).toBe(texts[i]);
  if (column instanceof TextColumn) expect(column.all()).toEqual(texts);
}

describe('TextColumn (texts kept as code units)', () => {
  it('gives back every text exactly, in order, past its growth of both arrays', () => {
    roundTrip(
      new TextColumn(),
      Array.from({ length: 3_000 }, (_, i) => (i % 100 === 0 ? ODD_TEXTS[(i / 100) % ODD_TEXTS.length]! : `paper-${i}-${i * 7}`)),
    );
  });

  it('goes on exactly when a wide character comes after Latin-1 texts, and past a growth after that', () => {
    roundTrip(new TextColumn(), ['o1', '', 'caf\u00e9', 'paper-1-2', '\u0100 wide', '', ...Array.from({ length: 2_000 }, (_, i) => `paper-${i}-\u00ff${i}`)]);
  });

  it('reads rows between pushes (a read does not freeze what comes after)', () => {
    const column = new TextColumn();
    column.push('paper-1-1');
    expect(column.at(0)).toBe('paper-1-1');
    column.push('\u0100');
    column.push('paper-2-2');
    expect([column.at(0), column.at(1), column.at(2)]).toEqual(['paper-1-1', '\u0100', 'paper-2-2']);
  });

  it('keeps a text built by concatenation as its characters, not the string object', () => {
    const parts = ['paper-12345', '-', '678'];
    roundTrip(new TextColumn(), [parts.join(''), `${parts[0]}${parts[1]}${parts[2]}`]);
  });
});

describe('RepeatedTextColumn (each distinct text once)', () => {
  it('gives back the very strings it got, for repeats alternating or in runs', () => {
    const texts = ['SMA 20 crossed above SMA 60', 'SMA 20 crossed below SMA 60', 'BTC/USDT', ...ODD_TEXTS];
    roundTrip(
      new RepeatedTextColumn(),
      Array.from({ length: 1_000 }, (_, i) => texts[i % 3 === 0 ? 0 : (i * 7) % texts.length]!),
    );
  });

  it('tells apart texts that are equal only up to a character', () => {
    roundTrip(new RepeatedTextColumn(), ['a', 'a ', 'A', 'a', '']);
  });
});
