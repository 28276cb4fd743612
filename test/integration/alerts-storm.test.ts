import { describe, expect, it } from 'vitest';
import { until } from '../helpers/api-terminal.js';
import { restartableTerminal } from '../helpers/restartable-terminal.js';
import { marketFill, settled, stubsForFile } from './alerts-helpers.js';

/**
 * Issue 17: a 429 storm delays messages but never an order. Slack answers every post with 429 and
 * `Retry-After: 2`; meanwhile the trader's orders are placed and filled as usual, the alerts wait
 * (retried no sooner than Slack asked), and once the storm passes every alert arrives, in order.
 */
const terminals = restartableTerminal();
const stubs = stubsForFile();

describe('a 429 storm on a channel', () => {
  it('delays the channel’s messages, honouring Retry-After, while every order is placed and filled', async () => {
    const api = await terminals.start({ dataDir: terminals.dataDir('halyard-alerts-storm-'), speed: 600, tickMs: 20 });
    const url = stubs.slack.addWebhook();
    const channel = await api.call('alerts.channels.add', { kind: 'slack', name: 'desk', webhookUrl: url, routing: { kinds: ['fills'], minLevel: 'info' } });
    const path = new URL(url).pathname;
    stubs.slack.storm(600_000, 2);

    const orders: string[] = [];
    const amounts = ['0.01', '0.02', '0.03', '0.04', '0.05', '0.06'];
    for (const amount of amounts) orders.push(await marketFill(api, 'buy', amount));
    const filled = await api.call('orders.list', { status: 'all' });
    expect(orders.map((id) => filled.find((o) => o.clientOrderId === id)?.status)).toEqual(Array(6).fill('filled'));
    // Every order went through while Slack delivered nothing.
    expect(stubs.slack.posts).toEqual([]);
    expect(stubs.slack.storming).toBe(true);

    await until(() => api.call('alerts.deliveries', { channelId: channel.id }), (log) => log.some((e) => e.status === 'retrying'), 'a retry in the log');
    const waiting = await api.call('alerts.channels.list', {});
    expect(waiting[0]).toMatchObject({ problem: 'Slack 429: rate_limited; next try in 2 s' });
    expect(waiting[0]!.backlog).toBeGreaterThan(0);
    // Let the storm rage a few retries, then check the pace: never sooner than Retry-After.
    await until(async () => stubs.slack.requests.filter((r) => r.path === path).length, (n) => n >= 3, 'three attempts', 30_000);
    stubs.slack.endStorm();
    const log = await settled(api, channel.id, 6);
    const attempts = stubs.slack.requests.filter((r) => r.path === path);
    const stormAttempts = attempts.filter((r) => r.status === 429);
    for (let i = 1; i < stormAttempts.length; i++) expect(stormAttempts[i]!.at - stormAttempts[i - 1]!.at).toBeGreaterThanOrEqual(1_950);

    // Every alert arrived once, in the order of the fills.
    expect(log.every((entry) => entry.status === 'sent')).toBe(true);
    expect(stubs.slack.posts.map((p) => /BUY (0\.0\d) ETH\/USDT/.exec(p.text)?.[1])).toEqual(amounts);
  });
});
