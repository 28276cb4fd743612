import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelegramBotApi } from '../../core/alerts/channels/telegram.js';
import { sendDiscord, sendSlack, sendWebhook } from '../../core/alerts/channels/webhooks.js';
import { planChannel } from '../../core/alerts/channel-config.js';
import { ApiError } from '../../core/api/errors.js';
import { DiscordStub } from '../stubs/discord-stub.js';
import { SlackStub } from '../stubs/slack-stub.js';
import { TelegramStub } from '../stubs/telegram-stub.js';
import { WebhookReceiver } from '../stubs/webhook-receiver.js';

/** Each channel adapter against a loopback stub that answers like the real service. */
const TOKEN = '7000000001:AAHfakeTokenForHalyardTests_0123456789';
const signal = () => AbortSignal.timeout(30_000);

describe('Telegram Bot API adapter', () => {
  const stub = new TelegramStub();
  beforeAll(async () => {
    await stub.start();
    stub.addBot(TOKEN, 'halyard_test_bot');
    stub.addChat('111');
  });
  afterAll(() => stub.close());

  it('checks a token with getMe: a known bot answers its name, an unknown one is refused for good', async () => {
    const me = await new TelegramBotApi(TOKEN, stub.url).getMe(signal());
    expect(me).toEqual({ ok: true, result: { username: 'halyard_test_bot' } });
    const unknown = await new TelegramBotApi('7000000002:AAHanotherTokenNobodyHas_012345678', stub.url).getMe(signal());
    expect(unknown).toMatchObject({ ok: false, outcome: { kind: 'permanent', detail: 'Telegram 401: Unauthorized (Telegram does not accept the bot token)' } });
    const garbled = await new TelegramBotApi('not-a-token', stub.url).getMe(signal());
    expect(garbled).toMatchObject({ ok: false, outcome: { kind: 'permanent', detail: expect.stringContaining('Telegram 404: Not Found') } });
  });

  it('sends plain text to a chat, silently for info, cut to 4096 characters; an unknown chat is a refusal', async () => {
    const bot = new TelegramBotApi(TOKEN, stub.url);
    expect(await bot.sendMessage('111', 'PAPER · Fill: BUY 0.1 BTC/USDT', { silent: true }, signal())).toEqual({ ok: true });
    expect(stub.sent.at(-1)).toMatchObject({ chatId: '111', text: 'PAPER · Fill: BUY 0.1 BTC/USDT', disableNotification: true });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await bot.sendMessage('111', 'x'.repeat(5_000), { silent: false }, signal())).toEqual({ ok: true });
    expect([...stub.sent.at(-1)!.text]).toHaveLength(4096);
    expect(await bot.sendMessage('222', 'hello', { silent: false }, signal())).toEqual({ ok: false, kind: 'permanent', detail: 'Telegram 400: Bad Request: chat not found' });
  });

  it('reads retry_after from a 429 and treats 5xx as temporary', async () => {
    const bot = new TelegramBotApi(TOKEN, stub.url);
    stub.flood('111', 17, 1);
    expect(await bot.sendMessage('111', 'again', { silent: false }, signal())).toEqual({ ok: false, kind: 'rate_limited', retryAfterMs: 17_000, detail: 'Telegram 429: Too Many Requests: retry after 17' });
    stub.failNext('sendMessage', 1, 502);
    expect(await bot.sendMessage('111', 'again', { silent: false }, signal())).toEqual({ ok: false, kind: 'temporary', detail: 'Telegram 502: Bad Gateway' });
  });

  it('long-polls getUpdates: a message arrives as soon as it is sent; a second poller ends the first with 409', async () => {
    const bot = new TelegramBotApi(TOKEN, stub.url);
    const poll = bot.getUpdates(null, 20, signal());
    await new Promise((resolve) => setTimeout(resolve, 100));
    stub.pushMessage(TOKEN, '111', '/status');
    const answer = await poll;
    if (!answer.ok) throw new Error(answer.outcome.detail);
    expect(answer.result).toHaveLength(1);
    expect(answer.result[0]!.message).toMatchObject({ chat: { id: 111 }, text: '/status' });
    // Telegram's clock, from the answer's Date header (whole seconds).
    expect(Math.abs((answer.serverTime ?? 0) - Date.now())).toBeLessThan(2_000);
    const next = answer.result[0]!.update_id + 1;
    const first = bot.getUpdates(next, 20, signal());
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = bot.getUpdates(next, 1, signal());
    expect(await first).toMatchObject({ ok: false, outcome: { kind: 'permanent', detail: 'Telegram 409: Conflict: terminated by other getUpdates request; make sure that only one bot instance is running' } });
    expect(await second).toEqual({ ok: true, result: [], serverTime: expect.any(Number) });
  });
});

