import { reportsKeyPermissions } from '../exchange/key-permissions.js';
import { z } from 'zod';
import type { AccountView } from '../api/contract/accounts.js';
import { ApiError } from '../api/errors.js';
import { supportedExchangeIds } from '../exchange/ccxt-client.js';
import type { Keychain } from '../secrets/keychain.js';
import type { HalyardStore } from '../store/store.js';
import type { AccountRecord } from '../store/repositories/accounts.js';
import { StoreError } from '../store/errors.js';
import type { HandlerMap } from './handlers/merge.js';

/** What the exchange adapter needs to sign requests. Core-only: never returned by any API command. */
export interface ExchangeCredentials {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly passphrase?: string;
}

const credentialsSchema = z.object({ apiKey: z.string(), apiSecret: z.string(), passphrase: z.string().optional() });

/** Keychain account of an exchange account's credentials: `<exchange>:<label>`. */
export function credentialsAccount(account: Pick<AccountRecord, 'exchange' | 'label'>): string {
  return `${account.exchange}:${account.label}`;
}

/**
 * Exchange accounts: the row (what the UI may see) in the store, key/secret/passphrase in the keychain.
 * Secrets only ever flow inward — into the keychain and, through `credentials`, to the exchange adapter.
 * Every change is written to the audit log.
 */
