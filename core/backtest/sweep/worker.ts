import { parentPort, workerData } from 'node:worker_threads';
import { StrategyRegistry } from '../../strategies/registry.js';
import type { FromWorker, SweepSetup, ToWorker } from './protocol.js';
import { VariantRunner } from './variant.js';

/**
 * A sweep worker thread (bundled as dist/bundles/sweep-worker.mjs): resolves the strategy itself —
 * a built-in, or the trader's file through the strategy registry — then runs the variants it is sent
 * over the candles the main thread shares with it, and answers with their figures.
 */
const port = parentPort;
if (port === null) throw new Error('the sweep worker runs in a worker thread');
const setup = workerData as SweepSetup;
const post = (message: FromWorker) => port.postMessage(message);

async function start(): Promise<void> {
  let runner: VariantRunner;
  try {
    const registry = StrategyRegistry.builtins().get(setup.strategy) ? StrategyRegistry.builtins() : await StrategyRegistry.load(setup.dataDir);
    runner = new VariantRunner(setup, (await registry.resolve(setup.strategy)).definition);
  } catch (error) {
    post({ type: 'failed', message: `the strategy could not be loaded in a sweep worker: ${error instanceof Error ? error.message : String(error)}` });
    return;
  }
  port!.on('message', (message: ToWorker) => {
    try {
      post({ type: 'results', outcomes: message.tasks.map((task) => runner.run(task)) });
    } catch (error) {
      post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  });
  post({ type: 'ready' });
}

void start();
