import { defineConfig } from 'vitest/config';

/**
 * Unit and integration files run two at a time (vitest's default on a 2-core machine is one: cores − 1),
 * as one group: most of an integration file's time is spent waiting on stubs, child processes and
 * timers. The CPU-bound integration files run after them, one at a time, then the end-to-end files, two
 * at a time: each serves its own core (a free port, a data dir and keychain service of its own) to its
 * own Chromium, and most of its time is spent waiting on the market, the venue stubs and the page.
 */
const NODE_WORKERS = 2;

/**
 * Integration files that keep both cores busy on their own (a market replayed at thousands of times its
 * speed with a training thread, twenty killed child processes, backtest CLIs): they run one at a time,
 * after the others, so a neighbour never starves them past their waits.
 */
const CPU_BOUND_INTEGRATION = [
  'test/integration/orchestrator-tuning.test.ts',
  'test/integration/risk-crash.test.ts',
  'test/integration/backtest-cli.test.ts',
  'test/integration/backtest-risk-cli.test.ts',
];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          maxWorkers: NODE_WORKERS,
          sequence: { groupOrder: 0 },
          // Property tests over 100k+ values share the machine with an integration file.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          exclude: CPU_BOUND_INTEGRATION,
          environment: 'node',
          maxWorkers: NODE_WORKERS,
          sequence: { groupOrder: 0 },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'integration-serial',
          include: CPU_BOUND_INTEGRATION,
          environment: 'node',
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // The UI answers after a round trip to the core: assertions poll for what the trader would
          // eventually see, with room for a slow CI machine.
          expect: { poll: { timeout: 20_000, interval: 100 } },
          // Two browsers at a time, after the unit and integration files: one a core.
          maxWorkers: NODE_WORKERS,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