export class AccountsService {
  /** The credential change in progress: changes run one at a time (see `serially`). */
  private changing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: HalyardStore,
    private readonly keychain: Keychain,
    /** Why credentials cannot be stored right now (keychain down, database not persisted), or null. */
    private readonly blocked: () => string | null,
  ) {}

  handlers(): HandlerMap {
    return {
      'accounts.list': async () => this.store.accounts.list().map(toView),
      'accounts.add': ({ exchange, label, apiKey, apiSecret, passphrase, sandbox, baseUrl }) => this.serially(async () => {
        this.requireWritable();
        if (!supportedExchangeIds().includes(exchange)) {
          const message = `exchange "${exchange}" is not one exchanges.list offers`;
          throw new ApiError('bad_request', `exchange: "${exchange}" is not an exchange ccxt supports (${message})`, [{ path: 'exchange', message }]);
        }
        if (this.store.accounts.findByLabel(exchange, label)) throw new ApiError('rejected', `An account "${label}" on ${exchange} already exists`);
        const secrets = normalise({ apiKey, apiSecret, passphrase });
        await this.saveSecrets({ exchange, label }, secrets);
        try {
          const account = this.store.transaction(() => {
            const record = this.store.accounts.insert({ exchange, label, sandbox, baseUrl: baseUrl ?? null, keyLast4: last4(secrets.apiKey), hasPassphrase: secrets.passphrase !== undefined });
            this.audit('account_added', record, { sandbox, baseUrl: baseUrl ?? null });
            return record;
          });
          return toView(account);
        } catch (error) {
          // Nothing may stay behind in the keychain for an account that does not exist.
          await this.keychain.remove(credentialsAccount({ exchange, label }));
          throw asApiError(error);
        }
      }),
      'accounts.replaceCredentials': ({ id, apiKey, apiSecret, passphrase }) => this.serially(async () => {
        this.requireWritable();
        const account = this.require(id);
        // An armed account keeps signing with the key it was armed with: the row must not show a key that is not
        // the one trading, nor may a new key skip the checks arming makes (accepted by the venue, cannot withdraw).
        if (account.mode === 'live') throw new ApiError('rejected', `${account.exchange}:${account.label} is armed for live trading: disarm it before replacing its keys, then arm it again (arming checks the new key with ${account.exchange})`);
        const secrets = normalise({ apiKey, apiSecret, passphrase });
        await this.saveSecrets(account, secrets);
        const updated = this.store.transaction(() => {
          const record = this.store.accounts.updateCredentialHints(id, last4(secrets.apiKey), secrets.passphrase !== undefined);
          this.audit('credentials_replaced', record, {});
          return record;
        });
        return toView(updated);
      }),
      'accounts.remove': ({ id }) => this.serially(async () => {
        this.requireWritable();
        const account = this.require(id);
        if (account.mode === 'live') throw new ApiError('rejected', `${account.exchange}:${account.label} is armed for live trading: disarm it before deleting it`);
        // Keychain first: if it fails the row stays, so the trader can retry and no secret is orphaned.
        const removed = await this.keychain.remove(credentialsAccount(account));
        if (!removed.ok) throw new ApiError('unavailable', removed.problem.message);
        this.store.transaction(() => {
          this.store.accounts.remove(id);
          this.audit('account_removed', account, {});
        });
        return { removed: true as const };
      }),
    };
  }

  /**
   * Runs credential changes one at a time. Each checks the store, awaits the keychain, then writes the
   * store: two at once (an Add clicked twice, two windows) would both pass the check, and the loser's
   * clean-up would delete the keychain entry of the account the winner just saved.
   */
  private serially<T>(change: () => Promise<T>): Promise<T> {
    const result = this.changing.then(change);
    this.changing = result.catch(() => undefined);
    return result;
  }

  /** The account's credentials for the exchange adapter; null when the keychain has none. */
  async credentials(accountId: number): Promise<ExchangeCredentials | null> {
    const account = this.store.accounts.get(accountId);
    if (!account) return null;
    const stored = await this.keychain.read(credentialsAccount(account));
    if (!stored.ok) throw new ApiError('unavailable', stored.problem.message);
    if (stored.value === null) return null;
    const parsed = credentialsSchema.safeParse(safeJson(stored.value));
    if (!parsed.success) throw new ApiError('unavailable', `The keychain entry for ${account.label} on ${account.exchange} is damaged; replace the credentials.`);
    return parsed.data;
  }

  private async saveSecrets(account: Pick<AccountRecord, 'exchange' | 'label'>, secrets: ExchangeCredentials): Promise<void> {
    const written = await this.keychain.write(credentialsAccount(account), JSON.stringify(secrets));
    if (!written.ok) throw new ApiError('unavailable', written.problem.message);
  }

  private requireWritable(): void {
    const reason = this.blocked();
    if (reason) throw new ApiError('unavailable', reason);
  }

  private require(id: number): AccountRecord {
    const account = this.store.accounts.get(id);
    if (!account) throw new ApiError('not_found', `There is no account with id ${id}`);
    return account;
  }

  private audit(action: string, account: AccountRecord, extra: Record<string, unknown>): void {
    this.store.audit.append({ category: 'credentials', action, source: 'user', detail: { accountId: account.id, exchange: account.exchange, label: account.label, ...extra } });
  }
}

function normalise(input: { apiKey: string; apiSecret: string; passphrase?: string }): ExchangeCredentials {
  const passphrase = input.passphrase?.trim();
  return passphrase ? { apiKey: input.apiKey, apiSecret: input.apiSecret, passphrase } : { apiKey: input.apiKey, apiSecret: input.apiSecret };
}

function last4(apiKey: string): string {
  return apiKey.slice(-4);
}

export function toView(account: AccountRecord): AccountView {
  return {
    id: account.id,
    exchange: account.exchange,
    label: account.label,
    mode: account.mode,
    sandbox: account.sandbox,
    baseUrl: account.baseUrl,
    hasKey: account.keyLast4 !== null,
    maskedKey: account.keyLast4 === null ? null : `••••${account.keyLast4}`,
    hasPassphrase: account.hasPassphrase,
    keyPermissions: reportsKeyPermissions(account.exchange) ? 'checked' : 'unknown',
    createdAt: account.createdAt,
  };
}

function asApiError(error: unknown): unknown {
  if (error instanceof StoreError && error.kind === 'conflict') return new ApiError('rejected', error.message);
  return error;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
