import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';

const KEY_HEX = /^[0-9a-f]{64}$/;
const REDACTED = '[database key redacted]';

/**
 * The 256-bit database key. It only ever leaves this object as the SQL `PRAGMA key` literal or as
 * the text stored in the keychain; printing, logging or JSON-serialising it shows a placeholder.
 */
export class DatabaseKey {
  readonly #hex: string;

  private constructor(hex: string) {
    this.#hex = hex;
  }

  static generate(): DatabaseKey {
    return new DatabaseKey(randomBytes(32).toString('hex'));
  }

  /** Null when the text is not exactly 64 lowercase hex digits (a damaged or foreign keychain entry). */
  static fromKeychainText(text: string): DatabaseKey | null {
    return KEY_HEX.test(text) ? new DatabaseKey(text) : null;
  }

  /** What the keychain stores. */
  keychainText(): string {
    return this.#hex;
  }

  /**
   * `PRAGMA key` with a raw key: `x'…'` tells SQLite3 Multiple Ciphers to use the bytes directly, with
   * no passphrase KDF on open. Built only from a value that passed the hex check, so it cannot inject SQL.
   */
  pragma(): string {
    if (!KEY_HEX.test(this.#hex)) throw new Error('invalid database key');
    return `key="x'${this.#hex}'"`;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
