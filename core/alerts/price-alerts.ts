import { z } from 'zod';
import { priceAlertSchema, type PriceAlertView } from '../api/contract/alerts.js';
import { ApiError } from '../api/errors.js';
import { formatPrice } from './format.js';
import type { Alert } from './model.js';
import type { JsonSettingsStore } from './ports.js';

const KEY = 'alerts.priceAlerts';
const storedSchema = z.object({ nextId: z.number().int(), alerts: z.array(priceAlertSchema) });
const MAX_ALERTS = 200;

/**
 * Price alerts the trader sets ("BTC/USDT above 70,000"): each fires once, when the watched market's
 * last price reaches it, and stays listed as triggered until removed. Kept in the settings table, so
 * they survive a restart. Prices are only remembered as they stream in; the check runs later, off
 * the market data path.
 */
export class PriceAlerts {
  private readonly last = new Map<string, number>();
  private dirty = false;

  constructor(
    private readonly settings: JsonSettingsStore,
    private readonly now: () => number,
  ) {}

  list(): PriceAlertView[] {
    return this.load().alerts;
  }

  add(input: { readonly symbol: string; readonly direction: 'above' | 'below'; readonly price: number }): PriceAlertView {
    const stored = this.load();
    if (stored.alerts.length >= MAX_ALERTS) throw new ApiError('rejected', `at most ${MAX_ALERTS} price alerts; remove some first`);
    const last = this.last.get(input.symbol);
    if (last !== undefined && (input.direction === 'above' ? last >= input.price : last <= input.price)) {
      throw new ApiError('rejected', `${input.symbol} is already ${input.direction} ${formatPrice(input.price)} (last ${formatPrice(last)})`, [{ path: 'price', message: `already ${input.direction} this price` }]);
    }
    const alert: PriceAlertView = { id: stored.nextId, symbol: input.symbol, direction: input.direction, price: input.price, createdAt: this.now(), triggeredAt: null };
    this.save({ nextId: stored.nextId + 1, alerts: [...stored.alerts, alert] });
    return alert;
  }

  remove(id: number): void {
    const stored = this.load();
    if (!stored.alerts.some((alert) => alert.id === id)) throw new ApiError('not_found', `There is no price alert with id ${id}`);
    this.save({ nextId: stored.nextId, alerts: stored.alerts.filter((alert) => alert.id !== id) });
  }

  /** Remembers last prices (cheap: called with every watchlist update). */
  observe(rows: readonly { readonly symbol: string; readonly last: number | null }[]): void {
    for (const row of rows) {
      if (row.last !== null && this.last.get(row.symbol) !== row.last) {
        this.last.set(row.symbol, row.last);
        this.dirty = true;
      }
    }
  }

  /** Fires the armed alerts the remembered prices reached; `desk` names the accounts. */
  check(desk: string): Alert[] {
    if (!this.dirty) return [];
    this.dirty = false;
    const stored = this.load();
    const fired: Alert[] = [];
    const now = this.now();
    const alerts = stored.alerts.map((alert) => {
      const last = this.last.get(alert.symbol);
      if (alert.triggeredAt !== null || last === undefined) return alert;
      if (alert.direction === 'above' ? last < alert.price : last > alert.price) return alert;
      fired.push({ kind: 'price_alerts', level: 'warning', time: now, text: `${desk} · Price alert: ${alert.symbol} ${alert.direction === 'above' ? 'rose to' : 'fell to'} ${formatPrice(last)} (${alert.direction} ${formatPrice(alert.price)})` });
      return { ...alert, triggeredAt: now };
    });
    if (fired.length > 0) this.save({ nextId: stored.nextId, alerts });
    return fired;
  }

  private load(): z.infer<typeof storedSchema> {
    const parsed = storedSchema.safeParse(this.settings.getRaw(KEY));
    return parsed.success ? parsed.data : { nextId: 1, alerts: [] };
  }

  private save(value: z.infer<typeof storedSchema>): void {
    this.settings.set(KEY, value);
  }
}
