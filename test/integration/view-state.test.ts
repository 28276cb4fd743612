import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '../../core/api/errors.js';
import { apiTerminal } from '../helpers/api-terminal.js';

/** `view.state.*` through the public API: the workspace's view state kept by the core, bad input refused naming the field. */
let current: Awaited<ReturnType<typeof apiTerminal>>;
beforeAll(async () => {
  current = await apiTerminal();
});
afterAll(async () => {
  await current.close();
});

const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as ApiError);

describe('view state in the core', () => {
  it('keeps each part as the renderer sent it, and refuses an unknown part or an oversized value', async () => {
    const { api } = current;
    expect(await api.call('view.state.get', {})).toEqual({});
    const chart = { indicators: { ema: { numbers: { period: 42 }, source: 'close', color: '#f0b90b' } }, logScale: true, changedAt: 1_700_000_000_000 };
    await expect(api.call('view.state.set', { key: 'chart', value: chart })).resolves.toMatchObject({ key: 'chart' });
    expect(await api.call('view.state.get', {})).toEqual({ chart });

    const unknown = await refusal(api.call('view.state.set', { key: 'secrets' as 'chart', value: {} }));
    expect(unknown).toMatchObject({ code: 'bad_request', issues: [expect.objectContaining({ path: 'key' })] });
    const huge = await refusal(api.call('view.state.set', { key: 'layout', value: { notes: 'x'.repeat(20_000) } }));
    expect(huge).toMatchObject({ code: 'bad_request', issues: [expect.objectContaining({ path: 'value', message: 'at most 16000 characters of JSON' })] });
    expect(await api.call('view.state.get', {})).toEqual({ chart });

    // The Backtests tab's form: a part of its own, beside the chart's.
    const backtest = { setup: { strategy: 'sma-cross', params: { fast: '12' }, fee: '0.002' }, mode: 'sweep', sweep: { ranges: { fast: { on: true, from: '8', to: '16', step: '4' } } }, changedAt: 1_700_000_000_001 };
    await expect(api.call('view.state.set', { key: 'backtest', value: backtest })).resolves.toMatchObject({ key: 'backtest' });
    expect(await api.call('view.state.get', {})).toEqual({ chart, backtest });
  });
});
