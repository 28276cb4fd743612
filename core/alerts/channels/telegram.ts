import { z } from 'zod';
import type { SendOutcome } from '../delivery-queue.js';
import { clip } from '../format.js';
import { request } from './http.js';

/**
 * The few Telegram Bot API methods Halyard uses (https://core.telegram.org/bots/api): `getMe` to check
 * a token, `sendMessage` for alerts and command replies, `getUpdates` (long polling) for commands.
 * Every answer is `{ok:true, result}` or `{ok:false, error_code, description, parameters?}` where
 * `parameters.retry_after` is the wait a 429 asks for ("Making requests", "ResponseParameters").
 */
export const TELEGRAM_API = 'https://api.telegram.org';

/** sendMessage: "Text of the message to be sent, 1-4096 characters after entities parsing". */
export const TELEGRAM_TEXT_LIMIT = 4096;

/** Bot FAQ: "avoid sending more than one message per second" in a chat, and "no more than 20 messages per minute to the same group". */
export function telegramMinIntervalMs(chatId: string): number {
  return chatId.startsWith('-') ? 3_000 : 1_000;
}

const envelopeSchema = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error_code: z.number().int(),
    description: z.string(),
    parameters: z.object({ retry_after: z.number().optional(), migrate_to_chat_id: z.number().optional() }).optional(),
  }),
]);

const userSchema = z.object({ id: z.number(), is_bot: z.boolean(), username: z.string().optional(), first_name: z.string() });

export const telegramUpdateSchema = z.object({
  update_id: z.number().int(),
  message: z
    .object({
      message_id: z.number().int(),
      date: z.number().int(),
      chat: z.object({ id: z.number(), type: z.string() }),
      from: z.object({ id: z.number() }).optional(),
      text: z.string().optional(),
    })
    .optional(),
});
export type TelegramUpdate = z.infer<typeof telegramUpdateSchema>;

type Call<T> = { readonly ok: true; readonly result: T; readonly serverTime?: number | null } | { readonly ok: false; readonly outcome: Exclude<SendOutcome, { ok: true }> };

export class TelegramBotApi {
  private readonly base: string;

  constructor(
    private readonly token: string,
    apiBaseUrl: string = TELEGRAM_API,
  ) {
    this.base = apiBaseUrl.replace(/\/+$/, '');
  }

  /** The bot's @username when the token is accepted. */
  async getMe(signal: AbortSignal): Promise<Call<{ username: string | null }>> {
    const answer = await this.call('getMe', {}, signal);
    if (!answer.ok) return answer;
    const user = userSchema.safeParse(answer.result);
    return user.success ? { ok: true, result: { username: user.data.username ?? null } } : { ok: false, outcome: { ok: false, kind: 'permanent', detail: 'Telegram answered getMe with something that is not a bot' } };
  }

  async sendMessage(chatId: string, text: string, options: { readonly silent: boolean }, signal: AbortSignal): Promise<SendOutcome> {
    const answer = await this.call('sendMessage', { chat_id: chatId, text: clip(text, TELEGRAM_TEXT_LIMIT), disable_notification: options.silent, link_preview_options: { is_disabled: true } }, signal);
    return answer.ok ? { ok: true } : answer.outcome;
  }

  /**
   * Long polling: waits up to `timeoutSeconds` for updates from `offset` on ("An update is considered
   * confirmed as soon as getUpdates is called with an offset higher than its update_id").
   */
  async getUpdates(offset: number | null, timeoutSeconds: number, signal: AbortSignal): Promise<Call<TelegramUpdate[]>> {
    const answer = await this.call('getUpdates', { ...(offset !== null ? { offset } : {}), timeout: timeoutSeconds, allowed_updates: ['message'] }, signal, (timeoutSeconds + 15) * 1000);
    if (!answer.ok) return answer;
    const updates = z.array(z.unknown()).safeParse(answer.result);
    if (!updates.success) return { ok: false, outcome: { ok: false, kind: 'temporary', detail: 'Telegram answered getUpdates with something that is not a list' } };
    // An update of a kind Halyard does not read (or a malformed one) still moves the offset on.
    return {
      ok: true,
      serverTime: answer.serverTime ?? null,
      result: updates.data.flatMap((raw) => {
        const parsed = telegramUpdateSchema.safeParse(raw);
        if (parsed.success) return [parsed.data];
        const id = z.object({ update_id: z.number().int() }).safeParse(raw);
        return id.success ? [{ update_id: id.data.update_id }] : [];
      }),
    };
  }

  private async call(method: string, params: Record<string, unknown>, signal: AbortSignal, timeoutMs?: number): Promise<Call<unknown>> {
    // The token is part of the path (https://api.telegram.org/bot<token>/METHOD_NAME): this URL is never logged or returned.
    const url = new URL(`${this.base}/bot${this.token}/${method}`);
    const result = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params), signal, ...(timeoutMs ? { timeoutMs } : {}) });
    if (!result.ok) return { ok: false, outcome: { ok: false, kind: 'temporary', detail: `Telegram: ${result.detail}` } };
    const { status, body } = result.answer;
    const envelope = envelopeSchema.safeParse(safeJson(body));
    if (!envelope.success) {
      const detail = `Telegram answered HTTP ${status} without its JSON envelope`;
      return { ok: false, outcome: status === 429 || status >= 500 ? { ok: false, kind: 'temporary', detail } : { ok: false, kind: 'permanent', detail } };
    }
    const data = envelope.data;
    // Telegram's own clock when it answered (the HTTP Date header), the clock its messages' `date` is on.
    if (data.ok) return { ok: true, result: data.result, serverTime: httpDate(result.answer.header('date')) };
    return { ok: false, outcome: telegramFailure(data.error_code, data.description, data.parameters) };
  }
}

function telegramFailure(code: number, description: string, parameters: { retry_after?: number | undefined; migrate_to_chat_id?: number | undefined } | undefined): Exclude<SendOutcome, { ok: true }> {
  const detail = `Telegram ${code}: ${description.slice(0, 300)}`;
  if (code === 429) return { ok: false, kind: 'rate_limited', retryAfterMs: Math.max(1, parameters?.retry_after ?? 1) * 1000, detail };
  if (code >= 500) return { ok: false, kind: 'temporary', detail };
  if (parameters?.migrate_to_chat_id !== undefined) return { ok: false, kind: 'permanent', detail: `${detail} (the group is now chat ${parameters.migrate_to_chat_id}: use that chat id)` };
  if (code === 401 || code === 404) return { ok: false, kind: 'permanent', detail: `${detail} (Telegram does not accept the bot token)` };
  return { ok: false, kind: 'permanent', detail };
}

/** An HTTP `Date` header (RFC 9110 §5.6.7, one-second resolution) as ms, or null when absent or unreadable. */
export function httpDate(value: string | null): number | null {
  if (value === null) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : time;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
