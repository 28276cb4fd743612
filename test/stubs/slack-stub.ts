import { isRecord, LoopbackServer, parseJson, TokenBucket, type StubAnswer, type StubRequest } from './loopback-server.js';

/**
 * A loopback Slack incoming-webhook endpoint, written from Slack's documentation:
 * - https://api.slack.com/messaging/webhooks: POST a JSON payload (`Content-type: application/json`)
 *   with `text` (or `blocks`/`attachments`) to the webhook URL; the answer is 200 `ok` (text).
 * - https://api.slack.com/changelog/2016-05-17-changes-to-errors-for-incoming-webhooks: errors are
 *   short strings with an HTTP status — 400 `invalid_payload` / `no_text`, 403 `action_prohibited`,
 *   404 `no_service` (the webhook was removed) / `channel_not_found`, 410 `channel_is_archived`,
 *   500 `rollup_error`.
 * - https://api.slack.com/apis/rate-limits: incoming webhooks allow 1 message per second with short
 *   bursts; beyond that HTTP 429 with a `Retry-After` header (seconds).
 * - https://api.slack.com/changelog/2018-04-truncating-really-long-messages: on every way of posting,
 *   incoming webhooks included, `text` past 40,000 characters is truncated to 40,000 and still posted
 *   (chat.postMessage adds a `message_truncated` warning; a webhook's answer stays `ok`), so the stub keeps
 *   what Slack would show and marks the post `truncated` for tests to catch a cut message.
 * Unlike Slack, a top-level field the webhook does not document is refused with `invalid_payload`.
 */
export interface SlackPost {
  readonly path: string;
  readonly text: string;
  readonly at: number;
  /** True when Slack would have cut `text` at SLACK_TEXT_TRUNCATED_AT (the rest never shows). */
  readonly truncated: boolean;
}

/** "The `text` field accepts up to 40,000 characters." */
export const SLACK_TEXT_TRUNCATED_AT = 40_000;

const FIELDS = new Set(['text', 'blocks', 'attachments', 'thread_ts', 'mrkdwn', 'unfurl_links', 'unfurl_media', 'username', 'icon_emoji', 'icon_url']);

const answer = (status: number, body: string, headers: Record<string, string> = {}): StubAnswer => ({ status, headers: { 'content-type': 'text/html', ...headers }, body });

export class SlackStub extends LoopbackServer {
  readonly posts: SlackPost[] = [];
  private readonly hooks = new Map<string, TokenBucket>();
  private archived = new Set<string>();
  private stormUntil = 0;
  private stormRetryAfter = 1;
  private failures = 0;

  /** A webhook that exists; its URL is `${url}${path}`. */
  addWebhook(path = `/services/T0HALYARD/B0ALERTS/${Math.random().toString(36).slice(2, 14)}x${Date.now().toString(36)}`): string {
    this.hooks.set(path, new TokenBucket(2, 1_000));
    return `${this.url}${path}`;
  }

  /** Every post until `ms` from now gets 429 with `Retry-After: retryAfter`. */
  storm(ms: number, retryAfter: number): void {
    this.stormUntil = Date.now() + ms;
    this.stormRetryAfter = retryAfter;
  }

  endStorm(): void {
    this.stormUntil = 0;
  }

  get storming(): boolean {
    return Date.now() < this.stormUntil;
  }

  archive(path: string): void {
    this.archived.add(path);
  }

  /** The next `count` posts fail with 500 rollup_error. */
  failNext(count: number): void {
    this.failures = count;
  }

  protected handle(request: StubRequest): StubAnswer {
    const bucket = this.hooks.get(request.path);
    if (request.method !== 'POST' || !bucket) return answer(404, 'no_service');
    if (this.archived.has(request.path)) return answer(410, 'channel_is_archived');
    if (Date.now() < this.stormUntil) return answer(429, 'rate_limited', { 'retry-after': String(this.stormRetryAfter) });
    if (this.failures > 0) {
      this.failures--;
      return answer(500, 'rollup_error');
    }
    const type = String(request.headers['content-type'] ?? '');
    const payload = type.startsWith('application/json') ? parseJson(request.body) : type.startsWith('application/x-www-form-urlencoded') ? parseJson(new URLSearchParams(request.body).get('payload') ?? '') : undefined;
    if (!isRecord(payload) || Object.keys(payload).some((key) => !FIELDS.has(key))) return answer(400, 'invalid_payload');
    const text = payload['text'];
    if ((typeof text !== 'string' || text.trim() === '') && payload['blocks'] === undefined && payload['attachments'] === undefined) return answer(400, 'no_text');
    const wait = bucket.take();
    if (wait > 0) return answer(429, 'rate_limited', { 'retry-after': String(Math.ceil(wait / 1000)) });
    const characters = [...(typeof text === 'string' ? text : '')];
    const truncated = characters.length > SLACK_TEXT_TRUNCATED_AT;
    this.posts.push({ path: request.path, text: characters.slice(0, SLACK_TEXT_TRUNCATED_AT).join(''), at: Date.now(), truncated });
    return answer(200, 'ok');
  }
}
