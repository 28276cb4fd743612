import { randomUUID } from 'node:crypto';
import type { AddChannelRequest } from '../api/contract/alerts.js';
import { ApiError } from '../api/errors.js';
import { channelSecretSchema, planChannel, secretStrings, type ChannelPlan, type ChannelSecret } from './channel-config.js';
import { TelegramBotApi, TELEGRAM_API } from './channels/telegram.js';
import { DEFAULT_ROUTING, type ChannelRouting } from './model.js';
import type { AlertChannelRecord, AlertChannelStore, AuditAppender, SecretVault } from './ports.js';

export interface ChannelAdminOptions {
  readonly store: AlertChannelStore;
  readonly vault: SecretVault;
  readonly audit: AuditAppender;
  /** Why secrets cannot be stored now (keychain down, database not persisted), or null. */
  readonly blocked: () => string | null;
}

/**
 * Adds, changes and removes channels. The secret goes to the keychain first and the row second (a
 * failed insert takes the keychain entry back out); removal deletes the keychain entry first, so a
 * failure leaves the row for a retry and never an orphaned secret. Changes are audited, never with
 * the secret.
 */
export class ChannelAdmin {
  constructor(private readonly options: ChannelAdminOptions) {}

  async add(input: AddChannelRequest): Promise<{ record: AlertChannelRecord; secret: ChannelSecret }> {
    this.requireWritable();
    const plan = planChannel(input);
    if (this.options.store.list().some((channel) => channel.name === input.name)) throw new ApiError('rejected', `An alert channel named "${input.name}" already exists`, [{ path: 'name', message: 'already used' }]);
    const target = plan.kind === 'telegram' ? await this.checkTelegram(plan) : plan.target;
    const secretRef = `alert-channel:${randomUUID()}`;
    const written = await this.options.vault.write(secretRef, JSON.stringify(plan.secret));
    if (!written.ok) throw new ApiError('unavailable', written.problem.message);
    try {
      const routing: ChannelRouting = input.routing ?? DEFAULT_ROUTING;
      const allowedChatIds = input.kind === 'telegram' ? input.allowedChatIds : [];
      const record = this.options.store.insert({ kind: plan.kind, name: input.name, secretRef, target, chatId: plan.chatId, apiBaseUrl: plan.apiBaseUrl, routing, allowedChatIds });
      this.options.audit.append({ category: 'credentials', action: 'alert_channel_added', source: 'user', detail: { channelId: record.id, kind: record.kind, name: record.name, target, testServer: plan.apiBaseUrl !== null, allowedChatIds } });
      return { record, secret: plan.secret };
    } catch (error) {
      await this.options.vault.remove(secretRef);
      throw error;
    }
  }

  update(id: number, changes: { readonly name?: string | undefined; readonly enabled?: boolean | undefined; readonly routing?: ChannelRouting | undefined; readonly allowedChatIds?: readonly string[] | undefined }): AlertChannelRecord {
    const current = this.require(id);
    if (changes.allowedChatIds !== undefined && changes.allowedChatIds.length > 0 && current.kind !== 'telegram') {
      throw new ApiError('bad_request', 'allowedChatIds: only Telegram channels take commands', [{ path: 'allowedChatIds', message: 'only Telegram channels take commands' }]);
    }
    const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    const record = this.options.store.update(id, defined);
    this.options.audit.append({ category: 'settings', action: 'alert_channel_updated', source: 'user', detail: { channelId: id, name: record.name, ...defined } });
    return record;
  }

  async remove(id: number): Promise<AlertChannelRecord> {
    this.requireWritable();
    const channel = this.require(id);
    const removed = await this.options.vault.remove(channel.secretRef);
    if (!removed.ok) throw new ApiError('unavailable', removed.problem.message);
    this.options.store.remove(id);
    this.options.audit.append({ category: 'credentials', action: 'alert_channel_removed', source: 'user', detail: { channelId: id, kind: channel.kind, name: channel.name } });
    return channel;
  }

  /** The channel's secret from the keychain, or why it cannot be had. */
  async secret(channel: AlertChannelRecord): Promise<{ secret: ChannelSecret | null; problem: string | null }> {
    const stored = await this.options.vault.read(channel.secretRef);
    if (!stored.ok) return { secret: null, problem: stored.problem.message };
    if (stored.value === null) return { secret: null, problem: 'its token or URL is missing from the keychain: remove the channel and add it again' };
    const parsed = channelSecretSchema.safeParse(safeJson(stored.value));
    return parsed.success ? { secret: parsed.data, problem: null } : { secret: null, problem: 'its keychain entry is damaged: remove the channel and add it again' };
  }

  /** A channel's delivery log, newest first. */
  deliveries(channelId: number, limit: number) {
    return this.options.store.deliveries(channelId, limit);
  }

  require(id: number): AlertChannelRecord {
    const channel = this.options.store.get(id);
    if (!channel) throw new ApiError('not_found', `There is no alert channel with id ${id}`);
    return channel;
  }

  private requireWritable(): void {
    const reason = this.options.blocked();
    if (reason) throw new ApiError('unavailable', reason);
  }

  /** getMe: a token Telegram refuses is refused here, before it is stored. */
  private async checkTelegram(plan: ChannelPlan): Promise<string> {
    if (!('botToken' in plan.secret)) return plan.target;
    const bot = new TelegramBotApi(plan.secret.botToken, plan.apiBaseUrl ?? TELEGRAM_API);
    const me = await bot.getMe(AbortSignal.timeout(20_000));
    const scrub = (text: string) => secretStrings(plan.secret).reduce((clean, secret) => clean.split(secret).join('[secret]'), text);
    if (!me.ok) {
      const detail = scrub(me.outcome.detail);
      if (me.outcome.kind === 'permanent') throw new ApiError('rejected', `Telegram did not accept the bot token: ${detail}`, [{ path: 'botToken', message: 'not accepted by Telegram' }]);
      throw new ApiError('unavailable', `Telegram could not be reached to check the bot token: ${detail}`);
    }
    return `${me.result.username ? `@${me.result.username}` : 'bot'} → ${plan.target}`;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
