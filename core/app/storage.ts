import type { z } from 'zod';
import type { serviceHealthSchema } from '../api/contract/app.js';
import type { HaltSwitch } from '../risk/halt.js';
import { Keychain } from '../secrets/keychain.js';
import { openEncryptedStore, openMemoryStore } from '../store/open-store.js';
import type { HalyardStore } from '../store/store.js';
import { AccountsService } from './accounts-service.js';
import { auditHaltChanges, auditHandlers } from './audit-service.js';
import type { TerminalConfig } from './config.js';
import type { HandlerMap } from './handlers/merge.js';

type ServiceHealth = z.infer<typeof serviceHealthSchema>;

const NOT_SAVED =
  'Nothing is being saved: this session runs on a temporary in-memory database in paper-only mode, and orders, settings and accounts are lost when Halyard quits.';

/**
 * The terminal's persistence: the OS keychain and the encrypted store, opened once at start-up. When
 * either cannot be used the terminal still starts — on an unencrypted in-memory store, paper only —
 * and `keychain`/`database` health say what is wrong and how to fix it.
 */
export class TerminalStorage {
  readonly accounts: AccountsService;

  private constructor(
    readonly store: HalyardStore,
    readonly keychain: Keychain,
    readonly keychainHealth: ServiceHealth,
    readonly databaseHealth: ServiceHealth,
  ) {
    this.accounts = new AccountsService(store, keychain, () => this.credentialsBlocked());
  }

  static async open(config: TerminalConfig, now: () => number): Promise<TerminalStorage> {
    const keychain = new Keychain(config.keychainService);
    const opening = await openEncryptedStore({ dataDir: config.dataDir, keychain, now });
    if (opening.ok) return new TerminalStorage(opening.store, keychain, { ok: true, message: null }, { ok: true, message: null });
    const memory = openMemoryStore({ now });
    if (opening.reason === 'keychain_unavailable') {
      return new TerminalStorage(
        memory,
        keychain,
        { ok: false, message: `${opening.message} Until then Halyard runs in paper-only mode and cannot store exchange credentials.` },
        { ok: false, message: `The encrypted database cannot be unlocked without the keychain. ${NOT_SAVED}` },
      );
    }
    return new TerminalStorage(memory, keychain, { ok: true, message: null }, { ok: false, message: `${opening.message} ${NOT_SAVED}` });
  }

  /**
   * Paper-only, nothing saved, keychain never touched: for tests and tools that must not read or write
   * a trader's keychain or disk.
   */
  static inMemory(now: () => number = Date.now): TerminalStorage {
    return new TerminalStorage(
      openMemoryStore({ now }),
      new Keychain('halyard-in-memory-session-unused'),
      { ok: false, message: 'This session does not use the keychain (in-memory mode), so exchange credentials cannot be stored.' },
      { ok: false, message: NOT_SAVED },
    );
  }

  /** `accounts.*` and `audit.*`. */
  handlers(): HandlerMap[] {
    return [this.accounts.handlers(), auditHandlers(this.store.audit)];
  }

  /** Emergency stops and re-arms go to the audit log. */
  recordHalts(halt: HaltSwitch): () => void {
    return auditHaltChanges(halt, this.store.audit);
  }

  close(): void {
    this.store.close();
  }

  private credentialsBlocked(): string | null {
    if (!this.keychainHealth.ok) return this.keychainHealth.message;
    if (!this.store.location.persistent) return `Exchange accounts cannot be added while the database is not available. ${this.databaseHealth.message ?? ''}`.trim();
    return null;
  }
}
