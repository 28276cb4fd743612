import { describe, expect, it } from 'vitest';
import { ApiError } from '../../core/api/errors.js';
import { until } from '../helpers/api-terminal.js';
import { restartableTerminal } from '../helpers/restartable-terminal.js';
import { marketFill, SIGNING_SECRET, settled, stubsForFile, telegramChannel } from './alerts-helpers.js';

/**
 * Issue 17, the way a trader sets it up: four channels with different routing on a real terminal
 * (encrypted store, real keychain, paper trading). A fill, a tripped daily-loss breaker and a HALT
 * each reach exactly the channels routed for them, once each, in the order they happened.
 */
const terminals = restartableTerminal();
const stubs = stubsForFile();

describe('alerts routed to Telegram, Slack, Discord and a signed webhook', () => {
  it('delivers a fill, a breaker trip and a HALT once each, in order, only where routed', async () => {
    const api = await terminals.start({ dataDir: terminals.dataDir('halyard-alerts-routing-'), speed: 600, tickMs: 20 });
    const telegram = await api.call('alerts.channels.add', telegramChannel(stubs, { kinds: ['fills', 'exits', 'risk', 'halt'], minLevel: 'info' }));
    expect(telegram).toMatchObject({ kind: 'telegram', target: '@halyard_test_bot → chat 111', testServer: true, problem: null });
    const slack = await api.call('alerts.channels.add', { kind: 'slack', name: 'desk', webhookUrl: stubs.slack.addWebhook(), routing: { kinds: ['risk', 'halt'], minLevel: 'warning' } });
    const discord = await api.call('alerts.channels.add', { kind: 'discord', name: 'pager', webhookUrl: stubs.discord.addWebhook(), routing: { kinds: ['halt', 'fills'], minLevel: 'critical' } });
    const webhook = await api.call('alerts.channels.add', { kind: 'webhook', name: 'ops', url: stubs.webhook.endpoint(), signingSecret: SIGNING_SECRET });
    expect((await api.call('alerts.channels.list', {})).map((c) => c.name)).toEqual(['phone', 'desk', 'pager', 'ops']);

    await marketFill(api, 'buy', '0.5');
    const [position] = await api.call('positions.list', {});
    await api.call('positions.close', { id: position!.id });
    await until(() => api.call('positions.list', {}), (list) => list.length === 0, 'the position to close');
    // The round trip's loss of a few dollars on 10,000 trips a 0.001 % daily-loss breaker on the next bar.
    await api.call('risk.config.set', { config: { breaker: { dailyLossPct: 0.001 } } });
    await until(() => api.call('risk.state', {}), (state) => state.breaker.tripped, 'the breaker to trip');
    const refused = await api.call('orders.place', { symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.01' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).message).toMatch(/daily loss breaker/);
    await api.call('risk.emergencyStop', { source: 'button', reason: 'stepping away' });

    const isFill = (text: string) => text.startsWith('PAPER · Fill: BUY 0.5 ETH/USDT');
    const isExit = (text: string) => text.startsWith('PAPER · Exit ETH/USDT (manual): SELL 0.5 ETH/USDT') && /P&L −\d/.test(text);
    const isBreaker = (text: string) => text.startsWith('PAPER · Daily loss breaker tripped: daily loss breaker');
    const isHalt = (text: string) => text.startsWith('🛑 HALTED · PAPER · by button: stepping away.');
    const events = [isFill, isExit, isBreaker, isHalt];
    /** Which of the four each delivered message is, in delivery order; other messages are ignored. */
    const sequence = (texts: readonly string[]) => texts.flatMap((text) => events.flatMap((is, index) => (is(text) ? [index] : [])));

    await until(async () => stubs.telegram.sent.filter((m) => isHalt(m.text)).length, (n) => n > 0, 'the HALT on Telegram', 60_000);
    await until(async () => stubs.slack.posts.filter((m) => isHalt(m.text)).length, (n) => n > 0, 'the HALT on Slack', 60_000);
    await until(async () => stubs.discord.posts.length, (n) => n > 0, 'the HALT on Discord', 60_000);
    await until(async () => stubs.webhook.deliveries.filter((m) => isHalt(m.text)).length, (n) => n > 0, 'the HALT on the webhook', 60_000);

    expect(sequence(stubs.telegram.sent.map((m) => m.text))).toEqual([0, 1, 2, 3]);
    expect(sequence(stubs.slack.posts.map((m) => m.text))).toEqual([2, 3]);
    expect(sequence(stubs.discord.posts.map((m) => m.content))).toEqual([3]);
    expect(stubs.discord.posts).toHaveLength(1); // critical only: nothing else reached it
    expect(sequence(stubs.webhook.deliveries.map((m) => m.text))).toEqual([0, 1, 2, 3]);
    expect(stubs.webhook.deliveries.find((m) => isBreaker(m.text))).toMatchObject({ kind: 'risk', level: 'critical' });
    // Below its minimum level nothing reaches Slack, and fills are not routed there at all.
    expect(stubs.slack.posts.some((m) => m.text.includes('Fill'))).toBe(false);
    // Telegram: info arrives without a notification sound, the HALT with one.
    expect(stubs.telegram.sent.find((m) => isFill(m.text))?.disableNotification).toBe(true);
    expect(stubs.telegram.sent.find((m) => isHalt(m.text))?.disableNotification).toBe(false);

    // Each channel's delivery log shows what it sent.
    for (const channel of [telegram, slack, discord, webhook]) {
      const log = await settled(api, channel.id, 1);
      expect(log.filter((entry) => entry.status !== 'sent'), channel.name).toEqual([]);
    }
    const pagerLog = await api.call('alerts.deliveries', { channelId: discord.id });
    expect(pagerLog.map((entry) => [entry.kind, entry.level, entry.status])).toEqual([['halt', 'critical', 'sent']]);
  });

  it('sends a test message and shows it in the delivery log; a refusal is shown with the service’s reason', async () => {
    const api = await terminals.start({ dataDir: terminals.dataDir('halyard-alerts-test-'), speed: 600, tickMs: 20 });
    const url = stubs.slack.addWebhook();
    const channel = await api.call('alerts.channels.add', { kind: 'slack', name: 'desk', webhookUrl: url });
    const { deliveryId } = await api.call('alerts.channels.test', { id: channel.id });
    const [entry] = await settled(api, channel.id, 1);
    expect(entry).toMatchObject({ id: deliveryId, kind: 'test', status: 'sent', attempts: 1, text: '✅ Halyard test message for "desk": this channel works.' });
    expect(stubs.slack.posts.at(-1)?.text).toBe(entry!.text);

    stubs.slack.archive(new URL(url).pathname);
    await api.call('alerts.channels.test', { id: channel.id });
    const log = await settled(api, channel.id, 2);
    expect(log[0]).toMatchObject({ status: 'failed', detail: 'Slack 410: channel_is_archived' });
    expect((await api.call('alerts.channels.list', {}))[0]?.problem).toBe('Slack 410: channel_is_archived');

    const wrongToken = await api.call('alerts.channels.add', { ...telegramChannelWithToken(stubs.telegram.url), name: 'wrong' }).catch((error: unknown) => error);
    expect(wrongToken).toMatchObject({ code: 'rejected', message: 'Telegram did not accept the bot token: Telegram 401: Unauthorized (Telegram does not accept the bot token)' });
    const badUrl = await api.call('alerts.channels.add', { kind: 'slack', name: 'evil', webhookUrl: 'https://evil.example/services/x' }).catch((error: unknown) => error);
    expect(badUrl).toMatchObject({ code: 'bad_request', issues: [{ path: 'webhookUrl' }] });
    expect((await api.call('alerts.channels.list', {})).map((c) => c.name)).toEqual(['desk']);

    await api.call('alerts.channels.remove', { id: channel.id });
    expect(await api.call('alerts.channels.list', {})).toEqual([]);
    const audit = await api.call('audit.list', { category: 'credentials' });
    expect(audit.map((e) => e.action)).toEqual(['alert_channel_removed', 'alert_channel_added']);
  });
});

function telegramChannelWithToken(apiBaseUrl: string) {
  return { kind: 'telegram' as const, name: 'x', botToken: '7000000099:AAHnobodyKnowsThisBotToken_0123456', chatId: '111', allowedChatIds: [], apiBaseUrl };
}
