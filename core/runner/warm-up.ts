import { timeframeMs, type Timeframe } from '../market/candle.js';
import type { MarketFeed } from '../market/feed.js';
import type { RunnableStrategy } from '../strategies/contract.js';
import type { Running } from './launch.js';

/** At most this many 1m bars of history warm a strategy up (a 4h strategy with a long EMA needs days). */
const MAX_WARMUP_MINUTES = 20_000;

/** Replays recent closed bars through a new engine (every order refused meanwhile) so its indicators are ready. */
export async function warmUp(run: Running, definition: Pick<RunnableStrategy, 'warmupBars' | 'timeframes'>, feed: MarketFeed): Promise<void> {
  const minutes = Math.min(MAX_WARMUP_MINUTES, Math.ceil((definition.warmupBars + 2) * maxTimeframeMinutes(definition.timeframes)));
  for (const symbol of run.symbols) {
    const history = await feed.history(symbol, '1m', minutes);
    // The last bar may still be forming; warm up on closed bars only.
    for (const candle of history.slice(0, -1)) run.engine.onCandle(symbol, candle);
  }
  // A sandboxed file decides asynchronously: the warm-up is over once its last decision came back.
  await run.engine.settled();
}

function maxTimeframeMinutes(timeframes: readonly Timeframe[]): number {
  return Math.max(1, ...timeframes.map((tf) => timeframeMs(tf) / 60_000));
}
