import { stat } from 'node:fs/promises';
import { openSandboxedStrategy, type LoadedStrategyFile, type OpenOptions, type StrategyDescription } from './sandbox/sandboxed-strategy.js';

export { STRATEGY_IMPORTS } from './sandbox/bundle.js';
export type { LoadedStrategyFile, StrategyDescription } from './sandbox/sandboxed-strategy.js';

/**
 * A trader's strategy file (`<data-dir>/strategies/<name>.ts|.js`, or a path given on the backtest
 * command line) is never imported into this process: it is bundled as text and evaluated in its own
 * sandbox (sandbox/: a QuickJS engine on its own thread, no Node APIs, a memory cap and a time budget
 * per call). Loading happens only when the trader acts — picks the file in a form, enables a
 * configuration that uses it, or runs a backtest with it.
 */
export function loadStrategyFile(path: string, options: OpenOptions): Promise<LoadedStrategyFile> {
  return openSandboxedStrategy(path, options);
}

/**
 * What files said about themselves, by path, while the file is unchanged (same size and modification
 * time): the forms show a file's parameters again without evaluating it again.
 */
const descriptions = new Map<string, { readonly stamp: string; readonly description: StrategyDescription }>();

export async function rememberedDescription(path: string): Promise<StrategyDescription | null> {
  const known = descriptions.get(path);
  if (known === undefined) return null;
  return known.stamp === (await stampOf(path)) ? known.description : null;
}

export async function rememberDescription(path: string, description: StrategyDescription): Promise<void> {
  const stamp = await stampOf(path);
  if (stamp !== null) descriptions.set(path, { stamp, description });
}

async function stampOf(path: string): Promise<string | null> {
  const info = await stat(path).catch(() => null);
  return info === null ? null : `${info.size}:${info.mtimeMs}`;
}
