import { z } from 'zod';
import type { ChartDrawing, ChartDrawingStore } from '../../market/chart-drawings.js';
import type { SqliteDatabase } from '../db.js';

interface DrawingRow {
  id: number;
  symbol: string;
  kind: ChartDrawing['kind'];
  points: string;
  created_at: number;
}

const pointsSchema = z.array(z.object({ time: z.number(), price: z.number() }));

function toDrawing(row: DrawingRow): ChartDrawing {
  return { id: row.id, symbol: row.symbol, kind: row.kind, points: pointsSchema.parse(JSON.parse(row.points)), createdAt: row.created_at };
}

/** Chart drawings per symbol (the market domain's ChartDrawingStore). */
export class ChartDrawingRepository implements ChartDrawingStore {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number,
  ) {}

  list(symbol: string): ChartDrawing[] {
    return this.db.prepare<[string], DrawingRow>('SELECT * FROM chart_drawings WHERE symbol = ? ORDER BY id').all(symbol).map(toDrawing);
  }

  insert(drawing: Omit<ChartDrawing, 'id' | 'createdAt'>): ChartDrawing {
    const row = this.db
      .prepare<[string, string, string, number], DrawingRow>('INSERT INTO chart_drawings (symbol, kind, points, created_at) VALUES (?, ?, ?, ?) RETURNING *')
      .get(drawing.symbol, drawing.kind, JSON.stringify(drawing.points), this.now())!;
    return toDrawing(row);
  }

  remove(id: number): boolean {
    return this.db.prepare('DELETE FROM chart_drawings WHERE id = ?').run(id).changes > 0;
  }

  count(symbol: string): number {
    return this.db.prepare<[string], number>('SELECT count(*) FROM chart_drawings WHERE symbol = ?').pluck(true).get(symbol) ?? 0;
  }
}
