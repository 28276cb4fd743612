import { isRecord, json, LoopbackServer, parseJson, TokenBucket, type StubAnswer, type StubRequest } from './loopback-server.js';

/**
 * A loopback Discord webhook endpoint, written from the Discord developer documentation
 * (github.com/discord/discord-api-docs):
 * - resources/webhook "Execute Webhook": POST /webhooks/{id}/{token} (also /api/v10/…) with query
 *   `wait`, `thread_id`, `with_components`; JSON `content` up to 2000 characters; at least one of
 *   content/embeds/components/files/poll; `flags` may only hold SUPPRESS_EMBEDS (1<<2),
 *   SUPPRESS_NOTIFICATIONS (1<<12) and IS_COMPONENTS_V2 (1<<15). `wait=true` answers 200 with the
 *   message, otherwise 204 No Content.
 * - topics/opcodes-and-status-codes: JSON errors `{message, code}` — 10015 Unknown Webhook (404),
 *   50027 Invalid Webhook Token (401), 50006 Cannot send an empty message, 50035 Invalid Form Body.
 * - topics/rate-limits: every answer carries X-RateLimit-Limit/-Remaining/-Reset/-Reset-After/-Bucket;
 *   over the limit a 429 with `Retry-After` and a JSON body `{message, retry_after, global}`
 *   (retry_after in seconds, with decimals) and X-RateLimit-Scope. The bucket here is 5 per 2 s.
 * Unlike Discord, an undocumented query parameter or body field is refused (50035).
 */
export interface DiscordPost {
  readonly webhookId: string;
  readonly content: string;
  readonly flags: number;
  readonly at: number;
}

const FIELDS = new Set(['content', 'username', 'avatar_url', 'tts', 'embeds', 'allowed_mentions', 'components', 'attachments', 'flags', 'thread_name', 'applied_tags', 'poll', 'payload_json']);
const QUERY = new Set(['wait', 'thread_id', 'with_components']);
const ALLOWED_FLAGS = (1 << 2) | (1 << 12) | (1 << 15);
const BUCKET = { limit: 5, windowMs: 2_000 };

const invalidForm = (field: string, code: string, message: string) => json(400, { code: 50035, errors: { [field]: { _errors: [{ code, message }] } }, message: 'Invalid Form Body' });

export class DiscordStub extends LoopbackServer {
  readonly posts: DiscordPost[] = [];
  private readonly hooks = new Map<string, { token: string; bucket: TokenBucket }>();
  private stormUntil = 0;
  private stormRetryAfter = 1;
  private nextMessageId = 1_200_000_000_000_000_000n;

  /** A webhook that exists; returns its URL (`token` defaults to a random one). */
  addWebhook(token = `${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}-Tok_en`): string {
    const id = String(1_100_000_000_000_000_000n + BigInt(this.hooks.size + 1));
    this.hooks.set(id, { token, bucket: new TokenBucket(BUCKET.limit, BUCKET.windowMs / BUCKET.limit) });
    return `${this.url}/api/webhooks/${id}/${token}`;
  }

  storm(ms: number, retryAfter: number): void {
    this.stormUntil = Date.now() + ms;
    this.stormRetryAfter = retryAfter;
  }

