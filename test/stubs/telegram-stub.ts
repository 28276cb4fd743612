import { isRecord, json, LoopbackServer, parseJson, TokenBucket, type StubAnswer, type StubRequest } from './loopback-server.js';

/**
 * A loopback Telegram Bot API server, written from https://core.telegram.org/bots/api:
 * - "Making requests": `/bot<token>/METHOD_NAME`, GET or POST, parameters in the query string,
 *   application/x-www-form-urlencoded or application/json; every answer is `{ok, result}` or
 *   `{ok:false, error_code, description, parameters?}`. Method names are case-insensitive.
 * - A token the server cannot read is 404 "Not Found"; an unknown bot is 401 "Unauthorized"
 *   (the telegram-bot-api server, tdlib/telegram-bot-api, answers exactly these).
 * - getMe (no parameters) → the bot's User; sendMessage → the sent Message, with the documented
 *   refusals: "Bad Request: chat_id is empty", "Bad Request: message text is empty", "Bad Request:
 *   message is too long" (over 4096 characters), "Bad Request: chat not found".
 * - getUpdates: `offset` confirms every update below it ("An update is considered confirmed as soon as
 *   getUpdates is called with an offset higher than its update_id"); `limit` 1–100; `timeout` long-polls
 *   until an update arrives; unconfirmed updates are kept, but "not longer than 24 hours"; a message's
 *   `date` is "Date the message was sent in Unix time" (seconds); a second poll for the same bot ends
 *   the first with 409 "Conflict: terminated by other getUpdates request; make sure that only one bot
 *   instance is running".
 * - Flood control (Bot FAQ, "My bot is hitting limits"): about one message per second per chat with
 *   short bursts; beyond it 429 "Too Many Requests: retry after N" with `parameters.retry_after` = N
 *   (the server's Query::set_retry_after_error).
 * - Every answer carries an HTTP `Date` header from the server's clock, as api.telegram.org's do (RFC 9110
 *   §6.6.1: an origin server with a clock must send one); `date` fields and the 24 h expiry use the same
 *   clock, which `clockAheadMs` sets apart from the computer's (a computer clock that is off).
 * Unlike the real server, a parameter a method does not document is refused (400 "Bad Request:
 * unexpected parameter …"), so a misspelt parameter cannot pass a test unnoticed.
 */
export interface TelegramMessageSent {
  readonly token: string;
  readonly chatId: string;
  readonly text: string;
  readonly disableNotification: boolean;
  readonly at: number;
}

interface Bot {
  readonly id: number;
  readonly token: string;
  readonly username: string;
  readonly updates: Record<string, unknown>[];
  nextUpdateId: number;
  nextMessageId: number;
  poll: { resolve: (answer: StubAnswer) => void; timer: NodeJS.Timeout } | null;
}

const SEND_MESSAGE_PARAMS = new Set(['chat_id', 'text', 'parse_mode', 'entities', 'link_preview_options', 'disable_notification', 'protect_content', 'reply_parameters', 'reply_markup', 'message_thread_id', 'business_connection_id', 'allow_paid_broadcast', 'message_effect_id']);
const GET_UPDATES_PARAMS = new Set(['offset', 'limit', 'timeout', 'allowed_updates']);

const fail = (code: number, description: string, parameters?: Record<string, number>) => json(code, { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) });
const ok = (result: unknown) => json(200, { ok: true, result });

export class TelegramStub extends LoopbackServer {
  readonly sent: TelegramMessageSent[] = [];
  private readonly bots = new Map<string, Bot>();
  private readonly chats = new Set<string>();
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly floods = new Map<string, { count: number; retryAfter: number }>();
  private failures: { method: string; count: number; status: number } | null = null;
  /** How far Telegram's clock is ahead of this computer's (negative: behind), in ms. */
  clockAheadMs = 0;

  /** Telegram's clock. */
  now(): number {
    return Date.now() + this.clockAheadMs;
  }

  protected override answerHeaders(): Record<string, string> {
    return { date: new Date(this.now()).toUTCString() };
  }

  /** A bot the stub knows; its token is `<id>:<35 characters>` like BotFather's. */
  addBot(token: string, username: string): void {
    this.bots.set(token, { id: Number(token.split(':')[0]), token, username, updates: [], nextUpdateId: 100_000, nextMessageId: 1, poll: null });
  }

