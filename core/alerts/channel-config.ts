import { z } from 'zod';
import type { AddChannelRequest } from '../api/contract/alerts.js';
import { ApiError } from '../api/errors.js';
import type { DeliveryQueueOptions } from './delivery-queue.js';
import { isLoopback, parseUrl } from './channels/http.js';
import { TelegramBotApi, TELEGRAM_API, TELEGRAM_TEXT_LIMIT, telegramMinIntervalMs } from './channels/telegram.js';
import { DISCORD_MIN_INTERVAL_MS, DISCORD_TEXT_LIMIT, SLACK_MIN_INTERVAL_MS, SLACK_TEXT_LIMIT, sendDiscord, sendSlack, sendWebhook, WEBHOOK_MIN_INTERVAL_MS } from './channels/webhooks.js';
import type { ChannelKind } from './model.js';

/** What the keychain holds for a channel (JSON): never stored anywhere else. */
export const channelSecretSchema = z.union([
  z.object({ botToken: z.string() }).strict(),
  z.object({ webhookUrl: z.string() }).strict(),
  z.object({ url: z.string(), signingSecret: z.string() }).strict(),
]);
export type ChannelSecret = z.infer<typeof channelSecretSchema>;

/** A validated new channel: what goes to the database, and what goes to the keychain. */
export interface ChannelPlan {
  readonly kind: ChannelKind;
  readonly secret: ChannelSecret;
  /** Shown to the trader: a host or a bot and chat, never a token or a webhook path. */
  readonly target: string;
  readonly chatId: string | null;
  /** The loopback test server it points at, or null for the real service. */
  readonly apiBaseUrl: string | null;
}

const DISCORD_HOSTS = ['discord.com', 'discordapp.com', 'ptb.discord.com', 'canary.discord.com'];

function refuse(field: string, message: string): never {
  throw new ApiError('bad_request', `${field}: ${message}`, [{ path: field, message }]);
}

/** A service URL the trader pasted: the real service's host, or a loopback test server, nothing else. */
function serviceUrl(field: string, text: string, accept: (url: URL) => boolean, expected: string): URL {
  const url = parseUrl(text);
  if (!url) refuse(field, `not a URL; expected ${expected}`);
  if (url.username || url.password) refuse(field, 'must not contain a user name or password');
  if (isLoopback(url)) return url;
  if (url.protocol !== 'https:' || !accept(url)) refuse(field, `expected ${expected} (or a loopback test server)`);
  return url;
}

function testServerOrigin(url: URL): string | null {
  return isLoopback(url) ? url.origin : null;
}

/** Checks an `alerts.channels.add` request and splits it into stored and secret parts. */
export function planChannel(input: AddChannelRequest): ChannelPlan {
  switch (input.kind) {
    case 'telegram': {
      let apiBaseUrl: string | null = null;
      if (input.apiBaseUrl) {
        const url = parseUrl(input.apiBaseUrl);
        // Changeable only to loopback, for tests: a token must never be sent to another host.
        if (!url || !isLoopback(url) || url.pathname.replace(/\/+$/, '') !== '') refuse('apiBaseUrl', 'only a loopback test server such as http://127.0.0.1:8081 may replace api.telegram.org');
        apiBaseUrl = url.origin;
      }
      return { kind: 'telegram', secret: { botToken: input.botToken }, target: `chat ${input.chatId}`, chatId: input.chatId, apiBaseUrl };
    }
    case 'slack': {
      const url = serviceUrl('webhookUrl', input.webhookUrl, (u) => u.hostname === 'hooks.slack.com' && u.pathname.startsWith('/services/'), 'https://hooks.slack.com/services/…');
      return { kind: 'slack', secret: { webhookUrl: url.href }, target: isLoopback(url) ? `${url.host} (test server)` : 'hooks.slack.com', chatId: null, apiBaseUrl: testServerOrigin(url) };
    }
    case 'discord': {
      const url = serviceUrl('webhookUrl', input.webhookUrl, (u) => DISCORD_HOSTS.includes(u.hostname) && /^\/api\/(v\d+\/)?webhooks\/\d+\/[\w-]+\/?$/.test(u.pathname), 'https://discord.com/api/webhooks/<id>/<token>');
      return { kind: 'discord', secret: { webhookUrl: url.href }, target: isLoopback(url) ? `${url.host} (test server)` : 'discord.com webhook', chatId: null, apiBaseUrl: testServerOrigin(url) };
    }
    case 'webhook': {
      const url = parseUrl(input.url);
      if (!url) refuse('url', 'not a URL');
      if (url.username || url.password) refuse('url', 'must not contain a user name or password');
      if (url.protocol !== 'https:' && !isLoopback(url)) refuse('url', 'must be https:// (plain http only to a loopback test server)');
      return { kind: 'webhook', secret: { url: url.href, signingSecret: input.signingSecret }, target: isLoopback(url) ? `${url.host} (test server)` : url.host, chatId: null, apiBaseUrl: testServerOrigin(url) };
    }
  }
}

/** The strings of a secret, so anything that might echo them (an error text) can be scrubbed. */
export function secretStrings(secret: ChannelSecret): string[] {
  const values = Object.values(secret).filter((value): value is string => typeof value === 'string' && value.length >= 8);
  // A URL's path and query hold its token; scrub those on their own too.
  for (const value of [...values]) {
    const url = parseUrl(value);
    if (url && url.pathname.length > 8) values.push(url.pathname + url.search, url.pathname.split('/').filter((part) => part.length >= 8).join('/'));
  }
  return values.filter((value) => value.length >= 8);
}

export interface ChannelTransport {
  readonly minIntervalMs: number;
  readonly send: DeliveryQueueOptions['send'];
}

/** The longest message the channel's service takes; a longer alert goes as several (splitForService). */
export function messageLimit(kind: ChannelKind): number {
  if (kind === 'telegram') return TELEGRAM_TEXT_LIMIT;
  if (kind === 'discord') return DISCORD_TEXT_LIMIT;
  if (kind === 'slack') return SLACK_TEXT_LIMIT;
  return Number.POSITIVE_INFINITY; // the signed webhook: one JSON object, whatever its length
}

/** How to reach one destination of a channel (Telegram: one chat). */
export function channelTransport(kind: ChannelKind, secret: ChannelSecret, destination: { readonly chatId: string | null; readonly apiBaseUrl: string | null }, now: () => number): ChannelTransport {
  if ('botToken' in secret) {
    const chatId = destination.chatId ?? '';
    const bot = new TelegramBotApi(secret.botToken, destination.apiBaseUrl ?? TELEGRAM_API);
    return { minIntervalMs: telegramMinIntervalMs(chatId), send: (message, signal) => bot.sendMessage(chatId, message.text, { silent: message.level === 'info' }, signal) };
  }
  if ('signingSecret' in secret) {
    const url = new URL(secret.url);
    return { minIntervalMs: WEBHOOK_MIN_INTERVAL_MS, send: (message, signal) => sendWebhook(url, secret.signingSecret, message, now(), signal) };
  }
  const url = new URL(secret.webhookUrl);
  if (kind === 'discord') return { minIntervalMs: DISCORD_MIN_INTERVAL_MS, send: (message, signal) => sendDiscord(url, message.text, message.level, signal) };
  return { minIntervalMs: SLACK_MIN_INTERVAL_MS, send: (message, signal) => sendSlack(url, message.text, signal) };
}
