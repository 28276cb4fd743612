import type { Balance } from './port.js';
import { ExchangeError } from './errors.js';
import { fromUnits } from './paper-decimal.js';

/** What funds are for, put into words only when they fall short (an order describes itself). */
export interface FundsPurpose {
  describe(): string;
}

/**
 * Balances of the paper account with reservations. Placing an order reserves what it may
 * spend; a second order can only use what is still free, so two concurrent orders never
 * spend the same funds. All values are integer ledger units (see paper-decimal.ts).
 */
export class PaperLedger {
  private readonly totals = new Map<string, bigint>();
  private readonly reserved = new Map<string, bigint>();

  deposit(currency: string, units: bigint): void {
    if (units < 0n) throw new RangeError('deposit must not be negative');
    this.totals.set(currency, this.total(currency) + units);
  }

  total(currency: string): bigint {
    return this.totals.get(currency) ?? 0n;
  }

  reservedOf(currency: string): bigint {
    return this.reserved.get(currency) ?? 0n;
  }

  free(currency: string): bigint {
    return this.total(currency) - this.reservedOf(currency);
  }

  /** Sets funds aside for an order; throws insufficient_funds (naming the numbers) when they are not free. `purpose` is only described for that message. */
  reserve(currency: string, units: bigint, purpose: FundsPurpose): void {
    if (units < 0n) throw new RangeError('reservation must not be negative');
    const free = this.free(currency);
    if (units > free) {
      const held = this.reservedOf(currency);
      throw new ExchangeError(
        'insufficient_funds',
        `insufficient balance: ${purpose.describe()} needs ${format(units)} ${currency}, only ${format(free)} ${currency} is free` +
          (held > 0n ? ` (${format(held)} ${currency} reserved by open orders)` : ''),
      );
    }
    this.reserved.set(currency, this.reservedOf(currency) + units);
  }

  release(currency: string, units: bigint): void {
    const next = this.reservedOf(currency) - units;
    if (next < 0n) throw new Error(`paper ledger: released more ${currency} than was reserved`);
    this.reserved.set(currency, next);
  }

  /**
   * Takes `units` out of the account, consuming up to `fromReservation` of the caller's reservation
   * first and the rest from free funds. Throws insufficient_funds when free funds do not cover the rest.
   */
  debit(currency: string, units: bigint, fromReservation: bigint, purpose: FundsPurpose): void {
    const useReserved = units < fromReservation ? units : fromReservation;
    const extra = units - useReserved;
    if (extra > this.free(currency)) {
      throw new ExchangeError(
        'insufficient_funds',
        `insufficient balance: ${purpose.describe()} needs ${format(extra)} ${currency} more than was reserved, only ${format(this.free(currency))} ${currency} is free`,
      );
    }
    if (useReserved > 0n) this.release(currency, useReserved);
    this.totals.set(currency, this.total(currency) - units);
  }

  /** Empties the account (a reset to starting balances deposits afresh). Refused while funds are reserved. */
  clear(): void {
    for (const [currency, units] of this.reserved) if (units > 0n) throw new Error(`paper ledger: ${currency} is still reserved by open orders`);
    this.totals.clear();
    this.reserved.clear();
  }

  /** Every currency's total, in ledger units (what is saved; reservations follow from the working orders). */
  totalsNow(): Map<string, bigint> {
    return new Map(this.totals);
  }

  /**
   * Restores a saved reservation as it was, without the free-funds check: the saved orders held
   * these funds when they were saved, and refusing one now would leave its order holding nothing.
   */
  restoreReservation(currency: string, units: bigint): void {
    if (units < 0n) throw new RangeError('reservation must not be negative');
    this.reserved.set(currency, this.reservedOf(currency) + units);
  }

  credit(currency: string, units: bigint): void {
    this.totals.set(currency, this.total(currency) + units);
  }

  balances(): Balance[] {
    return [...this.totals.keys()].sort().map((currency) => {
      const total = this.total(currency);
      const used = this.reservedOf(currency);
      return { currency, free: fromUnits(total - used), used: fromUnits(used), total: fromUnits(total) };
    });
  }
}

function format(units: bigint): string {
  const value = fromUnits(units);
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(10)));
}
