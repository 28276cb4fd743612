import { parentPort, workerData } from 'node:worker_threads';
import { StrategyRegistry } from '../../strategies/registry.js';
import type { FromWorker, SweepSetup, ToWorker } from './protocol.js';
import { VariantRunner } from './variant.js';

/**
 * A sweep worker thread (bundled as dist/bundles/sweep-worker.mjs): opens the strategy itself —
 * a built-in, or the trader's file in its sandbox through the strategy registry — then runs the variants it is sent
 * over the candles the main thread shares with it, and answers with their figures.
 */
const port = parentPort;
if (port === null) throw new Error('the sweep worker runs in a worker thread');
const setup = workerData as SweepSetup;
const post = (message: FromWorker) => port.postMessage(message);
const ran = () => post({ type: 'ran' });

async function start(): Promise<void> {
  let runner: VariantRunner;
  try {
    // A trader's file runs in a sandbox of this worker's own (a thread of its own, ended with this worker).
    const opened = setup.path !== null ? await StrategyRegistry.openPath(setup.path) : await StrategyRegistry.builtins().open(setup.strategy, { views: false });
    const strategy = await opened.prepare(setup.paramSets);
    // A sandbox closes once its last instance is let go, and every variant's run lets its own go: one idle
    // instance, held for the worker's life, keeps it open between variants (it ends with the worker).
    if (setup.path !== null) strategy.create(setup.paramSets[0], setup.symbol);
    runner = new VariantRunner(setup, strategy);
  } catch (error) {
    post({ type: 'failed', message: `the strategy could not be loaded in a sweep worker: ${error instanceof Error ? error.message : String(error)}` });
    return;
  }
  port!.on('message', (message: ToWorker) => {
    void (async () => {
      const outcomes = [];
      for (const task of message.tasks) outcomes.push(await runner.run(task, ran));
      return outcomes;
    })().then(
      (outcomes) => post({ type: 'results', outcomes }),
      (error: unknown) => post({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
  });
  post({ type: 'ready' });
}

void start();
