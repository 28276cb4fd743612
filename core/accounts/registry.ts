import type { TradingAccount } from './trading-account.js';

/** An order or request named an account Halyard does not have (or has not armed). */
export class UnknownAccountError extends Error {
  constructor(readonly account: string, known: readonly string[]) {
    super(`no trading account "${account}": choose ${known.length > 0 ? known.map((id) => `"${id}"`).join(' or ') : '"paper"'} (live accounts are armed under Settings → Accounts)`);
    this.name = 'UnknownAccountError';
  }
}

/**
 * The accounts orders can go to right now: the paper account (while a market is watched) and every
 * armed live account. Services look accounts up here; nothing holds on to an account that was disarmed.
 */
export class AccountRegistry {
  private readonly accounts = new Map<string, TradingAccount>();
  private readonly listeners = new Set<() => void>();

  register(account: TradingAccount): void {
    this.accounts.set(account.id, account);
    this.changed();
  }

  unregister(id: string): void {
    if (this.accounts.delete(id)) this.changed();
  }

  get(id: string): TradingAccount | null {
    return this.accounts.get(id) ?? null;
  }

  require(id: string): TradingAccount {
    const account = this.accounts.get(id);
    if (!account) throw new UnknownAccountError(id, [...this.accounts.keys()]);
    return account;
  }

  list(): TradingAccount[] {
    return [...this.accounts.values()];
  }

  /** Told whenever an account is registered (armed, started) or unregistered (disarmed, stopped). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
