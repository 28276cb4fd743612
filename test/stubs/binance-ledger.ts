import { rejected } from './binance-errors.js';
import { dec, type StubSymbol } from './binance-fixtures.js';

/**
 * Balances of the stub's one account: free and locked per asset, in integers of 1e-8 so the stub
 * itself never drifts. An open order locks what it may spend (a BUY its quote at the limit price
 * plus the commission, a SELL its base) and releases it when it ends; a fill moves the assets.
 * Not enough free balance is -2010 "Account has insufficient balance for requested action." (errors.md).
 */
export const SCALE = 1e8;
export const STUB_COMMISSION = 0.001;
export const toUnits = (text: string | number): number => Math.round(Number(text) * SCALE);
export const fromUnits = (units: number): number => units / SCALE;

interface Reservation {
  readonly asset: string;
  readonly amount: number;
}

export class BinanceLedger {
  protected readonly free = new Map<string, number>();
  protected readonly locked = new Map<string, number>();
  protected readonly lastPrice = new Map<string, number>();
  private readonly reservations = new Map<string, Reservation>();

  setBalance(asset: string, amount: number): void {
    this.free.set(asset, toUnits(amount));
  }

  price(symbol: string): number {
    return fromUnits(this.lastPrice.get(symbol) ?? 0);
  }

  balances(): { asset: string; free: string; locked: string }[] {
    const assets = new Set([...this.free.keys(), ...this.locked.keys()]);
    return [...assets].map((asset) => this.balanceOf(asset));
  }

  /** Free and locked amounts of one asset, as Binance's balance fields. */
  balanceOf(asset: string): { asset: string; free: string; locked: string } {
    return { asset, free: dec(fromUnits(this.free.get(asset) ?? 0)), locked: dec(fromUnits(this.locked.get(asset) ?? 0)) };
  }

  /** Locks what an order (or an order list) may spend at `price` units. */
  protected reserve(spec: StubSymbol, key: string, side: 'BUY' | 'SELL', quantity: number, price: number): void {
    const reservation: Reservation = side === 'BUY' ? { asset: spec.quote, amount: Math.round(((quantity * price) / SCALE) * (1 + STUB_COMMISSION)) } : { asset: spec.base, amount: quantity };
    if ((this.free.get(reservation.asset) ?? 0) < reservation.amount) throw rejected('Account has insufficient balance for requested action.');
    this.add(reservation.asset, -reservation.amount);
    this.locked.set(reservation.asset, (this.locked.get(reservation.asset) ?? 0) + reservation.amount);
    this.reservations.set(key, reservation);
  }

  /** Gives back whatever `key` still holds locked. */
  protected release(key: string): void {
    const reservation = this.reservations.get(key);
    if (!reservation) return;
    this.reservations.delete(key);
    this.locked.set(reservation.asset, (this.locked.get(reservation.asset) ?? 0) - reservation.amount);
    this.add(reservation.asset, reservation.amount);
  }

  /** Gives back `share` (0…1) of what `key` still holds locked (a partial fill); the rest stays locked. */
  protected releaseShare(key: string, share: number): void {
    const reservation = this.reservations.get(key);
    if (!reservation) return;
    const amount = Math.round(reservation.amount * share);
    this.reservations.set(key, { ...reservation, amount: reservation.amount - amount });
    this.locked.set(reservation.asset, (this.locked.get(reservation.asset) ?? 0) - amount);
    this.add(reservation.asset, amount);
  }

  /** A fill of `quantity` for `cost` quote units, paying `fee` (in the asset received, or BNB). */
  protected settle(spec: StubSymbol, side: 'BUY' | 'SELL', quantity: number, cost: number, fee: { asset: string; amount: number }): void {
    if (side === 'BUY') {
      this.add(spec.quote, -cost);
      this.add(spec.base, quantity);
    } else {
      this.add(spec.base, -quantity);
      this.add(spec.quote, cost);
    }
    this.add(fee.asset, -fee.amount);
  }

  protected add(asset: string, units: number): void {
    this.free.set(asset, (this.free.get(asset) ?? 0) + units);
  }
}
