import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseKey } from '../../core/store/database-key.js';
import { openEncryptedDatabase, type SqliteDatabase } from '../../core/store/db.js';
import { openEncryptedStore } from '../../core/store/open-store.js';
import type { HalyardStore } from '../../core/store/store.js';
import { removeDir, tempDir, testKeychain } from './store-helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A store with five audit entries, plus what an attacker with the key and an SQL tool would have:
 * a raw connection to the same encrypted file.
 */
async function auditedStore(): Promise<{ reopen: () => Promise<HalyardStore>; raw: () => SqliteDatabase }> {
  const keychain = testKeychain();
  const dataDir = tempDir();
  cleanups.push(() => keychain.cleanup(), () => removeDir(dataDir));
  const open = async () => {
    const result = await openEncryptedStore({ dataDir, keychain });
    if (!result.ok) throw new Error(result.message);
    cleanups.push(() => result.store.close());
    return result.store;
  };
  const store = await open();
  store.audit.append({ category: 'credentials', action: 'account_added', source: 'user', detail: { exchange: 'binance', label: 'main' } });
  store.audit.append({ category: 'mode', action: 'live_armed', source: 'user', detail: { account: 'main' } });
  store.audit.append({ category: 'risk', action: 'limit_hit', source: 'gate', detail: { rule: 'max order notional', limit: 1_000 } });
  store.audit.append({ category: 'emergency_stop', action: 'halt', source: 'button', detail: { reason: 'news' } });
  store.audit.append({ category: 'emergency_stop', action: 'rearm', source: 'user', detail: {} });
  expect(store.audit.verify()).toEqual({ ok: true, checked: 5, problem: null });
  store.close();
  const read = await keychain.read('db-key');
  const key = DatabaseKey.fromKeychainText(read.ok && read.value ? read.value : '')!;
  return {
    reopen: open,
    raw: () => {
      const db = openEncryptedDatabase(join(dataDir, 'halyard.db'), key);
      cleanups.push(() => void db.close());
      return db;
    },
  };
}

function dropGuards(db: SqliteDatabase): void {
  db.exec('DROP TRIGGER audit_log_append_only_update; DROP TRIGGER audit_log_append_only_delete;');
}

describe('the audit log hash chain (real encrypted file)', () => {
  it('refuses UPDATE and DELETE of audit entries and order transitions at the database level', async () => {
    const { raw } = await auditedStore();
    const db = raw();
    expect(() => db.prepare(`UPDATE audit_log SET source = 'nobody' WHERE seq = 4`).run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 5').run()).toThrow(/append-only/);
    db.prepare(`INSERT INTO orders (client_order_id, venue, symbol, side, type, amount, status, reason, created_at, updated_at) VALUES ('o', 'paper', 'BTC/USDT', 'buy', 'market', 1, 'pending', 'x', 1, 1)`).run();
    db.prepare(`INSERT INTO order_transitions (client_order_id, seq, to_status, filled, at) VALUES ('o', 1, 'pending', 0, 1)`).run();
    expect(() => db.prepare(`UPDATE order_transitions SET to_status = 'filled'`).run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM order_transitions').run()).toThrow(/append-only/);
  });

  it('detects an entry edited behind its back', async () => {
    const { raw, reopen } = await auditedStore();
    const db = raw();
    dropGuards(db);
    db.prepare(`UPDATE audit_log SET detail = '{"reason":"scheduled maintenance"}' WHERE seq = 4`).run();
    db.close();
    expect((await reopen()).audit.verify()).toMatchObject({ ok: false, checked: 3, problem: { seq: 4, kind: 'modified' } });
  });

  it('detects an edit whose hash was recomputed, because the next entry no longer links to it', async () => {
    const { raw, reopen } = await auditedStore();
    const db = raw();
    dropGuards(db);
    const row = db.prepare('SELECT * FROM audit_log WHERE seq = 3').get() as { prev_hash: string; at: number };
    const forged = { seq: 3, at: row.at, category: 'risk', action: 'limit_hit', source: 'gate', detail: { limit: 1_000_000, rule: 'max order notional' } };
    const canonical = `{"action":"limit_hit","at":${row.at},"category":"risk","detail":{"limit":1000000,"rule":"max order notional"},"seq":3,"source":"gate"}`;
    const hash = createHash('sha256').update(row.prev_hash).update('\n').update(canonical).digest('hex');
    db.prepare('UPDATE audit_log SET detail = ?, hash = ? WHERE seq = 3').run(JSON.stringify(forged.detail), hash);
    db.close();
    expect((await reopen()).audit.verify()).toMatchObject({ ok: false, checked: 3, problem: { seq: 4, kind: 'modified' } });
  });

  it('detects a deleted entry in the middle', async () => {
    const { raw, reopen } = await auditedStore();
    const db = raw();
    dropGuards(db);
    db.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    db.close();
    const verdict = (await reopen()).audit.verify();
    expect(verdict).toMatchObject({ ok: false, checked: 1, problem: { seq: 2, kind: 'missing' } });
    expect(verdict.problem?.message).toMatch(/entry 2 is missing/);
  });

  it('detects lost entries at the end of the log', async () => {
    const { raw, reopen } = await auditedStore();
    const db = raw();
    dropGuards(db);
    db.prepare('DELETE FROM audit_log WHERE seq >= 4').run();
    db.close();
    const store = await reopen();
    expect(store.audit.verify()).toMatchObject({ ok: false, checked: 3, problem: { kind: 'truncated' } });
  });

  it('keeps verifying after new entries are appended to an intact log', async () => {
    const { reopen } = await auditedStore();
    const store = await reopen();
    store.audit.append({ category: 'settings', action: 'limits_changed', source: 'user', detail: { maxOrderNotional: 500 } });
    expect(store.audit.verify()).toEqual({ ok: true, checked: 6, problem: null });
  });
});
