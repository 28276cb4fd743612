import { describe, expect, it } from 'vitest';
import type { AlertChannelRecord } from '../../core/alerts/ports.js';
import { ChannelRuntime, type DeliveryLog } from '../../core/alerts/channel-runtime.js';
import { systemClock } from '../../core/alerts/clock.js';
import type { DeliveryStatus } from '../../core/alerts/delivery-queue.js';
import { until } from '../helpers/api-terminal.js';
import { BOT_TOKEN, stubsForFile } from './alerts-helpers.js';

/**
 * A report longer than a service takes in one message — Discord's 2,000 characters ("content: up to 2000
 * characters", Execute Webhook), Telegram's 4,096 (sendMessage "1-4096 characters") — reaches the trader
 * whole: in parts cut between lines, in order, each within the limit and saying which part it is, each in
 * the delivery log. Before, the message was cut at the limit and the rest (the later positions, the
 * strategies) was lost. Slack's plain `text` takes 40,000 (truncated past it) and asks for 4,000 "for best
 * results"; only a section block's text stops at 3,000, and Halyard posts no blocks. Real channels
 * against the loopback stubs of Discord, Slack and the Telegram Bot API.
 */
const stubs = stubsForFile();

/** A daily report of a busy desk: 60 positions, about 5,800 characters. */
const REPORT = [
  'Halyard daily report · 2026-12-08 07:00 CET',
  'PAPER · regime NORMAL',
  '',
  'Open positions (60):',
  ...Array.from({ length: 60 }, (_, i) => `• PAPER COIN${i}/USDT 0.5 @ 64,250.50 → 64,300.10 +24.80 USDT · stop 63,000.00 · manual`),
  '',
  'Strategies:',
  '• sma-fast (PAPER) running · realized after fees +12.30 USDT · 2 open',
].join('\n');

function channel(kind: 'discord' | 'telegram' | 'slack', apiBaseUrl: string | null, chatId: string | null): { runtime: ChannelRuntime; log: Map<number, { text: string; status: DeliveryStatus }> } {
  const log = new Map<number, { text: string; status: DeliveryStatus }>();
  const deliveryLog: DeliveryLog = {
    add: (_channelId, message) => {
      log.set(log.size + 1, { text: message.text, status: 'queued' });
      return log.size;
    },
    update: (message, status) => log.set(message.deliveryId, { ...log.get(message.deliveryId)!, status }),
  };
  const record: AlertChannelRecord = { id: 1, kind, name: kind, secretRef: `alert-channel:${kind}`, target: 'test', chatId, apiBaseUrl, routing: { kinds: ['reports'], minLevel: 'info' }, allowedChatIds: [], enabled: true, createdAt: 0 };
  const secret = kind === 'telegram' ? { botToken: BOT_TOKEN } : { webhookUrl: (kind === 'slack' ? stubs.slack : stubs.discord).addWebhook() };
  return { runtime: new ChannelRuntime({ record, secret, secretProblem: null, clock: systemClock, log: deliveryLog, remote: null, pollSeconds: 1 }), log };
}

/** The parts as sent, their `(part n of N)` lines taken off, joined again. */
const rejoined = (parts: readonly string[]) => parts.map((part, i) => {
  expect(part.endsWith(`\n(part ${i + 1} of ${parts.length})`)).toBe(true);
  return part.slice(0, part.lastIndexOf('\n'));
}).join('\n');

describe('a report longer than the service takes', () => {
  it('reaches Discord whole, in parts of at most 2,000 characters', async () => {
    const { runtime, log } = channel('discord', null, null);
    try {
      runtime.deliver({ kind: 'reports', level: 'info', text: REPORT });
      const expected = Math.ceil(REPORT.length / 2_000);
      await until(async () => [...log.values()], (entries) => entries.length >= expected && entries.every((e) => e.status === 'sent'), 'every part sent', 30_000);
      const parts = stubs.discord.posts.map((post) => post.content);
      expect(parts.length).toBe(log.size);
      expect(parts.every((part) => part.length <= 2_000)).toBe(true);
      expect(rejoined(parts)).toBe(REPORT);
    } finally {
      runtime.close();
    }
  });

  it('reaches Telegram whole, in parts of at most 4,096 characters', async () => {
    const { runtime, log } = channel('telegram', stubs.telegram.url, '111');
    const before = stubs.telegram.sent.length;
    try {
      runtime.deliver({ kind: 'reports', level: 'info', text: REPORT });
      await until(async () => [...log.values()], (entries) => entries.length >= Math.ceil(REPORT.length / 4_096) && entries.every((e) => e.status === 'sent'), 'every part sent', 30_000);
      const parts = stubs.telegram.sent.slice(before).map((message) => message.text);
      expect(parts.length).toBe(log.size);
      expect(parts.every((part) => part.length <= 4_096)).toBe(true);
      expect(rejoined(parts)).toBe(REPORT);
    } finally {
      runtime.close();
    }
  });

  it('reaches Slack in parts of at most 4,000 characters, and a 3,500-character one whole', async () => {
    const { runtime, log } = channel('slack', null, null);
    const before = stubs.slack.posts.length;
    const short = REPORT.slice(0, REPORT.lastIndexOf('\n', 3_500));
    try {
      runtime.deliver({ kind: 'reports', level: 'info', text: short });
      runtime.deliver({ kind: 'reports', level: 'info', text: REPORT });
      await until(async () => [...log.values()], (entries) => entries.length >= 3 && entries.every((e) => e.status === 'sent'), 'every part sent', 30_000);
      const [first, ...parts] = stubs.slack.posts.slice(before);
      expect(first).toMatchObject({ text: short, truncated: false });
      expect(parts.map((post) => post.text.length <= 4_000 && !post.truncated)).toEqual([true, true]);
      expect(rejoined(parts.map((post) => post.text))).toBe(REPORT);
      // What Slack does past 40,000 characters: posts the first 40,000 and answers `ok`.
      const answer = await fetch(stubs.slack.addWebhook(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'x'.repeat(40_001) }) });
      expect([answer.status, await answer.text()]).toEqual([200, 'ok']);
      expect(stubs.slack.posts.at(-1)).toMatchObject({ text: 'x'.repeat(40_000), truncated: true });
    } finally {
      runtime.close();
    }
  });
});
