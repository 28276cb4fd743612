import type { Candle, Timeframe } from '../../../../core/market/candle';
import type { CommandResult } from '../../../../core/api/contract/index';
import { responseEnvelopeSchema } from '../../../../core/api/envelope';
import { ApiError } from '../../../../core/api/errors';
import { api } from '../../api/client';
import { takeEarlyHistory } from '../../api/early-socket';
import { HISTORY_BARS } from './history-size';

export { HISTORY_BARS };

type History = CommandResult<'market.history'>;

interface Early {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly answer: Promise<History>;
  /** Live 1m bars of the symbol that arrived since the request left (the answer may predate them). */
  readonly updates: Candle[];
  readonly stop: () => void;
}

let early: Early | null = null;
const UNCLAIMED_MS = 10_000;

/**
 * Asks for the chart's first history as the renderer starts, before React mounts the workspace, so the
 * core answers while the page builds itself (navigation → first chart paint). Live bars of the symbol
 * are kept from the moment the request leaves, so none falls between the answer and the chart.
 */
export function prefetchHistory(symbol: string, timeframe: Timeframe): void {
  const updates: Candle[] = [];
  const stop = api.on('market.candles', (event) => {
    for (const update of event.updates) if (update.symbol === symbol && update.timeframe === '1m') updates.push(update.candle);
  });
  const answer = earlyAnswer(symbol, timeframe) ?? api.call('market.history', { symbol, timeframe, limit: HISTORY_BARS });
  const prefetched: Early = { symbol, timeframe, answer, updates, stop };
  early = prefetched;
  // Not claimed soon after it came (the workspace started on another screen): dropped, so the live bars
  // stop piling up; a chart shown later asks for its history itself. Failed: the chart asks again too.
  const drop = () => {
    if (early !== prefetched) return;
    early = null;
    stop();
  };
  answer.then(() => setTimeout(drop, UNCLAIMED_MS), drop);
}

/**
 * The answer to the request the page's first script sent for (symbol, timeframe) (early.ts), read as the
 * API client reads an answer; asked again if that socket closed before it came. Null when none was sent.
 */
function earlyAnswer(symbol: string, timeframe: Timeframe): Promise<History> | null {
  const raw = takeEarlyHistory(symbol, timeframe);
  return (
    raw?.then((envelope) => {
      const parsed = responseEnvelopeSchema.safeParse(envelope);
      if (!parsed.success) return api.call('market.history', { symbol, timeframe, limit: HISTORY_BARS });
      if (!parsed.data.ok) throw new ApiError(parsed.data.error.code, parsed.data.error.message, parsed.data.error.issues);
      // As the client takes any answer: the host checked it against the contract before sending it.
      return parsed.data.result as History;
    }) ?? null
  );
}

/**
 * The first history of (symbol, timeframe) and the live 1m bars that came since it was asked for: the
 * prefetched one if it is that pair (used once), otherwise a request now.
 */
export async function firstHistory(symbol: string, timeframe: Timeframe): Promise<{ history: History; since: Candle[] }> {
  const taken = early;
  early = null;
  if (taken && taken.symbol === symbol && taken.timeframe === timeframe) {
    try {
      return { history: await taken.answer, since: taken.updates };
    } finally {
      taken.stop();
    }
  }
  taken?.stop();
  return { history: await api.call('market.history', { symbol, timeframe, limit: HISTORY_BARS }), since: [] };
}
