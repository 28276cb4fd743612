import { z } from 'zod';
import { ALERT_KINDS, ALERT_LEVELS, CHANNEL_KINDS } from '../../alerts/model.js';
import { PRICE_ALERT_DIRECTIONS, PRICE_ALERT_REPEATS } from '../../alerts/price-alert-rule.js';
import { WEEKDAYS } from '../../alerts/schedule.js';
import { symbolSchema } from '../../market/candle.js';
import { command } from './define.js';

/**
 * Alerts off the desk: channels (Telegram, Slack, Discord, signed webhooks), what each receives, its
 * delivery log, the scheduled reports and price alerts. Bot tokens, webhook URLs and signing keys are
 * accepted by `alerts.channels.add` only and go straight to the OS keychain: no response ever carries
 * one back, only a harmless `target` (a host, a bot name, a chat id).
 */

export { ALERT_KINDS, ALERT_KIND_LABELS, ALERT_LEVELS, CHANNEL_KINDS, CHANNEL_KIND_LABELS } from '../../alerts/model.js';
export { WEEKDAYS } from '../../alerts/schedule.js';
/** A report time as the schedule reads it: in its own time zone, named (`2024-03-31 07:00 CEST`). */
export { formatLocalTime } from '../../alerts/format.js';

export const alertKindSchema = z.enum(ALERT_KINDS);
export const alertLevelSchema = z.enum(ALERT_LEVELS);
export const channelKindSchema = z.enum(CHANNEL_KINDS);

export const channelRoutingSchema = z.object({
  kinds: z.array(alertKindSchema).max(ALERT_KINDS.length),
  minLevel: alertLevelSchema,
});

/** Telegram chat ids: a user's or group's numeric id (groups are negative), or @channelusername. */
export const telegramChatIdSchema = z
  .string()
  .trim()
  .regex(/^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{4,31})$/, 'a Telegram chat id is a number such as 123456789 (groups: -100…) or @channelname');

export const channelViewSchema = z.object({
  id: z.number().int(),
  kind: channelKindSchema,
  name: z.string(),
  /** What the trader may see: a host, `@bot → chat 123`, never a token or a webhook path. */
  target: z.string(),
  /** True when it points at a loopback test server instead of the real service. */
  testServer: z.boolean(),
  enabled: z.boolean(),
  routing: channelRoutingSchema,
  /** Telegram: chats whose /status, /positions, /pnl and /halt are obeyed. */
  allowedChatIds: z.array(z.string()),
  /** Messages waiting in this channel's queue now. */
  backlog: z.number().int(),
  lastSentAt: z.number().nullable(),
  /** The last delivery or command-polling problem, in words. */
  problem: z.string().nullable(),
  createdAt: z.number(),
});
export type ChannelView = z.infer<typeof channelViewSchema>;

export const deliveryViewSchema = z.object({
  id: z.number().int(),
  channelId: z.number().int(),
  createdAt: z.number(),
  updatedAt: z.number(),
  kind: z.string(),
  level: alertLevelSchema,
  text: z.string(),
  status: z.enum(['queued', 'sent', 'retrying', 'failed', 'dropped']),
  attempts: z.number().int(),
  detail: z.string().nullable(),
});
export type DeliveryView = z.infer<typeof deliveryViewSchema>;

const channelName = z.string().trim().min(1, { message: 'name is required', abort: true }).max(40).regex(/^[A-Za-z0-9 _.-]+$/, 'name may use letters, digits, space, _ . -');
const secretText = (what: string) => z.string().trim().min(1, `${what} is required`).max(1_000);

const common = { name: channelName, routing: channelRoutingSchema.optional() };

export const addChannelSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('telegram'),
      ...common,
      /** From @BotFather, e.g. 123456789:AA… */
      botToken: secretText('bot token').regex(/^\d{1,20}:[A-Za-z0-9_-]{20,200}$/, 'a bot token looks like 123456789:AAH…'),
      chatId: telegramChatIdSchema,
      allowedChatIds: z.array(telegramChatIdSchema).max(20).default([]),
      /** A loopback Bot API server for tests (http://127.0.0.1:port); the real api.telegram.org otherwise. */
      apiBaseUrl: z.string().trim().max(200).optional(),
    })
    .strict(),
  z.object({ kind: z.literal('slack'), ...common, webhookUrl: secretText('webhook URL') }).strict(),
  z.object({ kind: z.literal('discord'), ...common, webhookUrl: secretText('webhook URL') }).strict(),
  z
    .object({
      kind: z.literal('webhook'),
      ...common,
      url: secretText('URL'),
      /** The key receivers verify X-Halyard-Signature with (at least 16 characters). */
      signingSecret: secretText('signing secret').min(16, 'the signing secret needs at least 16 characters'),
    })
    .strict(),
]);
export type AddChannelRequest = z.output<typeof addChannelSchema>;

/** `net` = `realized` (after fees) + `unrealized` (before fees) − `openFees` (entry fees paid on what is still held); `fees`: every fee paid. */
const pnlFiguresSchema = z.object({ realized: z.number(), unrealized: z.number(), fees: z.number(), net: z.number(), openFees: z.number() });

