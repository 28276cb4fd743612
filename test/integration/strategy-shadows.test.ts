import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/client.js';
import type { LiveShadowRow } from '../../core/api/contract/index.js';
import { ApiError } from '../../core/api/errors.js';
import { apiTerminal, until } from '../helpers/api-terminal.js';
import { removeDir, tempDir, testKeychain } from './store-helpers.js';

/**
 * Live shadow variants on a real Terminal (real encrypted store: run under test/with-keyring.sh) over
 * the simulated market at 10 bars a second. The champion's SMA lengths are too long to cross during
 * the test, so every order on the paper account would have to come from a variant — and none may.
 */
const CHAMPION = { fast: 900, slow: 1000, stake: 0.01, timeframe: '1m' };
const QUICK = { fast: 3, slow: 8 };

const keychain = testKeychain();
const dirs: string[] = [];
let current: Awaited<ReturnType<typeof apiTerminal>> | null = null;

async function start(dataDir: string): Promise<ApiClient> {
  current = await apiTerminal({ dataDir, keychainService: keychain.service, speed: 600, tickMs: 20 }, {});
  expect(current.terminal.storage.store.location.persistent).toBe(true);
  return current.api;
}

async function stop(): Promise<void> {
  await current?.close();
  current = null;
}

afterEach(stop);
afterAll(async () => {
  await keychain.cleanup();
  for (const dir of dirs) removeDir(dir);
});

const row = (rows: readonly LiveShadowRow[], id: string) => rows.find((r) => r.id === id);
const tradeKeys = (r: LiveShadowRow | undefined) => r?.trades.map((t) => [t.entryTime, t.exitTime, t.entryPrice, t.exitPrice, t.pnl]);

describe('live shadow variants of a running strategy configuration', () => {
  it('run variants on the same bars without orders, compare them, promote one, and keep the list across a restart', async () => {
    const dataDir = tempDir('halyard-shadows-');
    dirs.push(dataDir);
    let api = await start(dataDir);
    await api.call('strategies.save', { name: 'shadowed', strategy: 'sma-cross', params: CHAMPION, symbols: ['BTC/USDT'], enabled: true });
    const balancesBefore = await api.call('balances.list', {});

    // Validated by the strategy's schema, the bad field named.
    const invalid = await api.call('strategies.addShadow', { name: 'shadowed', id: 'bad', params: { fast: 10, slow: 5 } }).catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(ApiError);
    expect((invalid as ApiError).code).toBe('bad_request');
    expect((invalid as ApiError).issues).toEqual([{ path: 'params.fast', message: 'fast must be shorter than slow' }]);
    expect((await api.call('strategies.shadows', { name: 'shadowed' })).variants).toEqual([]);

    const added = await api.call('strategies.addShadow', { name: 'shadowed', id: 'quick', params: QUICK });
    expect(added.variants).toEqual([{ id: 'quick', params: { ...CHAMPION, ...QUICK } }]);
    expect(added.rows.map((r) => [r.id, r.champion])).toEqual([
      ['champion', true],
      ['quick', false],
    ]);

    // The quick variant trades on its own lane while the paper account sees no order at all.
    const traded = await until(
      () => api.call('strategies.shadows', { name: 'shadowed' }),
      (view) => (row(view.rows, 'quick')?.metrics.trades ?? 0) >= 2,
      'the quick variant to close two trades',
      60_000,
    );
    expect(traded.state).toBe('running');
    expect(row(traded.rows, 'champion')?.metrics.trades).toBe(0);
    expect(row(traded.rows, 'quick')?.metrics.fees).toBeGreaterThan(0);
    expect(row(traded.rows, 'quick')?.metrics.totalReturn).not.toBe(row(traded.rows, 'champion')?.metrics.totalReturn);
    expect(await api.call('orders.list', { status: 'all' })).toEqual([]);
    expect(await api.call('fills.list', {})).toEqual([]);
    expect(await api.call('balances.list', {})).toEqual(balancesBefore);

    // A variant added later, with the same parameters, replays the same bars: it shows the same trades.
    const twin = await api.call('strategies.addShadow', { name: 'shadowed', id: 'quick twin', params: QUICK });
    expect(row(twin.rows, 'quick twin')?.since).toBe(row(twin.rows, 'quick')?.since);
    expect(tradeKeys(row(twin.rows, 'quick twin'))).toEqual(tradeKeys(row(twin.rows, 'quick')));
    expect(row(twin.rows, 'quick twin')?.metrics).toEqual(row(twin.rows, 'quick')?.metrics);
    const removed = await api.call('strategies.removeShadow', { name: 'shadowed', id: 'quick twin' });
    expect(removed.rows.map((r) => r.id)).toEqual(['champion', 'quick']);

    // Promote: the configuration's next version trades the variant's parameters; the old champion stays as a variant.
    const promoted = await api.call('strategies.promoteShadow', { name: 'shadowed', id: 'quick' });
    expect(promoted.keptAs).toBe('champion-v1');
    const [config] = await api.call('strategies.configs', {});
    expect(config).toMatchObject({ name: 'shadowed', version: 2, params: { ...CHAMPION, ...QUICK }, enabled: true });
    expect(promoted.shadows.variants).toEqual([{ id: 'champion-v1', params: CHAMPION }]);
    expect(promoted.shadows.rows.find((r) => r.champion)?.params).toEqual({ ...CHAMPION, ...QUICK });
    // …and now it is the configuration that places orders on the paper account.
    await until(() => api.call('orders.list', { status: 'all' }), (orders) => orders.some((o) => o.source === 'shadowed'), 'the promoted parameters to trade on paper', 60_000);

    await stop();
    api = await start(dataDir);
    const restarted = await until(() => api.call('strategies.shadows', { name: 'shadowed' }), (view) => view.rows.length === 2, 'the comparison to resume after the restart');
    expect(restarted.variants).toEqual([{ id: 'champion-v1', params: CHAMPION }]);
    expect(restarted.rows.map((r) => [r.id, r.champion])).toEqual([
      ['champion', true],
      ['champion-v1', false],
    ]);
  }, 180_000);
});
