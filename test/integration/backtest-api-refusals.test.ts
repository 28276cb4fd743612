import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/client.js';
import { apiTerminal } from '../helpers/api-terminal.js';

/** Backtests and comparisons through the public API, as the Backtests tab and scripts use it. */
describe('backtest.shadow, backtest.run and backtest.sweep', () => {
  let api: ApiClient;
  let close: () => Promise<void>;
  const source = { kind: 'simulated', seed: 4, bars: 2_000 } as const;
  const compare = (ids: readonly string[]) => api.call('backtest.shadow', { strategy: 'sma-cross', champion: { fast: 5, slow: 20 }, variants: ids.map((id) => ({ id, params: { fast: 10, slow: 40 } })), source });

  beforeAll(async () => {
    ({ api, close } = await apiTerminal());
  });
  afterAll(() => close());

  it('refuses a variant name used twice, or the champion’s, naming that variant, before anything runs', async () => {
    await expect(compare(['v1', 'v2', 'v1'])).rejects.toMatchObject({ code: 'bad_request', issues: [{ path: 'variants.2.id', message: 'another variant is already named "v1"' }] });
    await expect(compare(['champion'])).rejects.toMatchObject({ code: 'bad_request', issues: [{ path: 'variants.0.id', message: expect.stringContaining('"champion" names the parameters on the left') }] });
    const { rows } = await compare(['v1', 'v2']);
    expect(rows.map((row) => row.id)).toEqual(['champion', 'v1', 'v2']);
  }, 60_000);

  it('refuses a sweep seed without random, as the CLI refuses --seed without --random', async () => {
    const message = 'seed picks the draws of a random sample: add random N (every combination runs without it)';
    await expect(api.call('backtest.sweep', { strategy: 'sma-cross', sweep: { fast: { values: [5] } }, seed: 7, workers: 1, risk: false, source })).rejects.toMatchObject({
      code: 'bad_request',
      message,
      issues: [{ path: 'seed', message }],
    });
  });

  it('refuses a sweep selectBy without walkForward, as the CLI refuses --select-by without --walk-forward', async () => {
    const message = "selectBy picks each walk-forward fold's variant: add walkForward { trainDays, testDays }";
    await expect(api.call('backtest.sweep', { strategy: 'sma-cross', sweep: { fast: { values: [5] } }, selectBy: 'totalReturn', workers: 1, risk: false, source })).rejects.toMatchObject({
      code: 'bad_request',
      message,
      issues: [{ path: 'selectBy', message }],
    });
  });

  it('says where stored candles come from when the store has none for the market', async () => {
    await expect(api.call('backtest.run', { strategy: 'sma-cross', symbol: 'BTC/USDT', source: { kind: 'stored', exchange: 'binance', timeframe: '1m' } })).rejects.toMatchObject({
      code: 'not_found',
      message: 'no stored 1m candles for BTC/USDT on binance: fetch them under Settings → Market data → History (or npm run data -- backfill)',
    });
  });
});
