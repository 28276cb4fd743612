import { describe, expect, it } from 'vitest';
import { writeJsonDocument } from '../../../core/host/cli/json-out.js';

function written(document: Record<string, unknown>): { text: string; pieces: number } {
  const pieces: string[] = [];
  writeJsonDocument(document, { write: (text: string) => pieces.push(text) });
  return { text: pieces.join(''), pieces: pieces.length };
}

describe('the CLI writes a JSON document in pieces', () => {
  it('writes exactly JSON.stringify(document) and a newline, in several pieces for a large one', () => {
    const fills = Array.from({ length: 5_000 }, (_, i) => ({ id: `f${i}`, time: 1_700_000_000_000 + i * 60_000, price: 64_000.5 + i / 3, qty: 0.01, note: i % 7 === 0 ? undefined : 'a "quoted" \u2028 line' }));
    const document = { trades: [], fills, metrics: { trades: 3, profitFactor: null, nested: [1, [2, { x: -0 }]] }, riskEvents: [{ kind: 'regime', detail: 'é' }] };
    const { text, pieces } = written(document);
    expect(text).toBe(`${JSON.stringify(document)}\n`);
    expect(pieces).toBeGreaterThan(5);
  });

  it('leaves out and nulls what JSON.stringify does', () => {
    const document = { skipped: undefined, fn: () => 1, list: [undefined, () => 2, 'x', null], empty: [], last: 1 };
    expect(written(document).text).toBe(`${JSON.stringify(document)}\n`);
    expect(written({}).text).toBe('{}\n');
  });
});
