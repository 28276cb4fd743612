import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseKey } from '/work/main/core/store/database-key.js';
import { openEncryptedDatabase } from '/work/main/core/store/db.js';
import { loadMigrations, migrate } from '/work/main/core/store/migrate.js';
import { HalyardStore } from '/work/main/core/store/store.js';
const dir = mkdtempSync(join(tmpdir(), 'rp-'));
const key = DatabaseKey.generate();
const file = join(dir, 'h.db');
const S = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1m' } as const;
const N = 200_000;
{
  const db = openEncryptedDatabase(file, key); migrate(db, loadMigrations());
  const st = new HalyardStore(db, { persistent: true, file });
  for (let i = 0; i < N; i += 10000) st.candles.upsert(S, Array.from({ length: 10000 }, (_, j) => ({ time: (i + j) * 60000, open: 1, high: 2, low: 0.5, close: 1.5, volume: j })));
  st.close();
}
const t = (f: () => void) => { const s = performance.now(); f(); return (performance.now() - s).toFixed(0); };
for (let rep = 0; rep < 3; rep++) {
  const db = openEncryptedDatabase(file, key);
  const raw = db.prepare('SELECT time, open, high, low, close, volume FROM candles WHERE exchange = ? AND symbol = ? AND timeframe = ? AND time >= ? AND time < ? ORDER BY time').raw(true);
  let c = 0;
  const a = t(() => { for (const r of raw.iterate(S.exchange, S.symbol, S.timeframe, 0, N * 60000) as IterableIterator<number[]>) c += r[4]!; });
  const a2 = t(() => { for (const r of raw.iterate(S.exchange, S.symbol, S.timeframe, 0, N * 60000) as IterableIterator<number[]>) c += r[4]!; });
  db.close();
  const st = new HalyardStore(openEncryptedDatabase(file, key), { persistent: true, file });
  const b = t(() => st.candles.range(S, 0, N * 60000));
  const b2 = t(() => st.candles.range(S, 0, N * 60000));
  st.close();
  console.log('raw cold', a, 'raw warm', a2, 'store cold', b, 'store warm', b2);
}
rmSync(dir, { recursive: true });
