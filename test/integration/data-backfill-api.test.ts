import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiClient, type ApiClient } from '../../core/api/client.js';
import type { BackfillJob, CommandArgs } from '../../core/api/contract/index.js';
import { ApiError } from '../../core/api/errors.js';
import { serveApi } from '../../core/api/server.js';
import { createInMemoryPair } from '../../core/api/transport.js';
import { TerminalStorage } from '../../core/app/storage.js';
import { Terminal } from '../../core/app/terminal.js';
import type { Candle } from '../../core/market/candle.js';
import { startBinanceStub, type BinanceStub } from '../stubs/binance-stub.js';
import { removeDir, tempDir, testKeychain } from './store-helpers.js';

/**
 * Candle backfill as the UI drives it: `data.*` through the real API client, a Terminal on the real
 * encrypted store (real keychain: run under test/with-keyring.sh), Binance played by the loopback
 * stub behind real ccxt code.
 */
const M = 60_000;
const T0 = Date.parse('2024-05-01T00:00:00Z');
const iso = (minute: number) => new Date(T0 + minute * M).toISOString();

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Desk {
  readonly api: ApiClient;
  readonly terminal: Terminal;
  /** Every `data.progress` event, in arrival order. */
  readonly events: BackfillJob[];
  /** Resolves with the job's last event once it is no longer running. */
  finished(jobId: string): Promise<BackfillJob>;
}

async function connect(storage?: TerminalStorage): Promise<Desk> {
  let terminal: Terminal;
  if (storage) {
    terminal = await Terminal.create({ dataDir: '/unused', tickMs: 1_000 }, { storage });
  } else {
    const keychain = testKeychain();
    const dataDir = tempDir('halyard-data-api-');
    cleanups.push(() => keychain.cleanup(), () => removeDir(dataDir));
    terminal = await Terminal.create({ dataDir, keychainService: keychain.service, tickMs: 1_000 });
    expect(terminal.storage.store.location.persistent).toBe(true);
  }
  const [serverEnd, clientEnd] = createInMemoryPair();
  const stopServing = serveApi(serverEnd, terminal.handlers, terminal.events, { batchMs: 0 });
  const api = createApiClient(clientEnd, { timeoutMs: 20_000 });
  cleanups.push(async () => {
    api.dispose();
    stopServing();
    await terminal.close();
  });
  const events: BackfillJob[] = [];
  api.on('data.progress', (job) => events.push(job));
  const finished = async (jobId: string): Promise<BackfillJob> => {
    for (let i = 0; i < 600; i++) {
      const last = events.filter((e) => e.jobId === jobId).at(-1);
      if (last && last.state !== 'running') return last;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`backfill job ${jobId} never finished`);
  };
  return { api, terminal, events, finished };
}

async function stubWith(minutes: number, quiet: ReadonlySet<number> = new Set()): Promise<BinanceStub> {
  const stub = await startBinanceStub();
  cleanups.push(() => stub.close());
  const bars: Candle[] = [];
  for (let i = 0; i < minutes; i++) {
    if (quiet.has(i)) continue;
    const open = 60_000 + Math.sin(i / 30) * 500;
    bars.push({ time: T0 + i * M, open, high: open + 20, low: open - 20, close: open + 5, volume: 1 + (i % 5) });
  }
  stub.setKlines('BTCUSDT', '1m', bars);
  return stub;
}

/** Start minute of every klines request the stub saw, in order. */
const klineStarts = (stub: BinanceStub) => stub.requestsTo('GET', '/api/v3/klines').map((r) => (Number(r.params['startTime']) - T0) / M);

const errorOf = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as ApiError);

