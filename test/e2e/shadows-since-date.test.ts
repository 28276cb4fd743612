import { describe, expect, it } from 'vitest';
import { openApp, pageProblems, serveForSuite } from './harness.js';
import { draftStrategy, runWithShadows } from './workspace-page.js';

/**
 * Shadows say since when they count: the clock time while that is today on the market's clock, the date
 * with it once the market has moved to another day ("counting since 21:04:00 UTC" read as tonight's).
 * At 1,440 market minutes a real minute, the simulated market passes a UTC midnight within a minute.
 */
describe('the shadows’ start across a market day in Chromium', () => {
  const suite = serveForSuite({ args: ['--speed', '1440', '--history-minutes', '300'] });

  it('says the date of a start that is not today on the market clock', async () => {
    const page = await openApp(suite.browser, suite.app);
    const editor = await draftStrategy(page, 'sma-cross', 'overnight', 'BTC/USDT', { Fast: '5', Slow: '20', Stake: '0.01' });
    const { shadows } = await runWithShadows(page, editor, 'overnight');
    const startedAt = async () => /counting since (.+? UTC)/.exec((await shadows.locator('p.muted').first().textContent()) ?? '')?.[1] ?? null;
    // Said as its clock time alone while the market is on the start's day (its date already if the market passed midnight).
    await expect.poll(startedAt, { timeout: 30_000 }).toMatch(/^(\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d UTC$/);
    const first = (await startedAt())!;
    // Once the market is on another day, the same start is said with its date.
    await expect.poll(startedAt, { timeout: 90_000, interval: 1_000 }).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    expect((await startedAt())!.endsWith(first)).toBe(true);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });
});
