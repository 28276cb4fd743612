import { createHmac, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { SendOutcome } from '../delivery-queue.js';
import { clip } from '../format.js';
import type { AlertLevel } from '../model.js';
import { outcomeForStatus, request, retryAfterMs } from './http.js';

/**
 * Slack incoming webhooks (https://api.slack.com/messaging/webhooks): POST `{"text": …}` as JSON, the
 * answer is `ok` (200) or a short error string — `invalid_payload`, `no_text` (400), `action_prohibited`
 * (403), `channel_not_found`, `no_service` (404), `channel_is_archived` (410), `rollup_error` (500).
 * Rate limit (https://api.slack.com/apis/rate-limits): incoming webhooks post 1 message per second,
 * short bursts allowed; over it Slack answers 429 with a `Retry-After` header in seconds.
 */
export const SLACK_MIN_INTERVAL_MS = 1_000;
/**
 * Halyard posts plain top-level `text` (no blocks), so the 3,000 characters of a section block's text
 * do not apply. Slack truncates `text` past 40,000 characters, on every way of posting incl. incoming
 * webhooks, and "you may find long messages automatically broken into multiple messages"
 * (https://api.slack.com/changelog/2018-04-truncating-really-long-messages: split "into multiple postings
 * of no more than 40,000 characters each, preferably less"); chat.postMessage's "Truncating content"
 * (https://api.slack.com/methods/chat.postMessage) asks for at most 4,000 "for best results". So Halyard
 * cuts a longer alert itself, between lines, at 4,000.
 */
export const SLACK_TEXT_LIMIT = 4_000;

export async function sendSlack(url: URL, text: string, signal: AbortSignal): Promise<SendOutcome> {
  const result = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: clip(text, SLACK_TEXT_LIMIT) }), signal });
  if (!result.ok) return { ok: false, kind: 'temporary', detail: `Slack: ${result.detail}` };
  const { status, body, header } = result.answer;
  return outcomeForStatus(status, `Slack ${status}: ${body.trim().slice(0, 100) || 'no reason given'}`, retryAfterMs(header('retry-after')));
}

/**
 * Discord "Execute Webhook" (https://discord.com/developers/docs/resources/webhook#execute-webhook):
 * POST /webhooks/{id}/{token}?wait=true with `content` (up to 2000 characters); `wait=true` answers
 * 200 with the message once it is saved. Errors are JSON `{message, code}` (10015 Unknown Webhook,
 * 50027 Invalid Webhook Token, 50006 empty message, 50035 Invalid Form Body). Rate limits
 * (https://discord.com/developers/docs/topics/rate-limits) are not fixed numbers: the answer's
 * X-RateLimit-Remaining / X-RateLimit-Reset-After say when the bucket refills, and a 429 carries
 * `retry_after` (seconds, float) in its body and a `Retry-After` header.
 */
export const DISCORD_TEXT_LIMIT = 2_000;
export const DISCORD_MIN_INTERVAL_MS = 500;
/** Message flag SUPPRESS_NOTIFICATIONS (1 << 12): low-level alerts arrive without a ping. */
const SUPPRESS_NOTIFICATIONS = 4096;

const discordRateLimitSchema = z.object({ retry_after: z.number().nonnegative(), message: z.string().optional() });
const discordErrorSchema = z.object({ message: z.string(), code: z.number().int() });

export async function sendDiscord(url: URL, text: string, level: AlertLevel, signal: AbortSignal): Promise<SendOutcome> {
  const target = new URL(url);
  target.searchParams.set('wait', 'true');
  const body = {
    content: clip(text, DISCORD_TEXT_LIMIT),
    // Alert text is Halyard's own, but a symbol or a reason must never ping @everyone.
    allowed_mentions: { parse: [] },
    ...(level === 'info' ? { flags: SUPPRESS_NOTIFICATIONS } : {}),
  };
  const result = await request(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal });
  if (!result.ok) return { ok: false, kind: 'temporary', detail: `Discord: ${result.detail}` };
  const { status, header } = result.answer;
  const json = safeJson(result.answer.body);
  if (status === 429) {
    const limited = discordRateLimitSchema.safeParse(json);
    const wait = limited.success ? Math.ceil(limited.data.retry_after * 1000) : retryAfterMs(header('retry-after'));
    return { ok: false, kind: 'rate_limited', retryAfterMs: wait ?? 1_000, detail: `Discord 429: ${limited.success ? (limited.data.message ?? 'rate limited') : 'rate limited'}` };
  }
  if (status >= 200 && status < 300) {
    // An empty bucket: wait for it to refill rather than earn a 429.
    const remaining = header('x-ratelimit-remaining');
    const resetAfter = header('x-ratelimit-reset-after');
    return remaining === '0' && resetAfter !== null && Number.isFinite(Number(resetAfter)) ? { ok: true, pauseMs: Math.ceil(Number(resetAfter) * 1000) } : { ok: true };
  }
  const error = discordErrorSchema.safeParse(json);
  const detail = `Discord ${status}: ${error.success ? `${error.data.message} (code ${error.data.code})` : 'no reason given'}`;
  return outcomeForStatus(status, detail, retryAfterMs(header('retry-after')));
}

/**
 * The generic webhook: Halyard POSTs one JSON object per alert and signs it so the receiver can tell
 * it came from Halyard and was not replayed. Headers:
 *   X-Halyard-Timestamp: <unix seconds>
 *   X-Halyard-Signature: sha256=<hex HMAC-SHA256(signing secret, "<timestamp>.<raw body>")>
 *   X-Halyard-Delivery:  <unique id of this attempt>
 *   X-Halyard-Message:   <id of the alert, the same on every attempt: a retry after a lost answer is not a new alert>
 * A receiver recomputes the HMAC over the timestamp, a dot and the raw body bytes, compares in
 * constant time, and refuses timestamps more than 5 minutes from its clock (see the README).
 * 2xx = delivered, 429 (Retry-After honoured), 408 and 5xx = retried, any other status = refused.
 */
export const WEBHOOK_MIN_INTERVAL_MS = 200;

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export async function sendWebhook(url: URL, secret: string, payload: { readonly kind: string; readonly level: AlertLevel; readonly text: string; readonly messageId?: string | undefined }, now: number, signal: AbortSignal): Promise<SendOutcome> {
  const timestamp = Math.floor(now / 1000);
  const delivery = randomUUID();
  const messageId = payload.messageId ?? delivery;
  const body = JSON.stringify({ id: delivery, messageId, source: 'halyard', kind: payload.kind, level: payload.level, time: now, text: payload.text });
  const result = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-halyard-timestamp': String(timestamp), 'x-halyard-signature': signWebhook(secret, timestamp, body), 'x-halyard-delivery': delivery, 'x-halyard-message': messageId },
    body,
    signal,
  });
  if (!result.ok) return { ok: false, kind: 'temporary', detail: `webhook: ${result.detail}` };
  const { status, header } = result.answer;
  return outcomeForStatus(status, `webhook answered HTTP ${status}`, retryAfterMs(header('retry-after')));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
