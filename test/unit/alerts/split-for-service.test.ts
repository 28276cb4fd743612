import { describe, expect, it } from 'vitest';
import { splitForService } from '../../../core/alerts/format.js';

describe('a message longer than a service takes, in parts', () => {
  it('leaves a message that fits alone, with no part line', () => {
    expect(splitForService('HALTED', 2_000)).toEqual(['HALTED']);
    expect(splitForService('x'.repeat(2_000), 2_000)).toEqual(['x'.repeat(2_000)]);
  });

  it('cuts between lines, keeps every line and the order, and says which part each is', () => {
    const lines = Array.from({ length: 50 }, (_, i) => `• line ${i} ${'·'.repeat(60)}`);
    const parts = splitForService(lines.join('\n'), 1_000);
    expect(parts.length).toBeGreaterThan(3);
    for (const [i, part] of parts.entries()) {
      expect(part.length).toBeLessThanOrEqual(1_000);
      expect(part.endsWith(`\n(part ${i + 1} of ${parts.length})`)).toBe(true);
    }
    const back = parts.flatMap((part) => part.split('\n').slice(0, -1));
    expect(back).toEqual(lines);
  });

  it('cuts a single line longer than a part itself, losing nothing', () => {
    const parts = splitForService('y'.repeat(4_500), 2_000);
    expect(parts.every((part) => part.length <= 2_000)).toBe(true);
    expect(parts.map((part) => part.slice(0, part.lastIndexOf('\n'))).join('')).toBe('y'.repeat(4_500));
  });
});