  /** A chat the bots may write to (a user who pressed Start, or a group the bot is in). */
  addChat(chatId: string): void {
    this.chats.add(chatId);
  }

  /**
   * A user writes `text` in `chatId`: an update for the bot's next (or pending) getUpdates. `sentAt`
   * (ms on Telegram's clock, default now) is when the user sent it — earlier for a message written while no one polled.
   */
  pushMessage(token: string, chatId: string, text: string, sentAt = this.now()): void {
    const bot = this.bots.get(token);
    if (!bot) throw new Error('unknown bot');
    const command = /^\/\S+/.exec(text);
    bot.updates.push({
      update_id: bot.nextUpdateId++,
      message: {
        message_id: bot.nextMessageId++,
        date: Math.floor(sentAt / 1000),
        chat: { id: Number(chatId), type: Number(chatId) < 0 ? 'group' : 'private', ...(Number(chatId) > 0 ? { first_name: 'Trader' } : { title: 'Desk' }) },
        from: { id: Math.abs(Number(chatId)), is_bot: false, first_name: 'Trader' },
        text,
        ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
      },
    });
    this.answerPoll(bot);
  }

  /** The next `count` messages to `chatId` get 429 with `retry_after` seconds. */
  flood(chatId: string, retryAfter: number, count: number): void {
    this.floods.set(chatId, { count, retryAfter });
  }

  /** The next `count` calls of `method` fail with `status` (5xx: Telegram's side is down; the call never reached the Bot API, so a getUpdates confirms nothing). */
  failNext(method: string, count: number, status = 502): void {
    this.failures = { method: method.toLowerCase(), count, status };
  }

  protected override onClose(): void {
    for (const bot of this.bots.values()) {
      if (bot.poll) {
        clearTimeout(bot.poll.timer);
        bot.poll.resolve(ok([]));
        bot.poll = null;
      }
    }
  }

  protected handle(request: StubRequest): Promise<StubAnswer> | StubAnswer {
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(request.path);
    if (!match) return fail(404, 'Not Found');
    const [, token = '', methodName = ''] = match;
    if (!/^\d+:[A-Za-z0-9_-]{30,}$/.test(token)) return fail(404, 'Not Found');
    const bot = this.bots.get(token);
    if (!bot) return fail(401, 'Unauthorized');
    const method = methodName.toLowerCase();
    const params = readParams(request);
    if (params === null) return fail(400, "Bad Request: can't parse JSON object");
    if (this.failures && this.failures.method === method && this.failures.count > 0) {
      this.failures.count--;
      return fail(this.failures.status, this.failures.status === 502 ? 'Bad Gateway' : 'Internal Server Error');
    }
    switch (method) {
      case 'getme':
        if (Object.keys(params).length > 0) return fail(400, `Bad Request: unexpected parameter ${Object.keys(params)[0]}`);
        return ok({ id: bot.id, is_bot: true, first_name: 'Halyard test bot', username: bot.username, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false });
      case 'sendmessage':
        return this.sendMessage(bot, params);
      case 'getupdates':
        return this.getUpdates(bot, params);
      default:
        return fail(404, 'Not Found');
    }
  }

