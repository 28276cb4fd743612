import type { AccountRecord } from '../../accounts/account-record.js';
export type { AccountRecord } from '../../accounts/account-record.js';
import type { SqliteDatabase } from '../db.js';
import { StoreError } from '../errors.js';


export interface NewAccount {
  readonly exchange: string;
  readonly label: string;
  readonly sandbox: boolean;
  readonly baseUrl: string | null;
  readonly keyLast4: string | null;
  readonly hasPassphrase: boolean;
}

interface AccountRow {
  id: number;
  exchange: string;
  label: string;
  mode: 'paper' | 'live';
  sandbox: number;
  base_url: string | null;
  key_last4: string | null;
  has_passphrase: number;
  created_at: number;
  updated_at: number;
}

const COLUMNS = 'id, exchange, label, mode, sandbox, base_url, key_last4, has_passphrase, created_at, updated_at';

export class AccountRepository {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number,
  ) {}

  list(): AccountRecord[] {
    return this.db.prepare<[], AccountRow>(`SELECT ${COLUMNS} FROM accounts ORDER BY exchange, label`).all().map(toRecord);
  }

  get(id: number): AccountRecord | null {
    const row = this.db.prepare<[number], AccountRow>(`SELECT ${COLUMNS} FROM accounts WHERE id = ?`).get(id);
    return row ? toRecord(row) : null;
  }

  findByLabel(exchange: string, label: string): AccountRecord | null {
    const row = this.db.prepare<[string, string], AccountRow>(`SELECT ${COLUMNS} FROM accounts WHERE exchange = ? AND label = ?`).get(exchange, label);
    return row ? toRecord(row) : null;
  }

  /** New accounts start in paper mode; going live is a separate, deliberate step. */
  insert(account: NewAccount): AccountRecord {
    if (this.findByLabel(account.exchange, account.label)) {
      throw new StoreError('conflict', `An account "${account.label}" on ${account.exchange} already exists`);
    }
    const at = this.now();
    const result = this.db
      .prepare(
        `INSERT INTO accounts (exchange, label, mode, sandbox, base_url, key_last4, has_passphrase, created_at, updated_at)
         VALUES (?, ?, 'paper', ?, ?, ?, ?, ?, ?)`,
      )
      .run(account.exchange, account.label, account.sandbox ? 1 : 0, account.baseUrl, account.keyLast4, account.hasPassphrase ? 1 : 0, at, at);
    return this.require(Number(result.lastInsertRowid));
  }

  updateCredentialHints(id: number, keyLast4: string, hasPassphrase: boolean): AccountRecord {
    this.db.prepare('UPDATE accounts SET key_last4 = ?, has_passphrase = ?, updated_at = ? WHERE id = ?').run(keyLast4, hasPassphrase ? 1 : 0, this.now(), id);
    return this.require(id);
  }

  setMode(id: number, mode: 'paper' | 'live'): AccountRecord {
    this.db.prepare('UPDATE accounts SET mode = ?, updated_at = ? WHERE id = ?').run(mode, this.now(), id);
    return this.require(id);
  }

  remove(id: number): boolean {
    return this.db.prepare('DELETE FROM accounts WHERE id = ?').run(id).changes > 0;
  }

  private require(id: number): AccountRecord {
    const account = this.get(id);
    if (!account) throw new StoreError('not_found', `There is no account with id ${id}`);
    return account;
  }
}

function toRecord(row: AccountRow): AccountRecord {
  return {
    id: row.id,
    exchange: row.exchange,
    label: row.label,
    mode: row.mode,
    sandbox: row.sandbox === 1,
    baseUrl: row.base_url,
    keyLast4: row.key_last4,
    hasPassphrase: row.has_passphrase === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