  protected handle(request: StubRequest): StubAnswer {
    const match = /^\/api(?:\/v\d+)?\/webhooks\/(\d+)\/([\w-]+)\/?$/.exec(request.path);
    if (!match) return json(404, { message: '404: Not Found', code: 0 });
    const [, id = '', token = ''] = match;
    const hook = this.hooks.get(id);
    if (!hook) return json(404, { message: 'Unknown Webhook', code: 10015 });
    if (hook.token !== token) return json(401, { message: 'Invalid Webhook Token', code: 50027 });
    if (request.method !== 'POST') return json(405, { message: '405: Method Not Allowed', code: 0 });
    const unknownQuery = [...request.query.keys()].find((key) => !QUERY.has(key));
    if (unknownQuery) return invalidForm(unknownQuery, 'UNKNOWN_FIELD', 'Unknown query parameter.');
    const wait = request.query.get('wait');
    if (wait !== null && !['true', 'false', 'True', 'False', '1', '0'].includes(wait)) return invalidForm('wait', 'BOOLEAN_TYPE_COERCE', `Value "${wait}" is not a valid boolean.`);
    if (Date.now() < this.stormUntil) return this.limited(this.stormRetryAfter);
    const body = parseJson(request.body);
    if (!String(request.headers['content-type'] ?? '').startsWith('application/json') || !isRecord(body)) return json(400, { message: '400: Bad Request', code: 0 });
    const unknownField = Object.keys(body).find((key) => !FIELDS.has(key));
    if (unknownField) return invalidForm(unknownField, 'UNKNOWN_FIELD', 'Unknown field.');
    const content = body['content'];
    if (content !== undefined && typeof content !== 'string') return invalidForm('content', 'STRING_TYPE_CONVERT', 'Could not interpret the value as string.');
    if (typeof content === 'string' && [...content].length > 2000) return invalidForm('content', 'BASE_TYPE_MAX_LENGTH', 'Must be 2000 or fewer in length.');
    if ((content ?? '').trim() === '' && body['embeds'] === undefined && body['components'] === undefined && body['poll'] === undefined) return json(400, { message: 'Cannot send an empty message', code: 50006 });
    const flags = body['flags'] ?? 0;
    if (typeof flags !== 'number' || !Number.isInteger(flags) || (flags & ~ALLOWED_FLAGS) !== 0) return invalidForm('flags', 'MESSAGE_FLAGS_INVALID', 'Invalid message flags.');
    const mentions = body['allowed_mentions'];
    if (mentions !== undefined && (!isRecord(mentions) || (mentions['parse'] !== undefined && (!Array.isArray(mentions['parse']) || mentions['parse'].some((p) => !['roles', 'users', 'everyone'].includes(String(p))))))) {
      return invalidForm('allowed_mentions', 'MODEL_TYPE_CONVERT', 'Invalid allowed mentions.');
    }
    const waitMs = hook.bucket.take();
    if (waitMs > 0) return this.limited(waitMs / 1000, hook.bucket);
    const at = Date.now();
    this.posts.push({ webhookId: id, content: typeof content === 'string' ? content : '', flags, at });
    const headers = this.bucketHeaders(hook.bucket);
    if (wait === 'true' || wait === 'True' || wait === '1') {
      return json(200, { id: String(this.nextMessageId++), type: 0, content, channel_id: '1000000000000000001', webhook_id: id, flags, timestamp: new Date(at).toISOString(), tts: false, mention_everyone: false, mentions: [], attachments: [], embeds: [] }, headers);
    }
    return { status: 204, headers };
  }

  private bucketHeaders(bucket: TokenBucket): Record<string, string> {
    const resetAfter = bucket.remaining > 0 ? 0 : BUCKET.windowMs / BUCKET.limit / 1000;
    return {
      'x-ratelimit-limit': String(BUCKET.limit),
      'x-ratelimit-remaining': String(bucket.remaining),
      'x-ratelimit-reset': ((Date.now() + resetAfter * 1000) / 1000).toFixed(3),
      'x-ratelimit-reset-after': resetAfter.toFixed(3),
      'x-ratelimit-bucket': 'halyardstubbucket',
    };
  }

  private limited(retryAfterSeconds: number, bucket?: TokenBucket): StubAnswer {
    return json(
      429,
      { message: 'You are being rate limited.', retry_after: Number(retryAfterSeconds.toFixed(3)), global: false },
      { 'retry-after': String(Math.ceil(retryAfterSeconds)), 'x-ratelimit-scope': 'user', ...(bucket ? this.bucketHeaders(bucket) : {}) },
    );
  }
}
