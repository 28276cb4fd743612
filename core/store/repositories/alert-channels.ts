import type { AlertChannelRecord, AlertChannelStore, AlertDeliveryRecord, NewAlertChannel } from '../../alerts/ports.js';
import type { SqliteDatabase } from '../db.js';
import { StoreError } from '../errors.js';

interface ChannelRow {
  id: number;
  kind: AlertChannelRecord['kind'];
  name: string;
  secret_ref: string;
  target: string;
  chat_id: string | null;
  api_base_url: string | null;
  routing: string;
  allowed_chat_ids: string;
  enabled: number;
  created_at: number;
}

interface DeliveryRow {
  id: number;
  channel_id: number;
  created_at: number;
  updated_at: number;
  kind: string;
  level: AlertDeliveryRecord['level'];
  text: string;
  status: AlertDeliveryRecord['status'];
  attempts: number;
  detail: string | null;
}

/** Delivery log entries kept per channel: enough to see what happened today, bounded forever. */
const KEEP_PER_CHANNEL = 500;

/**
 * Alert channels and their delivery log. Rows never hold a token or a webhook URL: those are in the
 * keychain under `secret_ref`. Routing and the allow-list are JSON the alerts domain validates.
 */
export class AlertChannelRepository implements AlertChannelStore {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number,
  ) {}

  list(): AlertChannelRecord[] {
    return this.db.prepare<[], ChannelRow>('SELECT * FROM alert_channels ORDER BY id').all().map(toChannel);
  }

  get(id: number): AlertChannelRecord | null {
    const row = this.db.prepare<[number], ChannelRow>('SELECT * FROM alert_channels WHERE id = ?').get(id);
    return row ? toChannel(row) : null;
  }

  insert(channel: NewAlertChannel): AlertChannelRecord {
    if (this.db.prepare('SELECT 1 FROM alert_channels WHERE name = ?').get(channel.name)) throw new StoreError('conflict', `An alert channel named "${channel.name}" already exists`);
    const result = this.db
      .prepare(
        `INSERT INTO alert_channels (kind, name, secret_ref, target, chat_id, api_base_url, routing, allowed_chat_ids, enabled, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
      )
      .run(channel.kind, channel.name, channel.secretRef, channel.target, channel.chatId, channel.apiBaseUrl, JSON.stringify(channel.routing), JSON.stringify(channel.allowedChatIds), this.now());
    return this.require(Number(result.lastInsertRowid));
  }

  update(id: number, changes: { readonly name?: string; readonly enabled?: boolean; readonly routing?: unknown; readonly allowedChatIds?: unknown }): AlertChannelRecord {
    const current = this.require(id);
    if (changes.name !== undefined && changes.name !== current.name && this.db.prepare('SELECT 1 FROM alert_channels WHERE name = ?').get(changes.name)) {
      throw new StoreError('conflict', `An alert channel named "${changes.name}" already exists`);
    }
    this.db
      .prepare('UPDATE alert_channels SET name = ?, enabled = ?, routing = ?, allowed_chat_ids = ? WHERE id = ?')
      .run(
        changes.name ?? current.name,
        (changes.enabled ?? current.enabled) ? 1 : 0,
        JSON.stringify(changes.routing ?? current.routing),
        JSON.stringify(changes.allowedChatIds ?? current.allowedChatIds),
        id,
      );
    return this.require(id);
  }

  /** Removes the channel and its delivery log. */
  remove(id: number): boolean {
    return this.db.prepare('DELETE FROM alert_channels WHERE id = ?').run(id).changes > 0;
  }

  addDelivery(entry: Pick<AlertDeliveryRecord, 'channelId' | 'kind' | 'level' | 'text'>): AlertDeliveryRecord {
    const at = this.now();
    const result = this.db
      .prepare(`INSERT INTO alert_deliveries (channel_id, created_at, updated_at, kind, level, text, status, attempts, detail) VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, NULL)`)
      .run(entry.channelId, at, at, entry.kind, entry.level, entry.text);
    const id = Number(result.lastInsertRowid);
    // Bounded: the oldest entries of this channel beyond the last KEEP_PER_CHANNEL go.
    this.db
      .prepare('DELETE FROM alert_deliveries WHERE channel_id = ? AND id < (SELECT min(id) FROM (SELECT id FROM alert_deliveries WHERE channel_id = ? ORDER BY id DESC LIMIT ?))')
      .run(entry.channelId, entry.channelId, KEEP_PER_CHANNEL);
    return this.requireDelivery(id);
  }

  /** Null when the entry is gone (its channel was removed meanwhile). */
  updateDelivery(id: number, status: AlertDeliveryRecord['status'], attempts: number, detail: string | null): AlertDeliveryRecord | null {
    this.db.prepare('UPDATE alert_deliveries SET status = ?, attempts = ?, detail = ?, updated_at = ? WHERE id = ?').run(status, attempts, detail, this.now(), id);
    const row = this.db.prepare<[number], DeliveryRow>('SELECT * FROM alert_deliveries WHERE id = ?').get(id);
    return row ? toDelivery(row) : null;
  }

  /** Newest first. */
  deliveries(channelId: number, limit: number): AlertDeliveryRecord[] {
    return this.db.prepare<[number, number], DeliveryRow>('SELECT * FROM alert_deliveries WHERE channel_id = ? ORDER BY id DESC LIMIT ?').all(channelId, limit).map(toDelivery);
  }

  /** Entries left `queued` or `retrying` by a process that ended (they were never sent). */
  abandonUnfinished(detail: string): number {
    return this.db.prepare(`UPDATE alert_deliveries SET status = 'failed', detail = ?, updated_at = ? WHERE status IN ('queued', 'retrying')`).run(detail, this.now()).changes;
  }

  private require(id: number): AlertChannelRecord {
    const channel = this.get(id);
    if (!channel) throw new StoreError('not_found', `There is no alert channel with id ${id}`);
    return channel;
  }

  private requireDelivery(id: number): AlertDeliveryRecord {
    const row = this.db.prepare<[number], DeliveryRow>('SELECT * FROM alert_deliveries WHERE id = ?').get(id);
    if (!row) throw new StoreError('not_found', `There is no delivery log entry ${id}`);
    return toDelivery(row);
  }
}

function toChannel(row: ChannelRow): AlertChannelRecord {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    secretRef: row.secret_ref,
    target: row.target,
    chatId: row.chat_id,
    apiBaseUrl: row.api_base_url,
    routing: JSON.parse(row.routing) as unknown,
    allowedChatIds: JSON.parse(row.allowed_chat_ids) as unknown,
    enabled: row.enabled === 1,
    createdAt: row.created_at,
  };
}

function toDelivery(row: DeliveryRow): AlertDeliveryRecord {
  return {
    id: row.id,
    channelId: row.channel_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    kind: row.kind,
    level: row.level,
    text: row.text,
    status: row.status,
    attempts: row.attempts,
    detail: row.detail,
  };
}
