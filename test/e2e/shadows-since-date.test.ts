import { describe, expect, it } from 'vitest';
import { openApp, pageProblems, serveForSuite } from './harness.js';
import { draftStrategy, runWithShadows } from './workspace-page.js';

/** Real seconds from the simulated market's start (the wall clock's now) to its next UTC midnight. */
const MIDNIGHT_AFTER_S = 20;

/**
 * The speed (market minutes a real minute) at which a simulated market started now passes the next UTC
 * midnight about MIDNIGHT_AFTER_S seconds later, whatever the time of day: the shadows start well before
 * it, and the test does not wait up to a minute as at a fixed 1,440.
 */
function speedToMidnight(now = Date.now()): string {
  const minutesLeft = (86_400_000 - (now % 86_400_000)) / 60_000;
  return String(Math.max(1, Math.round((minutesLeft * 60) / MIDNIGHT_AFTER_S)));
}

/**
 * Shadows say since when they count: the clock time while that is today on the market's clock, the date
 * with it once the market has moved to another day ("counting since 21:04:00 UTC" read as tonight's).
 */
describe('the shadows’ start across a market day in Chromium', () => {
  const suite = serveForSuite({ args: ['--speed', speedToMidnight(), '--history-minutes', '300'] });

  it('says the date of a start that is not today on the market clock', async () => {
    const page = await openApp(suite.browser, suite.app);
    const editor = await draftStrategy(page, 'sma-cross', 'overnight', 'BTC/USDT', { Fast: '5', Slow: '20', Stake: '0.01' });
    const { shadows } = await runWithShadows(page, editor, 'overnight');
    const startedAt = async () => /counting since (.+? UTC)/.exec((await shadows.locator('p.muted').first().textContent()) ?? '')?.[1] ?? null;
    // Said as its clock time alone while the market is on the start's day (its date already if the market passed midnight).
    await expect.poll(startedAt, { timeout: 30_000 }).toMatch(/^(\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d UTC$/);
    const first = (await startedAt())!;
    // Once the market is on another day, the same start is said with its date.
    await expect.poll(startedAt, { timeout: 90_000, interval: 250 }).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    expect((await startedAt())!.endsWith(first)).toBe(true);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });
});
