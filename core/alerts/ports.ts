import type { ChannelKind } from './model.js';

/**
 * What the alerts domain needs from the outside world, declared here and implemented by adapters:
 * the store's alert-channel repository, a settings table, the audit log and the OS keychain.
 */

/** A channel as stored: never a token or a webhook URL (those are in the keychain under `secretRef`). */
export interface AlertChannelRecord {
  readonly id: number;
  readonly kind: ChannelKind;
  readonly name: string;
  readonly secretRef: string;
  readonly target: string;
  readonly chatId: string | null;
  readonly apiBaseUrl: string | null;
  /** JSON as stored; the domain validates it. */
  readonly routing: unknown;
  readonly allowedChatIds: unknown;
  readonly enabled: boolean;
  readonly createdAt: number;
}

export type NewAlertChannel = Omit<AlertChannelRecord, 'id' | 'createdAt' | 'enabled'>;

export interface AlertDeliveryRecord {
  readonly id: number;
  readonly channelId: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly kind: string;
  readonly level: 'info' | 'warning' | 'critical';
  readonly text: string;
  readonly status: 'queued' | 'sent' | 'retrying' | 'failed' | 'dropped';
  readonly attempts: number;
  readonly detail: string | null;
}

export interface AlertChannelStore {
  list(): AlertChannelRecord[];
  get(id: number): AlertChannelRecord | null;
  insert(channel: NewAlertChannel): AlertChannelRecord;
  update(id: number, changes: { readonly name?: string; readonly enabled?: boolean; readonly routing?: unknown; readonly allowedChatIds?: unknown }): AlertChannelRecord;
  remove(id: number): boolean;
  addDelivery(entry: Pick<AlertDeliveryRecord, 'channelId' | 'kind' | 'level' | 'text'>): AlertDeliveryRecord;
  updateDelivery(id: number, status: AlertDeliveryRecord['status'], attempts: number, detail: string | null): AlertDeliveryRecord | null;
  deliveries(channelId: number, limit: number): AlertDeliveryRecord[];
  abandonUnfinished(detail: string): number;
}

/** Key/value JSON settings (the report schedule, price alerts). */
export interface JsonSettingsStore {
  getRaw(key: string): unknown;
  set(key: string, value: unknown): void;
}

export interface AuditAppender {
  append(entry: { readonly category: 'remote' | 'credentials' | 'settings'; readonly action: string; readonly source: string; readonly detail: Readonly<Record<string, unknown>> }): unknown;
}

type KeychainResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: { readonly message: string } };

/** The OS keychain (core/secrets/keychain.ts implements it). */
export interface SecretVault {
  read(account: string): Promise<KeychainResult<string | null>>;
  write(account: string, secret: string): Promise<KeychainResult<void>>;
  remove(account: string): Promise<KeychainResult<boolean>>;
}

/** A price alert as stored (core/store/repositories/price-alerts.ts implements the store). */
export interface PriceAlertRecord {
  readonly id: number;
  readonly symbol: string;
  readonly direction: 'above' | 'below' | 'crossing';
  readonly price: number;
  readonly repeat: 'once' | 'every';
  readonly createdAt: number;
  /** Its latest firing; null while it never fired. */
  readonly triggeredAt: number | null;
  readonly fireCount: number;
}

export interface PriceAlertStore {
  list(): PriceAlertRecord[];
  insert(alert: Omit<PriceAlertRecord, 'id' | 'triggeredAt' | 'fireCount'>): PriceAlertRecord;
  remove(id: number): boolean;
  /** Records a firing at `time`. */
  fired(id: number, time: number): void;
}