describe('Slack, Discord and signed webhook adapters', () => {
  const slack = new SlackStub();
  const discord = new DiscordStub();
  const receiver = new WebhookReceiver('s3cret-signing-key-0123456789');
  beforeAll(async () => {
    await Promise.all([slack.start(), discord.start(), receiver.start()]);
  });
  afterAll(() => Promise.all([slack.close(), discord.close(), receiver.close()]));

  it('Slack: ok, then 429 with Retry-After, 5xx retry, and 404 / 410 refusals', async () => {
    const url = new URL(slack.addWebhook());
    expect(await sendSlack(url, 'hello', signal())).toEqual({ ok: true });
    expect(slack.posts.at(-1)?.text).toBe('hello');
    slack.storm(60_000, 9);
    expect(await sendSlack(url, 'again', signal())).toEqual({ ok: false, kind: 'rate_limited', retryAfterMs: 9_000, detail: 'Slack 429: rate_limited' });
    slack.endStorm();
    slack.failNext(1);
    expect(await sendSlack(url, 'again', signal())).toEqual({ ok: false, kind: 'temporary', detail: 'Slack 500: rollup_error' });
    expect(await sendSlack(new URL(`${slack.url}/services/T0/B0/gone`), 'x', signal())).toEqual({ ok: false, kind: 'permanent', detail: 'Slack 404: no_service' });
    slack.archive(url.pathname);
    expect(await sendSlack(url, 'x', signal())).toEqual({ ok: false, kind: 'permanent', detail: 'Slack 410: channel_is_archived' });
  });

  it('Discord: waits for the saved message, silences info, pauses on an empty bucket and reads retry_after from a 429', async () => {
    const url = new URL(discord.addWebhook());
    expect(await sendDiscord(url, 'info', 'info', signal())).toEqual({ ok: true });
    expect(await sendDiscord(url, 'critical', 'critical', signal())).toEqual({ ok: true });
    expect(discord.posts.map((p) => [p.content, p.flags])).toEqual([
      ['info', 4096],
      ['critical', 0],
    ]);
    for (let i = 0; i < 2; i++) await sendDiscord(url, `burst ${i}`, 'warning', signal());
    expect(await sendDiscord(url, 'last of the bucket', 'warning', signal())).toEqual({ ok: true, pauseMs: 400 });
    const limited = await sendDiscord(url, 'over', 'warning', signal());
    expect(limited).toMatchObject({ ok: false, kind: 'rate_limited', detail: 'Discord 429: You are being rate limited.' });
    expect(limited.ok === false && limited.kind === 'rate_limited' && limited.retryAfterMs).toBeGreaterThan(0);
    expect(await sendDiscord(url, 'x'.repeat(2_500), 'critical', AbortSignal.timeout(30_000)).then(() => discord.posts.at(-1)?.content.length)).toBeLessThanOrEqual(2_000);
    const unknown = new URL(url.href.replace(/webhooks\/\d+/, 'webhooks/42'));
    expect(await sendDiscord(unknown, 'x', 'info', signal())).toEqual({ ok: false, kind: 'permanent', detail: 'Discord 404: Unknown Webhook (code 10015)' });
  });

  it('webhook: the receiver verifies the HMAC and timestamp; a wrong key is refused, 503 with Retry-After is retried', async () => {
    const url = new URL(receiver.endpoint());
    expect(await sendWebhook(url, 's3cret-signing-key-0123456789', { kind: 'halt', level: 'critical', text: 'HALTED' }, Date.now(), signal())).toEqual({ ok: true });
    expect(receiver.deliveries.at(-1)).toMatchObject({ kind: 'halt', level: 'critical', text: 'HALTED' });
    expect(await sendWebhook(url, 'another-key-entirely-000000', { kind: 'halt', level: 'critical', text: 'forged' }, Date.now(), signal())).toEqual({ ok: false, kind: 'permanent', detail: 'webhook answered HTTP 401' });
    expect(await sendWebhook(url, 's3cret-signing-key-0123456789', { kind: 'halt', level: 'critical', text: 'old' }, Date.now() - 600_000, signal())).toEqual({ ok: false, kind: 'permanent', detail: 'webhook answered HTTP 401' });
    expect(receiver.refused.map((r) => r.reason)).toEqual(['bad signature', 'stale or missing timestamp']);
    receiver.respondWith = { status: 503, retryAfter: 4 };
    expect(await sendWebhook(url, 's3cret-signing-key-0123456789', { kind: 'fills', level: 'info', text: 'x' }, Date.now(), signal())).toEqual({ ok: false, kind: 'temporary', detail: 'webhook answered HTTP 503', retryAfterMs: 4_000 });
    receiver.respondWith = null;
  });

  it('accepts only the real services’ URLs, or a loopback test server', () => {
    const refused = (input: Parameters<typeof planChannel>[0]) => {
      try {
        planChannel(input);
        return null;
      } catch (error) {
        return error instanceof ApiError ? error.issues?.[0]?.path : 'not an ApiError';
      }
    };
    expect(refused({ kind: 'slack', name: 's', webhookUrl: 'https://evil.example/services/T/B/x' })).toBe('webhookUrl');
    expect(refused({ kind: 'slack', name: 's', webhookUrl: 'http://hooks.slack.com/services/T/B/x' })).toBe('webhookUrl');
    expect(refused({ kind: 'slack', name: 's', webhookUrl: 'https://hooks.slack.com/services/T/B/x' })).toBeNull();
    expect(refused({ kind: 'discord', name: 'd', webhookUrl: 'https://discord.com/api/webhooks/123/abc-DEF_1' })).toBeNull();
    expect(refused({ kind: 'discord', name: 'd', webhookUrl: 'https://discord.gg/api/webhooks/123/abc' })).toBe('webhookUrl');
    expect(refused({ kind: 'webhook', name: 'w', url: 'http://example.com/hook', signingSecret: 'x'.repeat(16) })).toBe('url');
    expect(refused({ kind: 'telegram', name: 't', botToken: TOKEN, chatId: '1', allowedChatIds: [], apiBaseUrl: 'https://api.example.com' })).toBe('apiBaseUrl');
    expect(planChannel({ kind: 'telegram', name: 't', botToken: TOKEN, chatId: '1', allowedChatIds: [], apiBaseUrl: 'http://127.0.0.1:9/' })).toMatchObject({ apiBaseUrl: 'http://127.0.0.1:9', target: 'chat 1' });
    expect(planChannel({ kind: 'slack', name: 's', webhookUrl: `${slack.url}/services/T/B/x` }).target).toMatch(/^127\.0\.0\.1:\d+ \(test server\)$/);
  });
});