  private sendMessage(bot: Bot, params: Record<string, unknown>): StubAnswer {
    const unexpected = Object.keys(params).find((key) => !SEND_MESSAGE_PARAMS.has(key));
    if (unexpected) return fail(400, `Bad Request: unexpected parameter ${unexpected}`);
    const chatId = params['chat_id'] === undefined ? '' : String(params['chat_id']);
    if (chatId === '') return fail(400, 'Bad Request: chat_id is empty');
    const text = typeof params['text'] === 'string' ? params['text'] : params['text'] === undefined ? '' : String(params['text']);
    if (text.trim() === '') return fail(400, 'Bad Request: message text is empty');
    if ([...text].length > 4096) return fail(400, 'Bad Request: message is too long');
    if (params['parse_mode'] !== undefined && !['HTML', 'Markdown', 'MarkdownV2'].includes(String(params['parse_mode']))) return fail(400, `Bad Request: unsupported parse_mode`);
    const silent = params['disable_notification'];
    if (silent !== undefined && typeof silent !== 'boolean' && silent !== 'true' && silent !== 'false') return fail(400, 'Bad Request: disable_notification must be a Boolean');
    if (params['link_preview_options'] !== undefined && !isRecord(params['link_preview_options'])) return fail(400, "Bad Request: can't parse link preview options JSON object");
    if (!this.chats.has(chatId)) return fail(400, 'Bad Request: chat not found');
    const flood = this.floods.get(chatId);
    if (flood && flood.count > 0) {
      flood.count--;
      return fail(429, `Too Many Requests: retry after ${flood.retryAfter}`, { retry_after: flood.retryAfter });
    }
    let bucket = this.buckets.get(`${bot.token}|${chatId}`);
    if (!bucket) this.buckets.set(`${bot.token}|${chatId}`, (bucket = new TokenBucket(3, 1_000)));
    const wait = bucket.take();
    if (wait > 0) {
      const retryAfter = Math.ceil(wait / 1000);
      return fail(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
    }
    const at = Date.now();
    this.sent.push({ token: bot.token, chatId, text, disableNotification: silent === true || silent === 'true', at });
    return ok({ message_id: bot.nextMessageId++, date: Math.floor(this.now() / 1000), chat: { id: Number(chatId), type: Number(chatId) < 0 ? 'group' : 'private' }, from: { id: bot.id, is_bot: true, first_name: 'Halyard test bot', username: bot.username }, text });
  }

  private getUpdates(bot: Bot, params: Record<string, unknown>): Promise<StubAnswer> | StubAnswer {
    const unexpected = Object.keys(params).find((key) => !GET_UPDATES_PARAMS.has(key));
    if (unexpected) return fail(400, `Bad Request: unexpected parameter ${unexpected}`);
    const offset = params['offset'] === undefined ? 0 : Number(params['offset']);
    const limit = params['limit'] === undefined ? 100 : Number(params['limit']);
    const timeout = params['timeout'] === undefined ? 0 : Number(params['timeout']);
    if (!Number.isInteger(offset) || !Number.isInteger(limit) || !Number.isInteger(timeout) || timeout < 0) return fail(400, 'Bad Request: wrong parameter type');
    if (limit < 1 || limit > 100) return fail(400, 'Bad Request: limit must be between 1 and 100');
    if (params['allowed_updates'] !== undefined && !Array.isArray(params['allowed_updates'])) return fail(400, "Bad Request: can't parse allowed_updates JSON array");
    // "An update is considered confirmed as soon as getUpdates is called with an offset higher than its update_id."
    const expired = Math.floor(this.now() / 1000) - 24 * 3600;
    const kept = bot.updates.filter((update) => (offset <= 0 || (update['update_id'] as number) >= offset) && (update['message'] as { date: number }).date > expired);
    bot.updates.splice(0, bot.updates.length, ...kept);
    if (bot.poll) {
      clearTimeout(bot.poll.timer);
      bot.poll.resolve(fail(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running'));
      bot.poll = null;
    }
    const ready = offset < 0 ? bot.updates.slice(offset) : bot.updates.slice(0, limit);
    if (ready.length > 0 || timeout === 0) return ok(ready);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        bot.poll = null;
        resolve(ok([]));
      }, timeout * 1000);
      bot.poll = { resolve, timer };
    });
  }

  private answerPoll(bot: Bot): void {
    if (!bot.poll) return;
    clearTimeout(bot.poll.timer);
    const { resolve } = bot.poll;
    bot.poll = null;
    resolve(ok(bot.updates.slice(0, 100)));
  }
}

/** Parameters from the query string and a JSON or form body (all three are allowed, merged). */
function readParams(request: StubRequest): Record<string, unknown> | null {
  const params: Record<string, unknown> = Object.fromEntries(request.query);
  const type = String(request.headers['content-type'] ?? '');
  if (request.body.length === 0) return params;
  if (type.startsWith('application/json')) {
    const body = parseJson(request.body);
    if (!isRecord(body)) return null;
    return { ...params, ...body };
  }
  if (type.startsWith('application/x-www-form-urlencoded')) return { ...params, ...Object.fromEntries(new URLSearchParams(request.body)) };
  return null;
}
