import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json.js';
import type { SqliteDatabase } from '../db.js';

/** What an audit entry is about. */
export type AuditCategory = 'emergency_stop' | 'risk' | 'credentials' | 'mode' | 'settings' | 'system' | 'remote';

export interface AuditEntry {
  readonly seq: number;
  readonly at: number;
  readonly category: AuditCategory;
  /** What happened, e.g. `halt`, `rearm`, `account_added`, `limit_hit`. */
  readonly action: string;
  /** Who or what did it: `button`, `shortcut`, `api`, `breaker`, `user`, … */
  readonly source: string;
  /** Why and the particulars (never a secret). */
  readonly detail: Readonly<Record<string, unknown>>;
  readonly prevHash: string;
  readonly hash: string;
}

export type NewAuditEntry = Pick<AuditEntry, 'category' | 'action' | 'source' | 'detail'> & { readonly at?: number };

export interface AuditVerification {
  readonly ok: boolean;
  /** Entries checked. */
  readonly checked: number;
  /** The first problem found, if any. */
  readonly problem: { readonly seq: number; readonly kind: 'modified' | 'missing' | 'truncated'; readonly message: string } | null;
}

interface AuditRow {
  seq: number;
  at: number;
  category: AuditCategory;
  action: string;
  source: string;
  detail: string;
  prev_hash: string;
  hash: string;
}

const GENESIS = '0'.repeat(64);

/**
 * The append-only, hash-chained log of risk and audit events. Each entry's hash covers the previous
 * entry's hash and the entry itself, and `audit_head` (updated in the same transaction) remembers the
 * newest entry, so `verify` detects an edited entry, a deleted one and a lost tail. Triggers refuse
 * UPDATE and DELETE; the chain catches changes made around them (e.g. with an SQL tool and the key).
 */
export class AuditLog {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number,
  ) {}

  append(entry: NewAuditEntry): AuditEntry {
    const write = this.db.transaction((): AuditEntry => {
      const head = this.head();
      const seq = (head?.seq ?? 0) + 1;
      const prevHash = head?.hash ?? GENESIS;
      const body = { seq, at: entry.at ?? this.now(), category: entry.category, action: entry.action, source: entry.source, detail: entry.detail };
      const hash = entryHash(prevHash, body);
      this.db
        .prepare('INSERT INTO audit_log (seq, at, category, action, source, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(seq, body.at, body.category, body.action, body.source, canonicalJson(body.detail), prevHash, hash);
      this.db.prepare('INSERT INTO audit_head (id, seq, hash) VALUES (1, @seq, @hash) ON CONFLICT (id) DO UPDATE SET seq = @seq, hash = @hash').run({ seq, hash });
      return { ...body, prevHash, hash };
    });
    return write.immediate();
  }

  /** Newest first; `beforeSeq` pages back. */
  list(options: { readonly limit: number; readonly beforeSeq?: number; readonly category?: AuditCategory }): AuditEntry[] {
    return this.db
      .prepare<[{ before: number | null; category: string | null; limit: number }], AuditRow>(
        'SELECT * FROM audit_log WHERE (@before IS NULL OR seq < @before) AND (@category IS NULL OR category = @category) ORDER BY seq DESC LIMIT @limit',
      )
      .all({ before: options.beforeSeq ?? null, category: options.category ?? null, limit: options.limit })
      .map(toEntry);
  }

  /** Walks the whole chain from the first entry and checks it against the recorded head. */
  verify(): AuditVerification {
    let expectedSeq = 1;
    let prevHash = GENESIS;
    let checked = 0;
    for (const row of this.db.prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY seq').iterate()) {
      if (row.seq !== expectedSeq) {
        return failed(checked, expectedSeq, 'missing', `audit entry ${expectedSeq} is missing: the chain jumps to entry ${row.seq}`);
      }
      if (row.prev_hash !== prevHash) {
        return failed(checked, row.seq, 'modified', `audit entry ${row.seq} does not link to entry ${row.seq - 1}: the chain was rewritten`);
      }
      const entry = toEntry(row);
      if (entryHash(prevHash, { seq: entry.seq, at: entry.at, category: entry.category, action: entry.action, source: entry.source, detail: entry.detail }) !== row.hash) {
        return failed(checked, row.seq, 'modified', `audit entry ${row.seq} (${row.category}/${row.action}) was changed after it was written`);
      }
      checked++;
      prevHash = row.hash;
      expectedSeq++;
    }
    const head = this.head();
    const lastSeq = expectedSeq - 1;
    if ((head?.seq ?? 0) !== lastSeq || (head !== null && head.hash !== prevHash)) {
      return failed(checked, lastSeq + 1, 'truncated', `the audit log ends at entry ${lastSeq}, but entry ${head?.seq ?? 0} was the last one written: entries were removed`);
    }
    return { ok: true, checked, problem: null };
  }

  private head(): { seq: number; hash: string } | null {
    return this.db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1').get() ?? null;
  }
}

function entryHash(prevHash: string, body: Omit<AuditEntry, 'prevHash' | 'hash'>): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(body)).digest('hex');
}

function failed(checked: number, seq: number, kind: NonNullable<AuditVerification['problem']>['kind'], message: string): AuditVerification {
  return { ok: false, checked, problem: { seq, kind, message } };
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    category: row.category,
    action: row.action,
    source: row.source,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
