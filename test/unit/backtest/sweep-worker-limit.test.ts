import { describe, expect, it } from 'vitest';
import { workerLimit, workersRefusal } from '../../../core/backtest/sweep/worker-limit.js';

const GB = 1024 ** 3;

/** How many sweep workers a machine holds: 4 per core, and as many as half its free memory holds at ~32 MB + 100 B a bar each. */
describe('the sweep worker limit', () => {
  it('is 4 per core on a machine with memory to spare', () => {
    expect(workerLimit(20_000, { cores: 2, freeBytes: 16 * GB }).max).toBe(8);
    expect(workersRefusal(8, 20_000, { cores: 2, freeBytes: 16 * GB })).toBeNull();
  });

  it('is what half the free memory holds when that is less: 256 workers of 20,000 bars on 64 cores with 4 GB free is refused', () => {
    // 2 GB for the sweep / (32 MB + 2,000,000 B a worker) = 60.
    expect(workerLimit(20_000, { cores: 64, freeBytes: 4 * GB }).max).toBe(60);
    expect(workersRefusal(256, 20_000, { cores: 64, freeBytes: 4 * GB })).toBe(
      'must be a whole number from 1 to 60 on this machine (4 per core on its 64 cores, and as many as half its free memory (4.0 GB) holds at ~34 MB a worker for 20,000 bars), got 256',
    );
  });

  it('grows what a worker needs with the bars, and always lets one run', () => {
    expect(workerLimit(10_000_000, { cores: 8, freeBytes: 8 * GB }).max).toBe(4);
    expect(workerLimit(20_000, { cores: 1, freeBytes: 10 * 1024 * 1024 }).max).toBe(1);
  });
});
