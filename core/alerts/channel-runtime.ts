import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ChannelView } from '../api/contract/alerts.js';
import { channelRoutingSchema } from '../api/contract/alerts.js';
import { channelTransport, messageLimit, secretStrings, type ChannelSecret } from './channel-config.js';
import { TelegramBotApi, TELEGRAM_API } from './channels/telegram.js';
import type { Clock } from './clock.js';
import { DeliveryQueue, type DeliveryStatus, type QueuedMessage } from './delivery-queue.js';
import { splitForService } from './format.js';
import { DEFAULT_ROUTING, routes, type Alert, type ChannelRouting } from './model.js';
import type { AlertChannelRecord } from './ports.js';
import { RemoteCommands, type RemoteDesk } from './remote-commands.js';
import { TelegramPoller, type TelegramOffsets } from './telegram-poller.js';

/** Backlog bound per destination, attempts for 5xx/network failures, and their back-off. */
const QUEUE = { capacity: 100, maxAttempts: 8, backoff: { baseMs: 2_000, maxMs: 300_000 } };

export interface DeliveryLog {
  /** A new log entry for a message about to be queued; returns its id. */
  add(channelId: number, message: { readonly kind: string; readonly level: Alert['level']; readonly text: string }): number;
  update(message: QueuedMessage, status: DeliveryStatus, detail: string | null): void;
}

/** A message an outbox had not sent yet, and the destination (Telegram chat) it was for. */
export interface WaitingMessage {
  readonly destination: string;
  readonly message: QueuedMessage;
}

export interface ChannelRuntimeOptions {
  readonly record: AlertChannelRecord;
  /** Null when the keychain has no (readable) secret for the channel: it cannot send. */
  readonly secret: ChannelSecret | null;
  readonly secretProblem: string | null;
  readonly clock: Clock;
  readonly log: DeliveryLog;
  readonly remote: { readonly desk: RemoteDesk; readonly audit: (action: string, detail: Readonly<Record<string, unknown>>) => void; readonly offsets: TelegramOffsets } | null;
  readonly pollSeconds: number;
}

export function parseRouting(value: unknown): ChannelRouting {
  const parsed = channelRoutingSchema.safeParse(value);
  return parsed.success ? parsed.data : DEFAULT_ROUTING;
}

export function parseChatIds(value: unknown): string[] {
  const parsed = z.array(z.string()).safeParse(value);
  return parsed.success ? parsed.data : [];
}

/**
 * One configured channel while Halyard runs: its outbox per destination (Telegram: per chat, so the
 * per-chat limit holds for replies too), its command poller when it has an allow-list, and what the
 * channel list shows about it. Anything that could echo the secret is scrubbed before it is logged.
 */
export class ChannelRuntime {
  readonly routing: ChannelRouting;
  readonly allowedChatIds: readonly string[];
  private readonly queues = new Map<string, DeliveryQueue>();
  private readonly secrets: string[];
  private poller: TelegramPoller | null = null;
  private problem: string | null;
  private pollProblem: string | null = null;
  private lastSentAt: number | null = null;

  constructor(private readonly options: ChannelRuntimeOptions) {
    this.routing = parseRouting(options.record.routing);
    this.allowedChatIds = parseChatIds(options.record.allowedChatIds);
    this.secrets = options.secret ? secretStrings(options.secret) : [];
    this.problem = options.secretProblem;
  }

  get record(): AlertChannelRecord {
    return this.options.record;
  }

  wants(alert: Alert): boolean {
    return this.options.record.enabled && routes(this.routing, alert);
  }

  /**
   * Queues `alert` for the channel's own destination; returns the delivery log id (of its first part: an
   * alert longer than the service takes — a report on Discord — goes as several messages, in order).
   */
  deliver(alert: Pick<Alert, 'kind' | 'level' | 'text'>): number {
    return this.enqueue(this.options.record.chatId ?? 'default', alert);
  }

  start(): void {
    const { record, secret, remote } = this.options;
    if (!record.enabled || record.kind !== 'telegram' || !secret || !('botToken' in secret) || this.allowedChatIds.length === 0 || !remote) return;
    const commands = new RemoteCommands({
      channel: record.name,
      allowed: (chatId) => this.allowedChatIds.includes(chatId),
      desk: remote.desk,
      reply: (chatId, text) => void this.enqueue(chatId, { kind: 'remote', level: 'warning', text }),
      audit: remote.audit,
      now: this.options.clock.now,
    });
    // Update ids belong to the bot (the token's public id part), not to the channel: a new token, a new count.
    const botId = secret.botToken.split(':')[0] ?? '';
    this.poller = new TelegramPoller({
      bot: new TelegramBotApi(secret.botToken, record.apiBaseUrl ?? TELEGRAM_API),
      offset: remote.offsets.load(botId),
      onHandled: (nextOffset) => remote.offsets.save(botId, nextOffset),
      clock: this.options.clock,
      timeoutSeconds: this.options.pollSeconds,
      onProblem: (problem) => {
        this.pollProblem = problem === null ? null : this.scrub(problem);
      },
      onUpdate: (update, telegramAheadMs) => {
        const message = update.message;
        if (!message?.text) return;
        // Telegram's `date` is the Unix time in seconds on Telegram's clock: moved onto this computer's
        // clock, so a computer clock minutes off neither makes every command late nor none.
        commands.handle({ chatId: String(message.chat.id), fromId: message.from ? String(message.from.id) : null, text: message.text, sentAt: message.date * 1000 - telegramAheadMs });
      },
    });
    this.poller.start();
  }