export const reportViewSchema = z.object({
  period: z.enum(['daily', 'weekly', 'now']),
  generatedAt: z.number(),
  timeZone: z.string(),
  /** `PAPER` or `PAPER + LIVE binance:main`. */
  accounts: z.string(),
  /** The paper account's P&L (null while its exchange is starting). */
  pnl: z.object({ account: z.string(), quote: z.string(), today: pnlFiguresSchema, week: pnlFiguresSchema, all: pnlFiguresSchema }).nullable(),
  positions: z.array(
    z.object({
      account: z.string(),
      symbol: z.string(),
      source: z.string(),
      quantity: z.number(),
      averageEntry: z.number(),
      markPrice: z.number().nullable(),
      unrealizedPnl: z.number().nullable(),
      /** Decimals of `unrealizedPnl` in its market's quote (the position's `moneyDecimals`: 8 for a BTC quote). */
      moneyDecimals: z.number().int().optional(),
      /** e.g. `stop 63,000.00 · 2 targets`, or `NO STOP`. */
      protection: z.string(),
      protectedByStop: z.boolean(),
    }),
  ),
  /** `quote` and `moneyDecimals`: the configuration's (the currency its `realizedPnl` is in, absent when its markets mix quotes: then the P&L's). */
  strategies: z.array(z.object({ name: z.string(), account: z.string(), state: z.string(), realizedPnl: z.number(), openPositions: z.number().int(), quote: z.string().optional(), moneyDecimals: z.number().int().optional() })),
  regime: z.object({ regime: z.string(), since: z.number().nullable(), reason: z.string() }),
  /** Anything the trader should look at, in words; empty when all is well. */
  attention: z.array(z.string()),
  /** Set on a scheduled report sent late (Halyard was closed at its time): when it was due, and the last report time before it, which it covers from. */
  late: z.object({ dueAt: z.number(), since: z.number() }).optional(),
});
export type ReportView = z.infer<typeof reportViewSchema>;

/** A time of day in the trader's time zone, as the form shows it beside the field ("7:00": times look like …). */
const reportTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'times look like 07:00 or 19:30 (24-hour clock)');

export const reportScheduleSchema = z.object({
  enabled: z.boolean(),
  timeZone: z.string().trim().min(1).max(64),
  daily: z.array(reportTimeSchema).max(6),
  weekly: z.object({ day: z.enum(WEEKDAYS), time: reportTimeSchema }).nullable(),
});

export const priceAlertSchema = z.object({
  id: z.number().int(),
  symbol: symbolSchema,
  /** `crossing`: the price passes through the level either way. */
  direction: z.enum(PRICE_ALERT_DIRECTIONS),
  price: z.number().positive(),
  /** `once`: done after it fires; `every`: fires each time the price comes back to it. */
  repeat: z.enum(PRICE_ALERT_REPEATS),
  createdAt: z.number(),
  /** When it last fired; null while it never did. */
  triggeredAt: z.number().nullable(),
  fireCount: z.number().int().nonnegative(),
  /** False for a `once` alert that fired: listed until removed, no longer watched. */
  active: z.boolean(),
});
export type PriceAlertView = z.infer<typeof priceAlertSchema>;

const byId = z.object({ id: z.number().int() }).strict();

export const alertCommands = {
  'alerts.channels.list': command(z.object({}).strict(), z.array(channelViewSchema)),
  /** Checks the token or URL (Telegram: getMe), stores it in the keychain, answers without it. */
  'alerts.channels.add': command(addChannelSchema, channelViewSchema),
  /** Routing, on/off and the Telegram command allow-list; secrets are changed by removing and adding. */
  'alerts.channels.update': command(
    z
      .object({
        id: z.number().int(),
        name: channelName.optional(),
        enabled: z.boolean().optional(),
        routing: channelRoutingSchema.optional(),
        allowedChatIds: z.array(telegramChatIdSchema).max(20).optional(),
      })
      .strict(),
    channelViewSchema,
  ),
  'alerts.channels.remove': command(byId, z.object({ removed: z.literal(true) })),
  /** Queues a test message; its fate shows in the delivery log (`alerts.deliveries`). */
  'alerts.channels.test': command(byId, z.object({ deliveryId: z.number().int() })),
  'alerts.deliveries': command(z.object({ channelId: z.number().int(), limit: z.number().int().min(1).max(500).default(100) }).strict(), z.array(deliveryViewSchema)),
  'alerts.schedule.get': command(z.object({}).strict(), reportScheduleSchema.extend({ upcoming: z.array(z.object({ at: z.number(), period: z.enum(['daily', 'weekly']) })) })),
  'alerts.schedule.set': command(reportScheduleSchema.strict(), reportScheduleSchema.extend({ upcoming: z.array(z.object({ at: z.number(), period: z.enum(['daily', 'weekly']) })) })),
  /** The report as the channels get it, built now: for the app and for export as Markdown. */
  'alerts.report': command(
    z.object({ period: z.enum(['daily', 'weekly', 'now']).default('now') }).strict(),
    z.object({ report: reportViewSchema, markdown: z.string(), text: z.string() }),
  ),
  'alerts.prices.list': command(z.object({}).strict(), z.array(priceAlertSchema)),
  'alerts.prices.add': command(
    z
      .object({
        symbol: symbolSchema,
        direction: z.enum(PRICE_ALERT_DIRECTIONS, { error: 'choose above, below or crossing' }),
        price: z.number({ error: 'required: a price above 0' }).positive('must be above 0').finite(),
        repeat: z.enum(PRICE_ALERT_REPEATS, { error: 'choose once or every' }).default('once'),
      })
      .strict(),
    priceAlertSchema,
  ),
  'alerts.prices.remove': command(byId, z.object({ removed: z.literal(true) })),
} as const;

export const alertEvents = {
  /** A delivery log entry was added or changed (the Alerts settings refresh from it). */
  'alerts.delivery': deliveryViewSchema,
  /** A price alert fired on the market source's live price (the desk shows it and notifies). */
  'alerts.priceFired': z.object({ alert: priceAlertSchema, price: z.number(), text: z.string(), time: z.number() }),
} as const;
