import type { PriceAlertView } from '../api/contract/alerts.js';
import { ApiError } from '../api/errors.js';
import { formatMarketPrice, formatPrice } from './format.js';
import type { Alert } from './model.js';
import type { PriceAlertRecord, PriceAlertStore } from './ports.js';
import { alreadyThere, fires, isFinished, type PriceAlertDirection, type PriceAlertRepeat } from './price-alert-rule.js';

const MAX_ALERTS = 200;

/** One firing: the alert as it is now, the price that fired it, and the message for the channels. */
export interface PriceAlertFiring {
  readonly alert: PriceAlertView;
  readonly price: number;
  readonly alertMessage: Alert;
}

interface Firing {
  readonly alert: PriceAlertRecord;
  readonly price: number;
  readonly previous: number | undefined;
  readonly time: number;
}

function verb(firing: Firing): string {
  if (firing.alert.direction === 'above') return 'rose to';
  if (firing.alert.direction === 'below') return 'fell to';
  return firing.previous !== undefined && firing.price < firing.previous ? 'crossed down to' : 'crossed up to';
}

/**
 * Price alerts the trader sets ("BTC/USDT above 70,000", "crossing 3,000, every time"), kept in the
 * store. Every live price of the market source is checked against the alerts of its symbol (an
 * in-memory index, so a tick costs a few comparisons); firings are queued there and recorded,
 * announced and sent to the channels later, off the market data path (`drain`).
 */
export class PriceAlerts {
  /** The latest price seen per symbol (the "previous" of the next tick). */
  private readonly last = new Map<string, number>();
  private bySymbol = new Map<string, PriceAlertRecord[]>();
  /** Fired on a tick, not yet written to the store. */
  private readonly pending: Firing[] = [];
  /** Written, not yet announced. */
  private readonly recorded: Firing[] = [];

  constructor(
    private readonly store: PriceAlertStore,
    private readonly now: () => number,
  ) {
    this.reindex();
  }

  list(): PriceAlertView[] {
    return this.store.list().map(toView);
  }

  add(input: { readonly symbol: string; readonly direction: PriceAlertDirection; readonly price: number; readonly repeat: PriceAlertRepeat }): PriceAlertView {
    if (this.store.list().length >= MAX_ALERTS) throw new ApiError('rejected', `at most ${MAX_ALERTS} price alerts; remove some first`);
    const last = this.last.get(input.symbol);
    const problem = alreadyThere(input.direction, input.price, last);
    if (problem !== null) {
      throw new ApiError('rejected', `${input.symbol} is already ${input.direction} ${formatPrice(input.price)} (last ${formatPrice(last!)})`, [{ path: 'price', message: `${problem} (last ${formatPrice(last!)})` }]);
    }
    const record = this.store.insert({ symbol: input.symbol, direction: input.direction, price: input.price, repeat: input.repeat, createdAt: this.now() });
    this.reindex();
    return toView(record);
  }

  remove(id: number): void {
    if (!this.store.remove(id)) throw new ApiError('not_found', `There is no price alert with id ${id}`);
    this.reindex();
  }

  /** A live price (called with every candle update: cheap). Returns true when an alert fired. */
  observe(symbol: string, price: number): boolean {
    const previous = this.last.get(symbol);
    if (previous === price) return false;
    this.last.set(symbol, price);
    const alerts = this.bySymbol.get(symbol);
    if (!alerts) return false;
    let fired = false;
    for (let index = 0; index < alerts.length; index++) {
      const alert = alerts[index]!;
      if (!fires(alert, previous, price)) continue;
      const time = this.now();
      this.pending.push({ alert, price, previous, time });
      // The index moves on at once, so a `once` alert cannot fire twice before the store is written.
      alerts[index] = { ...alert, fireCount: alert.fireCount + 1, triggeredAt: time };
      fired = true;
    }
    return fired;
  }

  /** Whether a firing waits to be recorded and announced. */
  hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** Records the queued firings and returns them; `desk` names the accounts, `decimals` gives each market's price precision. */
  drain(desk: string, decimals: (symbol: string) => number | undefined = () => undefined): PriceAlertFiring[] {
    this.reindex();
    return this.recorded.splice(0).map((firing) => {
      const { alert, price, time } = firing;
      const places = decimals(alert.symbol);
      const text = `${desk} · Price alert: ${alert.symbol} ${verb(firing)} ${formatMarketPrice(price, places)} (${alert.direction} ${formatMarketPrice(alert.price, places)})`;
      const view = toView({ ...alert, fireCount: alert.fireCount + 1, triggeredAt: time });
      return { alert: view, price, alertMessage: { kind: 'price_alerts', level: 'warning', time, text } };
    });
  }

  /** Writes the queued firings first, so the index read back from the store already counts them. */
  private reindex(): void {
    for (const firing of this.pending.splice(0)) {
      this.store.fired(firing.alert.id, firing.time);
      this.recorded.push(firing);
    }
    const index = new Map<string, PriceAlertRecord[]>();
    for (const alert of this.store.list()) {
      if (isFinished(alert)) continue;
      const list = index.get(alert.symbol) ?? [];
      list.push(alert);
      index.set(alert.symbol, list);
    }
    this.bySymbol = index;
  }
}

function toView(record: PriceAlertRecord): PriceAlertView {
  return { ...record, active: !isFinished(record) };
}
