import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesUnder } from '../integration/store-helpers.js';
import { SlackStub } from '../stubs/slack-stub.js';
import { TelegramStub } from '../stubs/telegram-stub.js';
import { alertsIn, besideField, refusedBeside } from './form-page.js';
import { openApp, pageProblems, serveForSuite } from './harness.js';

/**
 * Issue 17 in Chromium: Settings → Alerts. The trader adds a Slack channel pointing at a loopback
 * stub, sends a test message and sees it in the channel's delivery log; a Telegram bot token typed
 * into the form is checked with Telegram (the stub) and afterwards is in no frame the page received,
 * no byte of the data dir and no line of the app's output.
 */
const CANARY = `cnry${randomUUID().replace(/-/g, '')}`;
const BOT = `7000000077:AAH${CANARY}`;
const suite = serveForSuite({ args: ['--speed', '120'] });
const slack = new SlackStub();
const telegram = new TelegramStub();

beforeAll(async () => {
  await Promise.all([slack.start(), telegram.start()]);
  telegram.addBot(BOT, 'desk_e2e_bot');
  telegram.addChat('4242');
});
afterAll(() => Promise.all([slack.close(), telegram.close()]));

async function openAlerts(page: Page) {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Settings' }).click();
  const panel = page.getByRole('region', { name: 'Alerts', exact: true });
  await panel.waitFor();
  return panel;
}

