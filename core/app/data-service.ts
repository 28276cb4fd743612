import { randomUUID } from 'node:crypto';
import { GAP_LIST_LIMIT, type BackfillJob, type Coverage } from '../api/contract/data.js';
import type { CommandParsedArgs } from '../api/contract/index.js';
import { ApiError } from '../api/errors.js';
import { BackfillRequestError, backfillFromExchange, openBackfillSource, type ExchangeBackfillRequest } from '../exchange/ccxt-backfill.js';
import type { CcxtCandleSource } from '../exchange/ccxt-candle-source.js';
import { isExchangeError } from '../exchange/errors.js';
import type { RateBudgets } from '../exchange/rate-budget.js';
import type { BackfillProgress, BackfillReport } from '../market/backfill.js';
import { timeframeMs } from '../market/candle.js';
import type { CandleStore, SeriesKey } from '../market/candle-store.js';
import { internalGaps, totalBars, type Gap } from '../market/gaps.js';
import { SpikeGate, type SpikeFlagPersistence } from '../market/spike-gate.js';
import type { HandlerMap } from './handlers/merge.js';

export interface DataServiceDeps {
  readonly candles: CandleStore;
  /** Where spike flags persist (the store's settings), so a flagged bar stays held after a restart. */
  readonly spikeFlags: SpikeFlagPersistence;
  /** Null when the encrypted database is in use; otherwise why it is not (history would be lost on quit). */
  readonly unavailable: () => string | null;
  /** The terminal's request budgets: a backfill and a live feed on one venue share its rate limit. */
  readonly budgets: RateBudgets;
  readonly emit: (job: BackfillJob) => void;
  readonly now: () => number;
  /** Per-request timeout towards the venue; default 15 s. */
  readonly timeoutMs?: number;
}

interface Job {
  view: BackfillJob;
  readonly controller: AbortController;
  finished: Promise<void>;
  /** When the first page was asked for (after the markets loaded): the ETA's clock. */
  fetchStartedAt: number | null;
}

const FINISHED_JOBS_KEPT = 20;
/** How long closing the terminal waits for a job's request in flight before the store closes anyway. */
const STOP_WAIT_MS = 5_000;

/**
 * `data.*`: candle backfill as background jobs the UI follows and cancels. The engine is the CLI's
 * (`backfillFromExchange`): resumable because the store is the bookmark, newest bars first, gaps
 * the venue cannot fill reported. One job per series at a time; jobs live as long as the terminal.
 */
