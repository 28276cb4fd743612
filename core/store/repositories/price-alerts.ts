import type { PriceAlertRecord, PriceAlertStore } from '../../alerts/ports.js';
import type { SqliteDatabase } from '../db.js';

interface PriceAlertRow {
  id: number;
  symbol: string;
  direction: PriceAlertRecord['direction'];
  price: number;
  repeat: PriceAlertRecord['repeat'];
  created_at: number;
  triggered_at: number | null;
  fire_count: number;
}

function toRecord(row: PriceAlertRow): PriceAlertRecord {
  return { id: row.id, symbol: row.symbol, direction: row.direction, price: row.price, repeat: row.repeat, createdAt: row.created_at, triggeredAt: row.triggered_at, fireCount: row.fire_count };
}

/** The trader's price alerts (the alerts domain's PriceAlertStore). */
export class PriceAlertRepository implements PriceAlertStore {
  constructor(private readonly db: SqliteDatabase) {}

  list(): PriceAlertRecord[] {
    return this.db.prepare<[], PriceAlertRow>('SELECT * FROM price_alerts ORDER BY id').all().map(toRecord);
  }

  insert(alert: Omit<PriceAlertRecord, 'id' | 'triggeredAt' | 'fireCount'>): PriceAlertRecord {
    const row = this.db
      .prepare<[string, string, number, string, number], PriceAlertRow>('INSERT INTO price_alerts (symbol, direction, price, repeat, created_at) VALUES (?, ?, ?, ?, ?) RETURNING *')
      .get(alert.symbol, alert.direction, alert.price, alert.repeat, alert.createdAt)!;
    return toRecord(row);
  }

  remove(id: number): boolean {
    return this.db.prepare('DELETE FROM price_alerts WHERE id = ?').run(id).changes > 0;
  }

  fired(id: number, time: number): void {
    this.db.prepare('UPDATE price_alerts SET triggered_at = ?, fire_count = fire_count + 1 WHERE id = ?').run(time, id);
  }
}
