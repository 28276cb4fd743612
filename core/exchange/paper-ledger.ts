import type { Balance } from './port.js';
import { ExchangeError } from './errors.js';
import { Units, ZERO_UNITS } from './paper-units.js';

/** What funds are for, put into words only when they fall short (an order describes itself). */
export interface FundsPurpose {
  describe(): string;
}

/**
 * Balances of the paper account with reservations. Placing an order reserves what it may
 * spend; a second order can only use what is still free, so two concurrent orders never
 * spend the same funds. All values are exact ledger units (see paper-units.ts), changed in place;
 * what the ledger returns is its own and valid until its next call.
 */
export class PaperLedger {
  private readonly totals = new Map<string, Units>();
  private readonly reserved = new Map<string, Units>();
  /** Scratch for free funds and a debit's part beyond its reservation (the ledger never calls itself back). */
  private readonly freeNow = new Units();
  private readonly beyond = new Units();

  deposit(currency: string, units: Units): void {
    if (units.sign() < 0) throw new RangeError('deposit must not be negative');
    this.totalOf(currency).add(units);
  }

  /** The total (read only). */
  total(currency: string): Units {
    return this.totals.get(currency) ?? ZERO_UNITS;
  }

  /** What open orders hold (read only). */
  reservedOf(currency: string): Units {
    return this.reserved.get(currency) ?? ZERO_UNITS;
  }

  /** Total minus reserved (read only, until the next call). */
  free(currency: string): Units {
    return this.freeNow.setDifference(this.total(currency), this.reservedOf(currency));
  }

  /** Sets funds aside for an order; throws insufficient_funds (naming the numbers) when they are not free. `purpose` is only described for that message. */
  reserve(currency: string, units: Units, purpose: FundsPurpose): void {
    if (units.sign() < 0) throw new RangeError('reservation must not be negative');
    const free = this.free(currency);
    if (units.compare(free) > 0) {
      const held = this.reservedOf(currency);
      throw new ExchangeError(
        'insufficient_funds',
        `insufficient balance: ${purpose.describe()} needs ${format(units)} ${currency}, only ${format(free)} ${currency} is free` +
          (held.sign() > 0 ? ` (${format(held)} ${currency} reserved by open orders)` : ''),
      );
    }
    this.reservedFor(currency).add(units);
  }

  release(currency: string, units: Units): void {
    const reserved = this.reservedFor(currency);
    if (reserved.compare(units) < 0) throw new Error(`paper ledger: released more ${currency} than was reserved`);
    reserved.subtract(units);
  }

  /**
   * Takes `units` out of the account, consuming up to `fromReservation` of the caller's reservation
   * first and the rest from free funds. Throws insufficient_funds when free funds do not cover the rest.
   */
  debit(currency: string, units: Units, fromReservation: Units, purpose: FundsPurpose): void {
    const useReserved = units.compare(fromReservation) < 0 ? units : fromReservation;
    const extra = this.beyond.setDifference(units, useReserved);
    if (extra.compare(this.free(currency)) > 0) {
      throw new ExchangeError(
        'insufficient_funds',
        `insufficient balance: ${purpose.describe()} needs ${format(extra)} ${currency} more than was reserved, only ${format(this.free(currency))} ${currency} is free`,
      );
    }
    if (useReserved.sign() > 0) this.release(currency, useReserved);
    this.totalOf(currency).subtract(units);
  }

  /** Empties the account (a reset to starting balances deposits afresh). Refused while funds are reserved. */
  clear(): void {
    for (const [currency, units] of this.reserved) if (units.sign() > 0) throw new Error(`paper ledger: ${currency} is still reserved by open orders`);
    this.totals.clear();
    this.reserved.clear();
  }

  /** Every currency's total, in ledger units (what is saved; reservations follow from the working orders). */
  totalsNow(): Map<string, bigint> {
    return new Map([...this.totals].map(([currency, units]) => [currency, units.toBig()]));
  }

  /**
   * Restores a saved reservation as it was, without the free-funds check: the saved orders held
   * these funds when they were saved, and refusing one now would leave its order holding nothing.
   */
  restoreReservation(currency: string, units: Units): void {
    if (units.sign() < 0) throw new RangeError('reservation must not be negative');
    this.reservedFor(currency).add(units);
  }

  credit(currency: string, units: Units): void {
    this.totalOf(currency).add(units);
  }

  balances(): Balance[] {
    return [...this.totals.keys()].sort().map((currency) => {
      const total = this.total(currency);
      const used = this.reservedOf(currency);
      return { currency, free: this.free(currency).toNumber(), used: used.toNumber(), total: total.toNumber() };
    });
  }

  private totalOf(currency: string): Units {
    let units = this.totals.get(currency);
    if (units === undefined) this.totals.set(currency, (units = new Units()));
    return units;
  }

  private reservedFor(currency: string): Units {
    let units = this.reserved.get(currency);
    if (units === undefined) this.reserved.set(currency, (units = new Units()));
    return units;
  }
}

function format(units: Units): string {
  const value = units.toNumber();
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(10)));
}