describe('data.backfill through the API', () => {
  it('backfills a range in the background, reports progress with an ETA, and ends done with the coverage stored', { timeout: 60_000 }, async () => {
    const stub = await stubWith(2500);
    const desk = await connect();
    const { jobId } = await desk.api.call('data.backfill', { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1m', from: iso(0), to: T0 + 2500 * M, baseUrl: stub.url });
    const last = await desk.finished(jobId);

    expect(last).toMatchObject({ state: 'done', exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1m', from: T0, to: T0 + 2500 * M, done: 2500, total: 2500, stored: 2500, pages: 3, etaMs: 0 });
    expect(last.gaps).toEqual({ count: 0, bars: 0, list: [] });
    expect(last.message).toBe('Stored 2500 candles in 3 requests; 0 were already stored. No gaps left.');
    const mine = desk.events.filter((e) => e.jobId === jobId);
    expect(mine[0]).toMatchObject({ state: 'running', done: 0 });
    // Progress climbs page by page, and the bar in between has a time estimate.
    const dones = mine.map((e) => e.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    const between = mine.filter((e) => e.done > 0 && e.done < e.total);
    expect(between.map((e) => e.done)).toEqual([1000, 2000]);
    expect(between.every((e) => e.state === 'running' && e.etaMs !== null && e.etaMs >= 0)).toBe(true);
    // Newest first: the chart's right edge fills in first.
    expect(klineStarts(stub)).toEqual([1500, 500, 0]);

    expect(await desk.api.call('data.coverage', { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1m' })).toEqual({
      exchange: 'binance',
      symbol: 'BTC/USDT',
      timeframe: '1m',
      first: T0,
      last: T0 + 2499 * M,
      count: 2500,
      gaps: 0,
      missingBars: 0,
    });
    const jobs = await desk.api.call('data.jobs', {});
    expect(jobs.map((j) => [j.jobId, j.state])).toEqual([[jobId, 'done']]);
  });

  it('resumes: a second, wider run fetches only the bars the store does not have', { timeout: 60_000 }, async () => {
    const stub = await stubWith(3000);
    const desk = await connect();
    const first = await desk.api.call('data.backfill', { exchange: 'binance', symbol: 'BTC/USDT', from: iso(1500), to: iso(3000), baseUrl: stub.url });
    expect(await desk.finished(first.jobId)).toMatchObject({ state: 'done', stored: 1500 });
    const before = stub.requestsTo('GET', '/api/v3/klines').length;

    const second = await desk.api.call('data.backfill', { exchange: 'binance', symbol: 'BTC/USDT', from: iso(0), to: iso(3000), baseUrl: stub.url });
    const last = await desk.finished(second.jobId);
    expect(last).toMatchObject({ state: 'done', total: 1500, done: 1500, stored: 1500 });
    expect(last.message).toContain('1500 were already stored');
    const again = stub.requestsTo('GET', '/api/v3/klines').slice(before);
    expect(again.map((r) => [(Number(r.params['startTime']) - T0) / M, Number(r.params['limit'])])).toEqual([
      [500, 1000],
      [0, 500],
    ]);
    expect((await desk.api.call('data.coverage', { exchange: 'binance', symbol: 'BTC/USDT' })).count).toBe(3000);
  });

  it('cancels mid-way, keeps what was stored, and the next run picks up the rest', { timeout: 90_000 }, async () => {
    const stub = await stubWith(20_000);
    const desk = await connect();
    const request = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1m', from: iso(0), to: iso(20_000), baseUrl: stub.url } as const;
    let cancel: Promise<{ canceled: boolean }> | null = null;
    const stopListening = desk.api.on('data.progress', (job) => {
      if (job.done > 0 && cancel === null) cancel = desk.api.call('data.cancel', { jobId: job.jobId });
    });
    const { jobId } = await desk.api.call('data.backfill', request);
    // One series, one job at a time.
    const twice = await errorOf(desk.api.call('data.backfill', request));
    expect(twice?.code).toBe('rejected');
    expect(twice?.message).toContain(jobId);

    const last = await desk.finished(jobId);
    stopListening();
    expect(await cancel).toEqual({ canceled: true });
    expect(last.state).toBe('canceled');
    expect(last.done).toBeGreaterThan(0);
    expect(last.done).toBeLessThan(20_000);
    expect(last.etaMs).toBeNull();
    expect(last.message).toMatch(/^Canceled after \d+ of 20000 missing bars; the \d+ candles stored are kept/);
    const fetched = klineStarts(stub);
    expect(fetched.length).toBeLessThan(20);
    expect(last.stored).toBe(fetched.length * 1000);
    expect((await desk.api.call('data.coverage', { exchange: 'binance', symbol: 'BTC/USDT' })).count).toBe(last.stored);
    expect(await desk.api.call('data.cancel', { jobId })).toEqual({ canceled: false });

    const resumed = await desk.api.call('data.backfill', request);
    const done = await desk.finished(resumed.jobId);
    expect(done).toMatchObject({ state: 'done', total: 20_000 - last.stored, stored: 20_000 - last.stored });
    // The resumed run never asks again for a page the canceled run stored.
    const refetched = klineStarts(stub).slice(fetched.length);
    expect(refetched.filter((start) => fetched.includes(start))).toEqual([]);
    expect(refetched).toHaveLength(20 - fetched.length);
    expect(await desk.api.call('data.coverage', { exchange: 'binance', symbol: 'BTC/USDT' })).toMatchObject({ count: 20_000, gaps: 0 });
    const jobs = await desk.api.call('data.jobs', {});
    expect(jobs.map((j) => j.state)).toEqual(['done', 'canceled']);
  });

  it('reports the minutes the exchange has no candle for, newest first', { timeout: 60_000 }, async () => {
    const stub = await stubWith(1500, new Set([10, 11, 1234]));
    const desk = await connect();
    const { jobId } = await desk.api.call('data.backfill', { exchange: 'binance', symbol: 'BTC/USDT', from: iso(0), to: iso(1500), baseUrl: stub.url });
    const last = await desk.finished(jobId);
    expect(last).toMatchObject({ state: 'done', done: 1500, total: 1500, stored: 1497 });
    expect(last.gaps).toEqual({
      count: 2,
      bars: 3,
      list: [
        { from: T0 + 1234 * M, to: T0 + 1235 * M, bars: 1 },
        { from: T0 + 10 * M, to: T0 + 12 * M, bars: 2 },
      ],
    });
    expect(last.message).toContain('2 gaps (3 bars) the exchange could not fill.');
    expect(await desk.api.call('data.coverage', { exchange: 'binance', symbol: 'BTC/USDT' })).toMatchObject({ count: 1497, gaps: 2, missingBars: 3 });
  });

  it('ends the job failed, saying why, when the exchange cannot be reached', { timeout: 60_000 }, async () => {
    // A port that was just free: nothing listens there.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const desk = await connect();
    const { jobId } = await desk.api.call('data.backfill', { exchange: 'binance', symbol: 'BTC/USDT', from: '2024-05-01', to: '2024-05-02', baseUrl: `http://127.0.0.1:${port}` });
    const last = await desk.finished(jobId);
    expect(last.state).toBe('failed');
    expect(last.message).toMatch(/^binance could not be reached \(retried with back-off\): .*ECONNREFUSED.*\. Nothing was stored\.$/);
    expect(last.stored).toBe(0);
  });

  it('refuses bad requests naming the field, and an exchange without the symbol fails the job', { timeout: 60_000 }, async () => {
    const stub = await stubWith(10);
    const desk = await connect();
    const base = { exchange: 'binance', symbol: 'BTC/USDT', baseUrl: stub.url } as const;
    const cases: [Record<string, unknown>, string][] = [
      [{ from: 'yesterday' }, 'from'],
      [{ from: '2024-05-01', to: '2024-13-45' }, 'to'],
      [{ from: '2024-05-02', to: '2024-05-01' }, 'to'],
      [{ from: Date.now() + 86_400_000 }, 'from'],
      [{ from: '2024-05-01', exchange: 'nosuchexchange' }, 'exchange'],
    ];
    for (const [args, field] of cases) {
      const error = await errorOf(desk.api.call('data.backfill', { ...base, ...args } as CommandArgs<'data.backfill'>));
      expect(error?.code, JSON.stringify(args)).toBe('bad_request');
      expect(error?.issues?.[0]?.path, JSON.stringify(args)).toBe(field);
    }
    expect(await desk.api.call('data.jobs', {})).toEqual([]);

    const { jobId } = await desk.api.call('data.backfill', { ...base, symbol: 'DOGE/EUR', from: '2024-05-01', to: '2024-05-02' });
    expect(await desk.finished(jobId)).toMatchObject({ state: 'failed', message: 'Binance has no market DOGE/EUR' });
    expect((await errorOf(desk.api.call('data.cancel', { jobId: 'no-such-job' })))?.code).toBe('not_found');
  });

  it('is unavailable, with the reason, when the database is not persistent', async () => {
    const desk = await connect(TerminalStorage.inMemory());
    const error = await errorOf(desk.api.call('data.backfill', { exchange: 'binance', symbol: 'BTC/USDT', from: '2024-05-01' }));
    expect(error?.code).toBe('unavailable');
    expect(error?.message).toContain('Nothing is being saved');
    expect((await errorOf(desk.api.call('data.coverage', { exchange: 'binance', symbol: 'BTC/USDT' })))?.code).toBe('unavailable');
    expect(await desk.api.call('data.jobs', {})).toEqual([]);
  });
});