describe('Settings → Alerts (Chromium)', () => {
  it('says a refused price alert beside Alert price, once, and keeps what was typed', async () => {
    const page = await openApp(suite.browser, suite.app);
    await page.getByRole('region', { name: 'Watchlist' }).getByRole('row').nth(1).waitFor();
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Settings' }).click();
    const section = page.getByRole('region', { name: 'Price alerts' });
    const form = section.getByRole('form', { name: 'Add price alert' });
    await form.getByLabel('Symbol').selectOption('BTC/USDT');

    await refusedBeside(form, 'Alert price', '70k', 'Add price alert', /^a positive number such as 70000$/);
    expect(await alertsIn(section)).toEqual(['a positive number such as 70000']);

    // "Rises to 1": BTC is far above that already — the core's refusal, beside the price, with the last price.
    await form.getByLabel('Direction').selectOption('above');
    await refusedBeside(form, 'Alert price', '1', 'Add price alert', /^already above this price \(last [\d,]+\.\d+\)$/);
    expect(await alertsIn(section)).toHaveLength(1);
    expect(await section.getByTestId('price-alert-state').count()).toBe(0);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });

  it('adds a Slack channel on a loopback stub, sends a test message and shows it in the delivery log', async () => {
    const page = await openApp(suite.browser, suite.app);
    const frames: string[] = [];
    page.on('websocket', (socket) => socket.on('framereceived', (frame) => frames.push(String(frame.payload))));
    await page.reload();
    await page.getByRole('region', { name: 'Watchlist' }).getByRole('row').nth(1).waitFor();
    const panel = await openAlerts(page);

    const webhookUrl = slack.addWebhook(`/services/T0E2E/B0E2E/${CANARY}`);
    const form = panel.getByRole('form', { name: 'Add alert channel' });
    await form.getByLabel('Service').selectOption('slack');
    await form.getByLabel('Name', { exact: true }).fill('desk');
    await form.getByLabel('Webhook URL').fill(webhookUrl);
    await form.getByRole('checkbox', { name: 'Fills' }).uncheck();
    await form.getByRole('button', { name: 'Add channel' }).click();
    const row = panel.locator('tbody[data-channel="desk"]');
    await expect.poll(() => row.getByTestId('channel-target').textContent()).toMatch(/^127\.0\.0\.1:\d+ \(test server\)$/);
    await expect.poll(() => form.getByLabel('Webhook URL').inputValue()).toBe('');

    await row.getByRole('button', { name: 'Send test message to desk' }).click();
    const log = panel.getByRole('region', { name: 'Delivery log of desk' });
    await expect.poll(() => log.locator('tr[data-status="sent"][data-kind="test"]').count()).toBe(1);
    await expect.poll(() => log.locator('tr[data-status="sent"] .delivery-text').textContent()).toBe('✅ Halyard test message for "desk": this channel works.');
    expect(slack.posts.map((p) => p.text)).toEqual(['✅ Halyard test message for "desk": this channel works.']);
    await expect.poll(() => row.getByTestId('channel-status').textContent()).toMatch(/^ok · last sent /);

    // A Telegram bot: the token is checked with Telegram, then only the bot's name comes back.
    await form.getByLabel('Service').selectOption('telegram');
    await form.getByLabel('Name', { exact: true }).fill('phone');
    await form.getByLabel('Bot token').fill(BOT);
    await form.getByLabel('Bot API test server').fill(telegram.url);
    // Chat ids that are not: each named beside its field (the allowed one by what was typed), once, and kept.
    await form.getByLabel('Chat ID', { exact: true }).fill('me');
    await form.getByLabel('Allowed chat IDs').fill('4242, ops-room');
    await form.getByRole('button', { name: 'Add channel' }).click();
    const notAChatId = 'a Telegram chat id is a number such as 123456789 (groups: -100…) or @channelname';
    await expect.poll(() => besideField(form, 'Chat ID')).toBe(notAChatId);
    expect(await besideField(form, 'Allowed chat IDs')).toBe(`"ops-room": ${notAChatId}`);
    expect(await alertsIn(form)).toHaveLength(2);
    expect(await form.getByLabel('Chat ID', { exact: true }).inputValue()).toBe('me');
    expect(await form.getByLabel('Allowed chat IDs').inputValue()).toBe('4242, ops-room');
    expect(await form.getByLabel('Bot token').inputValue()).toBe(BOT);
    await form.getByLabel('Chat ID', { exact: true }).fill('4242');
    await form.getByLabel('Allowed chat IDs').fill('4242');
    await form.getByRole('button', { name: 'Add channel' }).click();
    const phone = panel.locator('tbody[data-channel="phone"]');
    await expect.poll(() => phone.getByTestId('channel-target').textContent()).toBe('@desk_e2e_bot → chat 4242commands from 4242');
    await phone.getByRole('button', { name: 'Send test message to phone' }).click();
    await expect.poll(() => telegram.sent.map((m) => m.chatId)).toEqual(['4242']);
    expect(await alertsIn(form)).toEqual([]);

    // Editing who may command it: a bad chat id is named beside the field, and what was typed stays.
    await phone.getByRole('button', { name: 'Edit phone' }).click();
    const edit = phone.getByRole('group', { name: 'Edit phone' });
    await edit.getByLabel('Allowed chat IDs').fill('4242, -100x');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => besideField(edit, 'Allowed chat IDs')).toBe(`"-100x": ${notAChatId}`);
    expect(await alertsIn(edit)).toHaveLength(1);
    expect(await edit.getByLabel('Allowed chat IDs').inputValue()).toBe('4242, -100x');
    await edit.getByRole('button', { name: 'Cancel' }).click();

    // A bad URL is refused with the field named, and nothing is added.
    await form.getByLabel('Service').selectOption('discord');
    await form.getByLabel('Name', { exact: true }).fill('pager');
    await form.getByLabel('Webhook URL').fill('https://example.com/not-discord');
    await form.getByRole('button', { name: 'Add channel' }).click();
    await expect.poll(() => besideField(form, 'Webhook URL')).toBe('expected https://discord.com/api/webhooks/<id>/<token> (or a loopback test server)');
    expect(await alertsIn(form)).toHaveLength(1);
    await expect.poll(() => panel.locator('tbody[data-channel]').count()).toBe(2);

    // A report time that is not one: named beside Daily at (which of them), once, kept; then a zone that is not one.
    const reports = page.getByRole('region', { name: 'Reports', exact: true });
    await refusedBeside(reports, 'Daily at', '07:00, 7:30', 'Save schedule', /^"7:30": times look like 07:00 or 19:30 \(24-hour clock\)$/);
    await reports.getByLabel('Daily at').fill('07:00, 07:30');
    await refusedBeside(reports, 'Time zone', 'Mars/Olympus', 'Save schedule', /^not a time zone such as Europe\/Berlin$/);

    // The report, in the app.
    await page.getByRole('region', { name: 'Reports', exact: true }).getByRole('button', { name: 'View report' }).click();
    await expect.poll(() => page.getByRole('region', { name: 'Reports', exact: true }).getByLabel('Report', { exact: true }).textContent()).toMatch(/^Halyard report · .*\nPAPER · regime /);

    // Deleting a channel takes its secret out of the keychain too (after a confirmation).
    page.on('dialog', (dialog) => void dialog.accept());
    for (const name of ['desk', 'phone']) await panel.getByRole('button', { name: `Delete ${name}` }).click();
    await expect.poll(() => panel.locator('tbody[data-channel]').count()).toBe(0);

    const html = await page.content();
    expect(html).not.toContain(CANARY);
    expect(frames.length).toBeGreaterThan(10);
    expect(frames.filter((frame) => frame.includes(CANARY))).toEqual([]);
    expect(pageProblems(page)).toEqual([]);
    await page.close();

    await suite.app.stop();
    expect(suite.app.output()).not.toContain(CANARY);
    expect(filesUnder(suite.app.dataDir).filter((file) => readFileSync(file).includes(Buffer.from(CANARY)))).toEqual([]);
  });
});