  /** Stops polling and sending; `why` goes into the log entries of what was still waiting. */
  close(why?: string): void {
    this.poller?.stop();
    this.poller = null;
    for (const queue of this.queues.values()) queue.close(why);
    this.queues.clear();
  }

  /** Stops polling and sending, and gives back what was still waiting per destination (for the channel's next runtime). */
  handOver(): WaitingMessage[] {
    this.poller?.stop();
    this.poller = null;
    const waiting = [...this.queues].flatMap(([destination, queue]) => queue.handOver().map((message) => ({ destination, message })));
    this.queues.clear();
    return waiting;
  }

  /**
   * Sends on what an earlier runtime of this channel had not sent yet (a HALT waiting out a 429 is not
   * lost because the trader edited the channel), in order, under the same delivery log entries.
   */
  adopt(waiting: readonly WaitingMessage[]): void {
    for (const { destination, message } of waiting) {
      const queue = this.options.record.enabled ? this.queue(destination) : null;
      if (queue) queue.enqueue(message);
      else this.options.log.update(message, 'failed', this.options.record.enabled ? (this.problem ?? 'the channel cannot send') : 'not sent: the channel was turned off');
    }
  }

  view(): ChannelView {
    const { record } = this.options;
    return {
      id: record.id,
      kind: record.kind,
      name: record.name,
      target: record.target,
      testServer: record.apiBaseUrl !== null,
      enabled: record.enabled,
      routing: { kinds: [...this.routing.kinds], minLevel: this.routing.minLevel },
      allowedChatIds: [...this.allowedChatIds],
      backlog: [...this.queues.values()].reduce((sum, queue) => sum + queue.backlog, 0),
      lastSentAt: this.lastSentAt,
      problem: this.problem ?? this.pollProblem,
      createdAt: record.createdAt,
    };
  }

  /** What is wrong with the channel now, if anything (for reports). */
  get currentProblem(): string | null {
    return this.problem ?? this.pollProblem;
  }

  /** Queues `message` in as many parts as the service needs; returns the first part's log id. */
  private enqueue(destination: string, message: Pick<Alert, 'kind' | 'level' | 'text'>): number {
    const ids = splitForService(message.text, messageLimit(this.options.record.kind)).map((text) => this.enqueuePart(destination, { ...message, text }));
    return ids[0]!;
  }

  private enqueuePart(destination: string, message: Pick<Alert, 'kind' | 'level' | 'text'>): number {
    const id = this.options.log.add(this.options.record.id, message);
    const queued: QueuedMessage = { deliveryId: id, messageId: randomUUID(), kind: message.kind, level: message.level, text: message.text, attempts: 0 };
    const queue = this.queue(destination);
    if (!queue) {
      this.options.log.update(queued, 'failed', this.problem ?? 'the channel cannot send');
      return id;
    }
    queue.enqueue(queued);
    return id;
  }

  private queue(destination: string): DeliveryQueue | null {
    const { secret, record, clock } = this.options;
    if (!secret) return null;
    let queue = this.queues.get(destination);
    if (!queue) {
      const transport = channelTransport(record.kind, secret, { chatId: destination === 'default' ? record.chatId : destination, apiBaseUrl: record.apiBaseUrl }, clock.now);
      queue = new DeliveryQueue({
        ...QUEUE,
        send: transport.send,
        minIntervalMs: transport.minIntervalMs,
        clock,
        onStatus: (message, status, detail) => this.onStatus(message, status, detail),
      });
      this.queues.set(destination, queue);
    }
    return queue;
  }

  private onStatus(message: QueuedMessage, status: DeliveryStatus, detail: string | null): void {
    const scrubbed = detail === null ? null : this.scrub(detail);
    this.options.log.update(message, status, scrubbed);
    if (status === 'sent') {
      this.lastSentAt = this.options.clock.now();
      this.problem = null;
    } else if (status === 'failed' || status === 'retrying') {
      this.problem = scrubbed;
    }
  }

  /** No error text may carry a token or a webhook path into the log, the database or the UI. */
  private scrub(text: string): string {
    let clean = text;
    for (const secret of this.secrets) clean = clean.split(secret).join('[secret]');
    return clean;
  }
}
