/**
 * Why the store could not be opened or used. Each kind has a message that tells the trader what
 * happened and what they can do; none ever contains the database key.
 */
export type StoreErrorKind =
  /** A database exists but the keychain has no key for it. */
  | 'key_missing'
  /** The keychain key does not open the database (or the file is not a Halyard database). */
  | 'key_wrong'
  /** The database was written by a newer Halyard. */
  | 'newer_schema'
  /** A migration failed; the database was left at the previous version. */
  | 'migration_failed'
  /** A write broke an invariant (duplicate id, illegal transition, append-only table). */
  | 'conflict'
  /** Data that would corrupt a table (a misaligned candle, a non-finite price). */
  | 'invalid'
  | 'not_found';

export class StoreError extends Error {
  constructor(
    readonly kind: StoreErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
