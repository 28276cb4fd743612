import { describe, expect, it } from 'vitest';
import { RiskEventLog } from '../../../core/risk/events.js';

describe('risk events log', () => {
  it('keeps the newest `capacity` events however many came, for recent() and query()', () => {
    const log = new RiskEventLog(3);
    for (let i = 1; i <= 10; i++) {
      log.record({ time: i, kind: i % 2 === 0 ? 'regime:PANIC' : 'entry_blocked', detail: `event ${i}` });
      const newest = Array.from({ length: Math.min(i, 3) }, (_, k) => `event ${i - Math.min(i, 3) + 1 + k}`);
      expect(log.recent().map((e) => e.detail)).toEqual(newest);
      expect(log.recent(2).map((e) => e.detail)).toEqual(newest.slice(-2));
      expect(log.query({ limit: 10 }).map((e) => e.detail)).toEqual([...newest].reverse());
    }
    expect(log.query({ limit: 10, kind: 'regime' }).map((e) => e.detail)).toEqual(['event 10', 'event 8']);
    expect(log.query({ limit: 10, before: 10 }).map((e) => e.id)).toEqual([9, 8]);
  });
});
