import { describe, expect, it } from 'vitest';
import { coreApi, openApp, pageProblems, serveForSuite } from './harness.js';

/**
 * Settings → Reports, the trader's way: a schedule saved for 07:00 in Europe/Berlin says its next
 * report at 07:00 in that zone, named — not at the clock time of whatever zone the window runs in
 * (this browser runs in UTC, where that report is at 06:00 in winter).
 */
const suite = serveForSuite();

describe('Settings → Reports (Chromium)', () => {
  it('names the next report in the schedule’s own time zone', async () => {
    const page = await openApp(suite.browser, suite.app);
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('UTC');
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Settings' }).click();
    const reports = page.getByRole('region', { name: 'Reports', exact: true });
    await reports.getByLabel('Time zone').fill('Europe/Berlin');
    await reports.getByLabel('Daily at').fill('07:00');
    await reports.getByLabel('Weekly on').selectOption('');
    await reports.getByRole('button', { name: 'Save schedule' }).click();

    const api = await coreApi(suite.app);
    const next = (await api.call('alerts.schedule.get', {})).upcoming[0]!;
    api.close();
    // 07:00 in Berlin is 06:00 UTC in winter, 05:00 in summer: the same calendar day.
    expect(new Date(next.at).toISOString()).toMatch(/T0[56]:00:00\.000Z$/);
    const day = new Date(next.at).toISOString().slice(0, 10);
    await expect.poll(() => reports.getByRole('status').textContent()).toMatch(new RegExp(`^Saved\\. Next report: ${day} 07:00 CES?T \\(daily\\)\\.$`));
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });
});
