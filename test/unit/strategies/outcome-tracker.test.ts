import { describe, expect, it } from 'vitest';
import { OutcomeTracker } from '../../../core/strategies/support/outcome-tracker.js';

describe('outcome tracker (historical win rate)', () => {
  it('is neutral (50) with no history and counts only the last N outcomes', () => {
    const t = new OutcomeTracker(3);
    expect(t.winRate()).toBe(50);
    t.report(false);
    t.report(true);
    t.report(true);
    expect(t.winRate()).toBeCloseTo(200 / 3, 10);
    t.report(true); // the loss falls out of the window
    expect(t.winRate()).toBe(100);
  });

  it('prefers reported outcomes over inferred ones', () => {
    const t = new OutcomeTracker(10);
    t.infer(true);
    t.infer(true);
    expect(t.winRate()).toBe(100);
    t.report(false);
    expect(t.winRate()).toBe(0);
    expect(t.count).toBe(1);
  });
});
