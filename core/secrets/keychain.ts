import { AsyncEntry, type EntryOptions } from '@napi-rs/keyring';

/**
 * Why a keychain call did not succeed, in words a trader can act on. `unavailable` covers a missing
 * Secret Service, a locked keychain or a timeout; `unreadable` an entry that exists but is not text.
 */
export interface KeychainProblem {
  readonly reason: 'unavailable' | 'unreadable';
  readonly message: string;
}

export type KeychainResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: KeychainProblem };

/**
 * Pin Linux to the Secret Service. @napi-rs/keyring 2.1's default builder silently falls back to the
 * kernel keyutils store, which lives only until logout/reboot (the DB key would be lost with it).
 * With `store: 'secret-service'` an unavailable Secret Service throws instead (verified: with no
 * D-Bus session the pinned entry fails with a D-Bus error, the unpinned one tries keyutils).
 * The option is ignored on macOS and Windows, which use their native keychains.
 */
const ENTRY_OPTIONS: EntryOptions = { linux: { store: 'secret-service' } };

/** A locked desktop keychain may show an unlock prompt; give the trader time to answer it. */
const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * The OS keychain, the only place Halyard keeps secrets (the database key and exchange credentials).
 * Every call returns a typed result; raw platform errors never reach the caller, and there is no
 * file fallback by design.
 */
export class Keychain {
  private readonly timeoutMs: number;

  constructor(
    /** Keychain service name (config `keychainService`, `halyard` by default). */
    readonly service: string,
    options: { readonly timeoutMs?: number } = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** The stored text, or null when there is no entry. */
  read(account: string): Promise<KeychainResult<string | null>> {
    return this.call(account, (entry, signal) => entry.getPassword(signal));
  }

  write(account: string, secret: string): Promise<KeychainResult<void>> {
    return this.call(account, async (entry, signal) => {
      await entry.setPassword(secret, signal);
    });
  }

  /** True when an entry was deleted, false when there was none. */
  remove(account: string): Promise<KeychainResult<boolean>> {
    return this.call(account, (entry, signal) => entry.deleteCredential(signal));
  }

  private async call<T>(account: string, operation: (entry: AsyncEntry, signal: AbortSignal) => Promise<T>): Promise<KeychainResult<T>> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new KeychainTimeout());
      }, this.timeoutMs);
    });
    try {
      const entry = new AsyncEntry(this.service, account, ENTRY_OPTIONS);
      return { ok: true, value: await Promise.race([operation(entry, controller.signal), timeout]) };
    } catch (error) {
      return { ok: false, problem: describeProblem(error, this.timeoutMs) };
    } finally {
      clearTimeout(timer);
    }
  }
}

class KeychainTimeout extends Error {}

/** Turns a platform error into a message; never echoes anything but the platform's own description. */
function describeProblem(error: unknown, timeoutMs: number): KeychainProblem {
  if (error instanceof KeychainTimeout) {
    return { reason: 'unavailable', message: `${keychainName()} did not answer within ${Math.round(timeoutMs / 1000)} s. ${howToFix()}` };
  }
  const raw = error instanceof Error ? error.message : String(error);
  // keyring-rs reports undecodable entries with their bytes: never pass that text on.
  if (/decode|encoding|utf-?8/i.test(raw)) {
    return { reason: 'unreadable', message: `A ${keychainName()} entry exists but is not readable text. Remove it and enter it again.` };
  }
  const detail = raw.replace(/\s+/g, ' ').slice(0, 200);
  return { reason: 'unavailable', message: `${keychainName()} is not available (${detail}). ${howToFix()}` };
}

function keychainName(): string {
  if (process.platform === 'darwin') return 'The macOS Keychain';
  if (process.platform === 'win32') return 'Windows Credential Manager';
  return 'The Secret Service keychain';
}

function howToFix(): string {
  if (process.platform === 'darwin') return 'Unlock your login keychain (Keychain Access), then restart Halyard.';
  if (process.platform === 'win32') return 'Make sure you are logged in to your Windows account normally, then restart Halyard.';
  return (
    'Install and unlock a Secret Service provider (GNOME Keyring, KDE Wallet, or KeePassXC with Secret Service enabled), ' +
    'make sure DBUS_SESSION_BUS_ADDRESS is set in the environment that starts Halyard, then restart Halyard.'
  );
}