export class DataService {
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly deps: DataServiceDeps) {}

  handlers(): HandlerMap {
    return {
      'data.backfill': async (request) => ({ jobId: this.start(request) }),
      'data.cancel': async ({ jobId }) => ({ canceled: this.cancel(jobId) }),
      'data.jobs': async () => [...this.jobs.values()].map((job) => job.view).reverse(),
      'data.coverage': async (key) => this.coverage(key),
    };
  }

  /** Cancels every running job and waits (briefly) for each to stop writing. */
  async stop(): Promise<void> {
    const running = [...this.jobs.values()].filter((job) => job.view.state === 'running');
    for (const job of running) job.controller.abort();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_WAIT_MS)));
    await Promise.race([Promise.all(running.map((job) => job.finished)), timeout]);
    clearTimeout(timer);
  }

  private start(args: CommandParsedArgs<'data.backfill'>): string {
    this.requireDatabase();
    const step = timeframeMs(args.timeframe);
    const to = Math.floor((args.to ?? this.deps.now()) / step) * step;
    const from = Math.ceil(args.from / step) * step;
    if (to <= from) {
      const message = args.to === undefined ? 'from must be in the past' : `the range holds no whole ${args.timeframe} bar`;
      throw new ApiError('bad_request', `invalid arguments for data.backfill`, [{ path: args.to === undefined ? 'from' : 'to', message }]);
    }
    const running = [...this.jobs.values()].find(
      (job) => job.view.state === 'running' && job.view.exchange === args.exchange && job.view.symbol === args.symbol && job.view.timeframe === args.timeframe,
    );
    if (running) throw new ApiError('rejected', `a backfill of ${args.exchange} ${args.symbol} ${args.timeframe} is already running (job ${running.view.jobId}); cancel it or wait for it to finish`);

    const request: ExchangeBackfillRequest = { exchange: args.exchange, symbol: args.symbol, timeframe: args.timeframe, from, to, sandbox: args.sandbox, baseUrl: args.baseUrl ?? null, timeoutMs: this.deps.timeoutMs ?? 15_000 };
    let source: CcxtCandleSource;
    try {
      source = openBackfillSource(request, this.deps.budgets);
    } catch (error) {
      if (error instanceof BackfillRequestError) throw new ApiError('bad_request', `invalid arguments for data.backfill`, [{ path: error.field, message: error.message }]);
      throw error;
    }
    const job: Job = {
      view: {
        jobId: randomUUID(),
        exchange: args.exchange,
        symbol: args.symbol,
        timeframe: args.timeframe,
        from,
        to,
        state: 'running',
        done: 0,
        total: 0,
        stored: 0,
        pages: 0,
        etaMs: null,
        message: `Connecting to ${args.exchange}…`,
        gaps: { count: 0, bars: 0, list: [] },
        startedAt: this.deps.now(),
        finishedAt: null,
      },
      controller: new AbortController(),
      finished: Promise.resolve(),
      fetchStartedAt: null,
    };
    this.jobs.set(job.view.jobId, job);
    this.forgetOldJobs();
    this.update(job, {});
    job.finished = this.run(job, source, request);
    return job.view.jobId;
  }

  private async run(job: Job, source: CcxtCandleSource, request: ExchangeBackfillRequest): Promise<void> {
    try {
      const report = await backfillFromExchange(source, request, {
        candles: this.deps.candles,
        spikes: new SpikeGate(this.deps.spikeFlags),
        signal: job.controller.signal,
        onMarketsLoaded: () => this.update(job, { message: `Looking for missing ${request.timeframe} bars…` }),
        onProgress: (progress) => this.progress(job, progress),
      });
      this.finish(job, report);
    } catch (error) {
      const canceled = job.controller.signal.aborted;
      const message = canceled ? `Canceled: ${errorText(error)}` : failureMessage(request.exchange, error, job.view.stored);
      this.update(job, { state: canceled ? 'canceled' : 'failed', message, etaMs: null, finishedAt: this.deps.now() });
    }
  }

  private progress(job: Job, progress: BackfillProgress): void {
    const now = this.deps.now();
    job.fetchStartedAt ??= now;
    const { totalBars: total, doneBars: done } = progress;
    // Remaining bars at the rate seen so far; no guess before the first page is in.
    const etaMs = done > 0 && done < total ? Math.round(((now - job.fetchStartedAt) / done) * (total - done)) : done >= total ? 0 : null;
    const message = total === 0 ? 'Nothing is missing in this range.' : `Fetched ${done} of ${total} missing bars (${progress.pages} requests)`;
    this.update(job, { total, done, stored: progress.storedBars, pages: progress.pages, etaMs, message });
  }

  private finish(job: Job, report: BackfillReport): void {
    const gaps = summarize(report.unfillable);
    const parts: string[] = [];
    if (report.aborted) {
      parts.push(`Canceled after ${job.view.done} of ${job.view.total} missing bars; the ${report.stored} candles stored are kept — start the backfill again to resume.`);
    } else {
      parts.push(`Stored ${report.stored} candles in ${report.pages} requests; ${report.alreadyStored} were already stored.`);
    }
    if (report.rejected.length > 0) parts.push(`${report.rejected.length === 1 ? '1 candle' : `${report.rejected.length} candles`} from the exchange broke a validation rule and were not stored.`);
    if (report.flagged.length > 0) parts.push(`${report.flagged.length === 1 ? '1 spike' : `${report.flagged.length} spikes`} flagged: stored, but kept out of strategy input until confirmed.`);
    if (gaps.count > 0) parts.push(`${gaps.count} gaps (${gaps.bars} bars) the exchange could not fill.`);
    else if (!report.aborted) parts.push('No gaps left.');
    this.update(job, {
      state: report.aborted ? 'canceled' : 'done',
      stored: report.stored,
      pages: report.pages,
      etaMs: report.aborted ? null : 0,
      gaps,
      message: parts.join(' '),
      finishedAt: this.deps.now(),
    });
  }

  private cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job) throw new ApiError('not_found', `no backfill job ${jobId}`);
    if (job.view.state !== 'running') return false;
    if (!job.controller.signal.aborted) {
      job.controller.abort();
      // The page in flight finishes first; the job's final event says `canceled`.
      this.update(job, { message: 'Canceling after the request in flight…' });
    }
    return true;
  }

  private coverage(key: SeriesKey): Coverage {
    this.requireDatabase();
    const bounds = this.deps.candles.bounds(key);
    if (!bounds) return { ...key, first: null, last: null, count: 0, gaps: 0, missingBars: 0 };
    const step = timeframeMs(key.timeframe);
    const gaps = internalGaps(this.deps.candles.range(key, bounds.first, bounds.last + step).time, step);
    return { ...key, first: bounds.first, last: bounds.last, count: bounds.count, gaps: gaps.length, missingBars: totalBars(gaps) };
  }

  private requireDatabase(): void {
    const reason = this.deps.unavailable();
    if (reason !== null) throw new ApiError('unavailable', `Candle history cannot be stored: ${reason}`);
  }

  private update(job: Job, change: Partial<BackfillJob>): void {
    job.view = { ...job.view, ...change };
    this.deps.emit(job.view);
  }

  private forgetOldJobs(): void {
    const finished = [...this.jobs.values()].filter((job) => job.view.state !== 'running');
    for (const job of finished.slice(0, Math.max(0, finished.length - FINISHED_JOBS_KEPT))) this.jobs.delete(job.view.jobId);
  }
}

/** Why a job failed, in words a trader can act on. */
function failureMessage(exchange: string, error: unknown, stored: number): string {
  if (error instanceof BackfillRequestError) return error.message;
  const what = isExchangeError(error) && error.retryable ? `${exchange} could not be reached (retried with back-off)` : `Backfill from ${exchange} failed`;
  const kept = stored > 0 ? `The ${stored} candles stored before the failure are kept; start the backfill again to resume.` : 'Nothing was stored.';
  return `${what}: ${errorText(error)}. ${kept}`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function summarize(gaps: readonly Gap[]): BackfillJob['gaps'] {
  return { count: gaps.length, bars: totalBars(gaps), list: gaps.slice(0, GAP_LIST_LIMIT).map(({ from, to, bars }) => ({ from, to, bars })) };
}
