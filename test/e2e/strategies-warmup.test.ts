import { describe, expect, it } from 'vitest';
import { coreApi, openApp, pageProblems, serveForSuite } from './harness.js';
import { showTab, tabPanel } from './workspace-page.js';

/**
 * A strategy that needs more history than the market has shows that it is warming up, with how far,
 * instead of a readiness of 0 that reads as "the market is not there yet": ema-trend on 1h with its
 * 333-bar base EMA, on the simulated market's few dozen hours. The API says the same beside the
 * readiness (which stays the strategy's own number, the one the orchestrator's tie-break reads).
 */
const suite = serveForSuite();

describe('a strategy short of history in the Strategies tab (Chromium)', () => {
  it('reads "warming up <have>/333 1h" in its row and `warmup` in the API, its readiness untouched', async () => {
    const api = await coreApi(suite.app);
    await api.call('strategies.save', { name: 'trend', strategy: 'ema-trend', symbols: ['BTC/USDT'], enabled: true });
    const page = await openApp(suite.browser, suite.app);
    await showTab(page, 'Strategies');
    const row = tabPanel(page).locator('tr[data-config="trend"]');
    await expect.poll(() => row.getByTestId('config-state').textContent(), { timeout: 60_000 }).toBe('running');

    const cell = row.getByTestId('readiness-warmup');
    await expect.poll(() => cell.textContent()).toMatch(/^BTCwarming up \d+\/333 1h$/);
    const have = Number(/(\d+)\/333/.exec((await cell.textContent()) ?? '')![1]);
    expect(have).toBeGreaterThan(0);
    expect(have).toBeLessThan(333);
    expect(await cell.getAttribute('title')).toBe(`BTC: warming up: ${have} of 333 1h bars of history (readiness counts once it has them)`);

    const [config] = (await api.call('strategies.configs', {})).filter((c) => c.name === 'trend');
    expect(config!.warmup?.['BTC/USDT']).toMatchObject({ need: 333, timeframe: '1h' });
    expect(config!.warmup!['BTC/USDT']!.have).toBeGreaterThanOrEqual(have);
    // The readiness itself is the strategy's, unchanged: 0 while its EMAs have no value.
    expect(config!.readiness['BTC/USDT']).toBe(0);
    api.close();
    expect(pageProblems(page)).toEqual([]);
  });
});
