import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseKey } from './core/store/database-key.js';
import { openEncryptedDatabase } from './core/store/db.js';
import { loadMigrations, migrate } from './core/store/migrate.js';
import { HalyardStore } from './core/store/store.js';
const dir = mkdtempSync(join(tmpdir(), 'rp-'));
const key = DatabaseKey.generate();
const file = join(dir, 'h.db');
const S = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1m' } as const;
const N = 525_600;
const db = openEncryptedDatabase(file, key); migrate(db, loadMigrations());
const st = new HalyardStore(db, { persistent: true, file });
for (let i = 0; i < N; i += 10000) st.candles.upsert(S, Array.from({ length: Math.min(10000, N - i) }, (_, j) => ({ time: (i + j) * 60000, open: 1 + j, high: 2, low: 0.5, close: 1.5, volume: j })));
const raw = db.prepare('SELECT time, open, high, low, close, volume FROM candles WHERE exchange = ? AND symbol = ? AND timeframe = ? AND time >= ? AND time < ? ORDER BY time').raw(true);
const t = (f: () => void) => { const s = process.cpuUsage(); f(); const d = process.cpuUsage(s); return (d.user + d.system) / 1000; };
const res = { raw: [] as number[], rawFill: [] as number[], store: [] as number[] };
for (let rep = 0; rep < 6; rep++) {
  let c = 0;
  res.raw.push(t(() => { for (const r of raw.iterate(S.exchange, S.symbol, S.timeframe, 0, N * 60000) as IterableIterator<number[]>) c += r[4]!; }));
  res.rawFill.push(t(() => { const a = new Float64Array(N), b = new Float64Array(N), d = new Float64Array(N), e = new Float64Array(N), f = new Float64Array(N), g = new Float64Array(N); let i = 0; for (const r of raw.iterate(S.exchange, S.symbol, S.timeframe, 0, N * 60000) as IterableIterator<number[]>) { a[i] = r[0]!; b[i] = r[1]!; d[i] = r[2]!; e[i] = r[3]!; f[i] = r[4]!; g[i] = r[5]!; i++; } }));
  res.store.push(t(() => st.candles.range(S, 0, N * 60000)));
}
for (const [k, v] of Object.entries(res)) console.log(k, v.map((x) => x.toFixed(0)).join(' '), 'min', Math.min(...v).toFixed(0));
st.close(); rmSync(dir, { recursive: true });
