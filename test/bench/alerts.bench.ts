/**
 * Alerts and trading, side by side in one run:
 * 1. The order path with and without alert channels: median `orders.place` + `orders.cancel` time on a
 *    real (in-memory) terminal, first with no channel, then with three channels that route every alert —
 *    Slack in a permanent 429 storm, Discord in a 429 storm, and a webhook whose server is gone. Goal:
 *    ratio ≈ 1 (a dead or throttled channel never slows an order).
 * 2. /halt latency: from the moment the Telegram stub receives the message to HALTED, against the
 *    baseline of one bare getUpdates long-poll round trip on the same stub. Goal: ratio ≈ 1 (HALTED
 *    one long-poll round trip after the message arrives).
 */
import { createServer } from 'node:net';
import type { AlertsService } from '../../core/alerts/service.js';
import { TelegramBotApi } from '../../core/alerts/channels/telegram.js';
import type { SecretVault } from '../../core/alerts/ports.js';
import { alertsServiceOn } from '../helpers/alerts-service.js';
import { apiTerminal } from '../helpers/api-terminal.js';
import { DiscordStub } from '../stubs/discord-stub.js';
import { SlackStub } from '../stubs/slack-stub.js';
import { TelegramStub } from '../stubs/telegram-stub.js';

const TOKEN = '7000000001:AAHfakeTokenForHalyardBench_0123456789';
const ORDERS = 150;
const ROUNDS = 5;

/** The keychain's shape in memory: the bench measures trading, not the Secret Service. */
function memoryVault(): SecretVault {
  const entries = new Map<string, string>();
  return {
    read: async (account) => ({ ok: true, value: entries.get(account) ?? null }),
    write: async (account, secret) => (entries.set(account, secret), { ok: true, value: undefined }),
    remove: async (account) => ({ ok: true, value: entries.delete(account) }),
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function withTerminal<T>(work: (parts: { running: Awaited<ReturnType<typeof apiTerminal>>; alerts: AlertsService }) => Promise<T>): Promise<T> {
  const running = await apiTerminal({ speed: 60, tickMs: 50 });
  const alerts = alertsServiceOn(running.terminal, { vault: memoryVault(), telegramPollSeconds: 20 });
  try {
    await alerts.start();
    return await work({ running, alerts });
  } finally {
    await alerts.stop();
    await running.close();
  }
}

async function orderPath(channels: boolean): Promise<number> {
  const slack = await new SlackStub().start();
  const discord = await new DiscordStub().start();
  try {
    return await withTerminal(async ({ running, alerts }) => {
      const api = running.api;
      if (channels) {
        slack.storm(3_600_000, 30);
        discord.storm(3_600_000, 30);
        for (const input of [
          { kind: 'slack' as const, name: 'slack', webhookUrl: slack.addWebhook() },
          { kind: 'discord' as const, name: 'discord', webhookUrl: discord.addWebhook() },
          { kind: 'webhook' as const, name: 'dead', url: `http://127.0.0.1:${await deadPort()}/hook`, signingSecret: 'bench-signing-secret-0123' },
        ]) {
          const { record } = await alerts.admin.add({ ...input, routing: { kinds: ['fills', 'orders_rejected', 'exits', 'risk', 'halt', 'reconciliation', 'price_alerts', 'strategy_errors', 'reports'], minLevel: 'info' } });
          await alerts.launch(record.id);
        }
      }
      const last = await (async () => {
        for (;;) {
          const row = (await api.call('market.watchlist', {})).find((r) => r.symbol === 'BTC/USDT');
          if (row?.last) return row.last;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      const times: number[] = [];
      for (let i = 0; i < ORDERS; i++) {
        const start = performance.now();
        const order = await api.call('orders.place', { symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: '0.001', price: (last * 0.5).toFixed(2) });
        await api.call('orders.cancel', { clientOrderId: order.clientOrderId });
        times.push(performance.now() - start);
      }
      return median(times);
    });
  } finally {
    await Promise.all([slack.close(), discord.close()]);
  }
}

async function haltLatency(): Promise<{ halted: number; roundTrip: number }> {
  const stub = await new TelegramStub().start();
  stub.addBot(TOKEN, 'bench_bot');
  stub.addChat('111');
  try {
    // Baseline: one long poll, answered by a message pushed while it waits.
    const bot = new TelegramBotApi(TOKEN, stub.url);
    const poll = bot.getUpdates(null, 20, AbortSignal.timeout(30_000));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const pushed = performance.now();
    stub.pushMessage(TOKEN, '111', 'ping');
    await poll;
    const roundTrip = performance.now() - pushed;

    const halted = await withTerminal(async ({ running, alerts }) => {
      const { record } = await alerts.admin.add({ kind: 'telegram', name: 'phone', botToken: TOKEN, chatId: '111', allowedChatIds: ['111'], apiBaseUrl: stub.url });
      await alerts.launch(record.id);
      await new Promise((resolve) => setTimeout(resolve, 300)); // the poller is waiting
      let haltedAt = 0;
      const stop = running.terminal.events.subscribe((name, payload) => {
        if (name === 'app.status' && (payload as { halt: { halted: boolean } }).halt.halted && haltedAt === 0) haltedAt = performance.now();
      });
      const start = performance.now();
      stub.pushMessage(TOKEN, '111', '/halt');
      while (haltedAt === 0) await new Promise((resolve) => setTimeout(resolve, 1));
      stop();
      return haltedAt - start;
    });
    return { halted, roundTrip };
  } finally {
    await stub.close();
  }
}

export async function run(): Promise<void> {
  const without: number[] = [];
  const withChannels: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    without.push(await orderPath(false));
    withChannels.push(await orderPath(true));
  }
  const base = median(without);
  const loaded = median(withChannels);
  process.stdout.write(`order place + cancel, median of ${ORDERS} × ${ROUNDS} rounds: no alert channel ${base.toFixed(3)} ms; 3 channels (429 storms, a dead server) ${loaded.toFixed(3)} ms — ratio ${(loaded / base).toFixed(2)} (goal ≈ 1)\n`);
  const halts: { halted: number; roundTrip: number }[] = [];
  for (let i = 0; i < ROUNDS; i++) halts.push(await haltLatency());
  const halted = median(halts.map((h) => h.halted));
  const roundTrip = median(halts.map((h) => h.roundTrip));
  process.stdout.write(`/halt: message at the Bot API → HALTED ${halted.toFixed(2)} ms; one bare getUpdates round trip ${roundTrip.toFixed(2)} ms — ratio ${(halted / roundTrip).toFixed(2)} (goal ≈ 1: one long-poll round trip)\n`);
}
