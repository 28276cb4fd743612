import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runVariants, type SweepProgress } from '../../../core/backtest/sweep/pool.js';
import type { SweepSetup } from '../../../core/backtest/sweep/protocol.js';

/**
 * A worker that speaks the sweep protocol (core/backtest/sweep/protocol.ts) as the real one does: it takes
 * `startupMs` to get ready (the real one loads its strategy and works out the market state for its risk
 * gates: about a second on 100,000 bars), then answers each batch after `taskMs` per variant.
 */
const WORKER = `
import { parentPort, workerData } from 'node:worker_threads';
setTimeout(() => {
  parentPort.on('message', (message) => {
    setTimeout(() => parentPort.postMessage({ type: 'results', outcomes: message.tasks.map((task) => ({ index: task.index, metrics: {}, folds: [], outOfSample: null })) }), workerData.taskMs * message.tasks.length);
  });
  parentPort.postMessage({ type: 'ready' });
}, workerData.startupMs);
`;

const dir = mkdtempSync(join(tmpdir(), 'halyard-sweep-pool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the sweep pool', () => {
  it('estimates the time left from the pace of the variants, not the workers\' start-up', async () => {
    const workerFile = join(dir, 'slow-start-worker.mjs');
    writeFileSync(workerFile, WORKER);
    const setup = { startupMs: 1_500, taskMs: 40 } as unknown as SweepSetup;
    const tasks = Array.from({ length: 20 }, (_, index) => ({ index, params: {} }));
    const progress: SweepProgress[] = [];
    const outcomes = await runVariants(setup, tasks, { workerFile, workers: 1, onProgress: (p) => progress.push(p) });
    expect(outcomes.map((o) => o.index)).toEqual(tasks.map((t) => t.index));
    const first = progress[0]!;
    expect(first.done).toBe(2);
    // 18 variants of 40 ms are left (0.72 s); counting the 1.5 s start-up in the pace said ~14 s.
    expect(first.etaMs!).toBeLessThan(4_000);
    expect(first.elapsedMs).toBeGreaterThanOrEqual(1_500);
    expect(progress.at(-1)).toMatchObject({ done: 20, total: 20, etaMs: 0 });
  }, 30_000);
});
