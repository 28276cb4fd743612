import { backfill, type BackfillProgress, type BackfillReport } from '../market/backfill.js';
import type { MarketSymbol, Timeframe } from '../market/candle.js';
import type { CandleStore } from '../market/candle-store.js';
import type { SpikeGate } from '../market/spike-gate.js';
import { CcxtCandleSource } from './ccxt-candle-source.js';
import { CcxtExchange } from './ccxt-exchange.js';
import type { RateBudgets } from './rate-budget.js';

/** One backfill of an exchange's public candles into the store, as the CLI and the API ask for it. */
export interface ExchangeBackfillRequest {
  /** A ccxt exchange id; the candles are stored under it. */
  readonly exchange: string;
  readonly symbol: MarketSymbol;
  readonly timeframe: Timeframe;
  readonly from: number;
  readonly to: number;
  readonly sandbox: boolean;
  readonly baseUrl: string | null;
  readonly timeoutMs?: number | undefined;
}

export interface ExchangeBackfillDeps {
  readonly candles: CandleStore;
  readonly spikes: SpikeGate;
  readonly signal?: AbortSignal;
  /** Called once the venue's markets are loaded and the symbol is known to exist. */
  readonly onMarketsLoaded?: () => void;
  readonly onProgress?: (progress: BackfillProgress) => void;
}

/** The request cannot work as asked (unknown exchange, unlisted symbol): the trader must change it, retrying will not help. */
export class BackfillRequestError extends Error {
  constructor(
    readonly field: 'exchange' | 'symbol' | 'sandbox',
    message: string,
  ) {
    super(message);
    this.name = 'BackfillRequestError';
  }
}

/**
 * The venue's public candle source (no credentials). Synchronous, so a request that names an
 * exchange ccxt does not know — or a sandbox the venue does not have — is refused before any job starts.
 */
export function openBackfillSource(request: ExchangeBackfillRequest, budgets?: RateBudgets): CcxtCandleSource {
  try {
    const venue = new CcxtExchange({
      account: { exchange: request.exchange, sandbox: request.sandbox, baseUrl: request.baseUrl, ...(request.timeoutMs ? { timeoutMs: request.timeoutMs } : {}) },
      ...(budgets ? { budgets } : {}),
    });
    return new CcxtCandleSource(venue);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new BackfillRequestError(request.sandbox && /sandbox|testnet/i.test(message) ? 'sandbox' : 'exchange', message);
  }
}

/**
 * Checks the venue lists the symbol, then runs the resumable backfill; closes the source at the end.
 * Throws BackfillRequestError for a request that cannot work; any other error is the venue failing
 * (unreachable, timing out) — what was stored so far is kept, and the next run resumes from there.
 */
export async function backfillFromExchange(source: CcxtCandleSource, request: ExchangeBackfillRequest, deps: ExchangeBackfillDeps): Promise<BackfillReport> {
  try {
    const markets = await source.markets();
    if (!markets.some((m) => m.symbol === request.symbol)) throw new BackfillRequestError('symbol', `${source.label} has no market ${request.symbol}`);
    deps.onMarketsLoaded?.();
    return await backfill({
      key: { exchange: request.exchange, symbol: request.symbol, timeframe: request.timeframe },
      from: request.from,
      to: request.to,
      source,
      store: deps.candles,
      spikes: deps.spikes,
      ...(deps.signal ? { signal: deps.signal } : {}),
      ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
    });
  } finally {
    await source.close().catch(() => undefined);
  }
}
