import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackStub } from '../stubs/slack-stub.js';
import { openApp, pageProblems, serveForSuite } from './harness.js';

/**
 * Settings → Alerts says when a channel last sent and when each delivery happened the way the rest of
 * the app says times — 24-hour UTC, "17:42:05 UTC" — not in the window's locale without a zone
 * ("5:42:05 PM" beside a status bar reading 17:42 UTC).
 */
const suite = serveForSuite();
const slack = new SlackStub();
beforeAll(() => slack.start());
afterAll(() => slack.close());

describe('times in Settings → Alerts (Chromium)', () => {
  it('shows the last send and the delivery log in UTC, like the status bar', async () => {
    const page = await openApp(suite.browser, suite.app);
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Settings' }).click();
    const panel = page.getByRole('region', { name: 'Alerts', exact: true });
    const form = panel.getByRole('form', { name: 'Add alert channel' });
    await form.getByLabel('Service').selectOption('slack');
    await form.getByLabel('Name', { exact: true }).fill('desk');
    await form.getByLabel('Webhook URL').fill(slack.addWebhook());
    await form.getByRole('button', { name: 'Add channel' }).click();
    const row = panel.locator('tbody[data-channel="desk"]');
    await row.getByRole('button', { name: 'Send test message to desk' }).click();

    const log = panel.getByRole('region', { name: 'Delivery log of desk' });
    await expect.poll(() => log.locator('tr[data-status="sent"]').count()).toBe(1);
    const clock = /^\d\d:\d\d:\d\d UTC$/;
    expect(await log.locator('tr[data-status="sent"] td').first().textContent()).toMatch(clock);
    await expect.poll(() => row.getByTestId('channel-status').textContent()).toMatch(/^ok · last sent \d\d:\d\d:\d\d UTC$/);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });
});
