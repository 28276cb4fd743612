import { describe, expect, it } from 'vitest';
import { RepeatedTextColumn, TextColumn } from '../../../core/backtest/text-columns.js';

/** Texts a column must give back exactly: empty, ASCII ids, non-ASCII, lone surrogates, one past a chunk and long. */
const ODD_TEXTS = ['', 'paper-1-1', 'caf\u00e9 \u00ff', 'o1', 'Ünïcødé ✓', '\u{1F600} pair', '\uD800 lone high', 'lone low \uDC00', '\u0000nul', 'x'.repeat(4_097), 'é'.repeat(20_000)];

describe('TextColumn (texts kept as code units)', () => {
  it('gives back every text exactly, in order, past its growth of both arrays', () => {
    const column = new TextColumn();
    const added: string[] = [];
    for (let i = 0; i < 3_000; i++) {
      const text = i % 100 === 0 ? ODD_TEXTS[(i / 100) % ODD_TEXTS.length]! : `paper-${i}-${i * 7}`;
      added.push(text);
      column.push(text);
    }
    expect(column.length).toBe(3_000);
    for (let i = 0; i < added.length; i++) expect(column.at(i), `row ${i}`).toBe(added[i]);
  });

  it('goes on exactly when a wide character comes after Latin-1 texts, and past a growth after that', () => {
    const column = new TextColumn();
    const added = ['o1', 'caf\u00e9', 'paper-1-2', '\u0100 wide', ...Array.from({ length: 2_000 }, (_, i) => `paper-${i}-\u00ff${i}`)];
    for (const text of added) column.push(text);
    for (let i = 0; i < added.length; i++) expect(column.at(i), `row ${i}`).toBe(added[i]);
  });

  it('keeps a text built by concatenation as its characters, not the string object', () => {
    const column = new TextColumn();
    const parts = ['paper-12345', '-', '678'];
    column.push(parts.join(''));
    column.push(`${parts[0]}${parts[1]}${parts[2]}`);
    expect(column.at(0)).toBe('paper-12345-678');
    expect(column.at(1)).toBe('paper-12345-678');
  });
});

describe('RepeatedTextColumn (each distinct text once)', () => {
  it('gives back the very strings it got, for repeats alternating or in runs', () => {
    const column = new RepeatedTextColumn();
    const texts = ['SMA 20 crossed above SMA 60', 'SMA 20 crossed below SMA 60', 'BTC/USDT', ...ODD_TEXTS];
    const added: string[] = [];
    for (let i = 0; i < 1_000; i++) {
      const text = texts[i % 3 === 0 ? 0 : (i * 7) % texts.length]!;
      added.push(text);
      column.push(text);
    }
    expect(column.length).toBe(1_000);
    for (let i = 0; i < added.length; i++) expect(column.at(i), `row ${i}`).toBe(added[i]);
  });

  it('tells apart texts that are equal only up to a character', () => {
    const column = new RepeatedTextColumn();
    for (const text of ['a', 'a ', 'A', 'a', '']) column.push(text);
    expect([0, 1, 2, 3, 4].map((i) => column.at(i))).toEqual(['a', 'a ', 'A', 'a', '']);
  });
});
