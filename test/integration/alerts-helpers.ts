import { afterAll, beforeAll } from 'vitest';
import type { ApiClient } from '../../core/api/client.js';
import type { CommandArgs } from '../../core/api/contract/index.js';
import { until } from '../helpers/api-terminal.js';
import { DiscordStub } from '../stubs/discord-stub.js';
import { SlackStub } from '../stubs/slack-stub.js';
import { TelegramStub } from '../stubs/telegram-stub.js';
import { WebhookReceiver } from '../stubs/webhook-receiver.js';

export const BOT_TOKEN = '7000000001:AAHfakeTokenForHalyardTests_0123456789';
export const SIGNING_SECRET = 'halyard-test-signing-secret-0123';

/** One stub per service, started on loopback, with a bot that knows chat 111. */
export async function startStubs() {
  const telegram = await new TelegramStub().start();
  telegram.addBot(BOT_TOKEN, 'halyard_test_bot');
  telegram.addChat('111');
  const slack = await new SlackStub().start();
  const discord = await new DiscordStub().start();
  const webhook = await new WebhookReceiver(SIGNING_SECRET).start();
  return {
    telegram,
    slack,
    discord,
    webhook,
    close: () => Promise.all([telegram.close(), slack.close(), discord.close(), webhook.close()]),
  };
}
export type Stubs = Awaited<ReturnType<typeof startStubs>>;

/** The stubs of one test file: started before its tests, closed after them. */
export function stubsForFile(): Omit<Stubs, 'close'> {
  let started: Stubs | undefined;
  beforeAll(async () => {
    started = await startStubs();
  });
  afterAll(() => started?.close());
  const get = (): Stubs => {
    if (!started) throw new Error('the stubs start before the tests: use them inside a test or hook');
    return started;
  };
  return {
    get telegram() {
      return get().telegram;
    },
    get slack() {
      return get().slack;
    },
    get discord() {
      return get().discord;
    },
    get webhook() {
      return get().webhook;
    },
  };
}

type Routing = NonNullable<CommandArgs<'alerts.channels.add'>['routing']>;

export function telegramChannel(stubs: Pick<Stubs, 'telegram'>, routing: Routing, allowedChatIds: string[] = []): CommandArgs<'alerts.channels.add'> {
  return { kind: 'telegram', name: 'phone', botToken: BOT_TOKEN, chatId: '111', allowedChatIds, apiBaseUrl: stubs.telegram.url, routing };
}

/** Places a market order on paper and waits for its fill. */
export async function marketFill(api: ApiClient, side: 'buy' | 'sell', amount: string, symbol = 'ETH/USDT'): Promise<string> {
  const order = await api.call('orders.place', { symbol, side, type: 'market', amount });
  await until(() => api.call('orders.list', { status: 'all' }), (orders) => orders.some((o) => o.clientOrderId === order.clientOrderId && o.status === 'filled'), `the ${side} to fill`);
  return order.clientOrderId;
}

/** Waits until every delivery of the channel is final (sent, failed or dropped). */
export async function settled(api: ApiClient, channelId: number, atLeast: number) {
  return until(
    () => api.call('alerts.deliveries', { channelId, limit: 500 }),
    (entries) => entries.length >= atLeast && entries.every((entry) => ['sent', 'failed', 'dropped'].includes(entry.status)),
    `channel ${channelId} to deliver ${atLeast} message(s)`,
    60_000,
  );
}
