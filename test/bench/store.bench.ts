/**
 * Store benchmark (issue 3): candle ingest and a one-year range read, Halyard's encrypted store against
 * raw better-sqlite3-multiple-ciphers prepared-statement loops, with and without the cipher, all in one
 * run on the same machine. Every database uses the same schema (the real migrations) and the same
 * connection settings as the store's candle path (WAL, synchronous=NORMAL for candle commits, 64 MiB
 * page cache, in-memory temp store), so the ratios measure the store's code and the cipher, nothing else.
 * Goals: encrypted ingest ≥ 0.8× the raw unencrypted loop; range read ≥ 0.9× raw `iterate().raw()`.
 * Ratios are computed from CPU time (user + system) of this single-threaded process, which other
 * processes on a shared machine barely disturb; wall-clock time is printed beside it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import type { Candle } from '../../core/market/candle.js';
import type { SeriesKey } from '../../core/market/candle-store.js';
import { DatabaseKey } from '../../core/store/database-key.js';
import { openEncryptedDatabase } from '../../core/store/db.js';
import { loadMigrations, migrate } from '../../core/store/migrate.js';
import { HalyardStore } from '../../core/store/store.js';

const ROWS = 1_000_000;
const BATCH = 10_000;
const MINUTE = 60_000;
const YEAR_OF_MINUTES = 525_600;
const START = Date.UTC(2023, 0, 1);
const SERIES: SeriesKey = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1m' };
const READ_FROM = START + (ROWS - YEAR_OF_MINUTES) * MINUTE;
const READ_TO = START + ROWS * MINUTE;

type Cipher = 'none' | 'sqlcipher';
const READ_ROUNDS = 5;

function candles(): Candle[] {
  const out: Candle[] = new Array(ROWS);
  let price = 30_000;
  for (let i = 0; i < ROWS; i++) {
    const open = price;
    price = Math.max(1, price * (1 + Math.sin(i * 0.37) * 0.001 + Math.cos(i * 0.011) * 0.0004));
    out[i] = { time: START + i * MINUTE, open, high: Math.max(open, price) * 1.0005, low: Math.min(open, price) * 0.9995, close: price, volume: 1 + ((i * 7919) % 1000) / 10 };
  }
  return out;
}

/** A raw connection configured like the store's candle path. */
function rawDatabase(file: string, cipher: Cipher, keyHex: string): Database.Database {
  const db = new Database(file);
  if (cipher !== 'none') {
    db.pragma(`cipher='${cipher}'`);
    db.pragma('legacy=4');
    db.pragma(`key="x'${keyHex}'"`);
  }
  db.pragma('journal_mode=WAL');
  db.pragma('synchronous=NORMAL');
  db.pragma('temp_store=MEMORY');
  db.pragma('cache_size=-65536');
  return db;
}

function rawIngest(db: Database.Database, data: readonly Candle[]): void {
  const insert = db.prepare(
    `INSERT INTO candles (exchange, symbol, timeframe, time, open, high, low, close, volume) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (exchange, symbol, timeframe, time) DO UPDATE SET open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close, volume = excluded.volume`,
  );
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const c = data[i]!;
      insert.run(SERIES.exchange, SERIES.symbol, SERIES.timeframe, c.time, c.open, c.high, c.low, c.close, c.volume);
    }
  });
  for (let i = 0; i < data.length; i += BATCH) batch.immediate(i, Math.min(i + BATCH, data.length));
}

function rawRead(db: Database.Database): number {
  const rows = db
    .prepare(`SELECT time, open, high, low, close, volume FROM candles WHERE exchange = ? AND symbol = ? AND timeframe = ? AND time >= ? AND time < ? ORDER BY time`)
    .raw(true);
  let n = 0;
  let checksum = 0;
  for (const row of rows.iterate(SERIES.exchange, SERIES.symbol, SERIES.timeframe, READ_FROM, READ_TO) as IterableIterator<number[]>) {
    checksum += row[4]!;
    n++;
  }
  if (!(checksum > 0)) throw new Error('read returned nothing');
  return n;
}

interface Timing {
  readonly wall: number;
  readonly cpu: number;
}

function timed(work: () => unknown): Timing {
  const wallStart = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  work();
  const cpu = process.cpuUsage(cpuStart);
  return { wall: Number(process.hrtime.bigint() - wallStart) / 1e9, cpu: (cpu.user + cpu.system) / 1e6 };
}

const faster = (a: Timing, b: Timing): Timing => (b.cpu < a.cpu ? b : a);
const NEVER: Timing = { wall: Infinity, cpu: Infinity };

/** One timed read on a fresh connection, so every run decrypts its pages. */
function timedRead(open: () => { read: () => number; close: () => void }): Timing {
  const connection = open();
  try {
    return timed(() => connection.read());
  } finally {
    connection.close();
  }
}

const rate = (rows: number, s: number) => `${Math.round(rows / s / 1000).toLocaleString('en-US').padStart(5)}k rows/s`;
const line = (label: string, t: Timing, rows: number, extra = '') =>
  process.stdout.write(`  ${label.padEnd(34)}cpu ${t.cpu.toFixed(2).padStart(6)} s (${rate(rows, t.cpu)})  wall ${t.wall.toFixed(2).padStart(6)} s${extra}\n`);

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'halyard-bench-store-'));
  const migrations = loadMigrations();
  const key = DatabaseKey.generate();
  try {
    const data = candles();
    process.stdout.write(`candle ingest: ${ROWS.toLocaleString('en-US')} 1m rows in transactions of ${BATCH.toLocaleString('en-US')}\n`);
    const ingest: Record<Cipher, Timing> = { none: NEVER, sqlcipher: NEVER };
    for (const cipher of ['none', 'sqlcipher'] as const) {
      const db = rawDatabase(join(dir, `raw-${cipher}.db`), cipher, key.keychainText());
      migrate(db, migrations);
      ingest[cipher] = timed(() => rawIngest(db, data));
      db.close();
      line(`raw loop, ${cipher === 'none' ? 'no cipher' : cipher}`, ingest[cipher], ROWS);
    }
    const storeFile = join(dir, 'halyard.db');
    const storeDb = openEncryptedDatabase(storeFile, key);
    migrate(storeDb, migrations);
    const store = new HalyardStore(storeDb, { persistent: true, file: storeFile });
    const storeIngest = timed(() => {
      for (let i = 0; i < ROWS; i += BATCH) store.candles.upsert(SERIES, data.slice(i, i + BATCH));
    });
    store.close();
    const ingestRatio = ingest.none.cpu / storeIngest.cpu;
    line('Halyard store (sqlcipher)', storeIngest, ROWS, `  → ${ingestRatio.toFixed(2)}× raw unencrypted (goal ≥ 0.80×) ${ingestRatio >= 0.8 ? 'MET' : 'MISSED'}`);
    process.stdout.write(`  (the cipher alone: raw sqlcipher loop at ${(ingest.none.cpu / ingest.sqlcipher.cpu).toFixed(2)}× the unencrypted loop)\n`);

    process.stdout.write(`range read: 1 year of 1m (${YEAR_OF_MINUTES.toLocaleString('en-US')} rows), fresh connection per read, interleaved, best of ${READ_ROUNDS}\n`);
    const readers = {
      none: () => {
        const db = rawDatabase(join(dir, 'raw-none.db'), 'none', key.keychainText());
        return { read: () => rawRead(db), close: () => db.close() };
      },
      sqlcipher: () => {
        const db = rawDatabase(storeFile, 'sqlcipher', key.keychainText());
        return { read: () => rawRead(db), close: () => db.close() };
      },
      store: () => {
        const s = new HalyardStore(openEncryptedDatabase(storeFile, key), { persistent: true, file: storeFile });
        return {
          read: () => {
            const columns = s.candles.range(SERIES, READ_FROM, READ_TO);
            if (columns.close.length !== YEAR_OF_MINUTES) throw new Error(`range read returned ${columns.close.length} rows`);
            return columns.close.length;
          },
          close: () => s.close(),
        };
      },
    };
    const best = { none: NEVER, sqlcipher: NEVER, store: NEVER };
    // Interleaved rounds so a burst of load on a shared machine hits every contender alike.
    for (let round = 0; round < READ_ROUNDS; round++) {
      for (const name of ['none', 'sqlcipher', 'store'] as const) best[name] = faster(best[name], timedRead(readers[name]));
    }
    line('raw iterate().raw(), no cipher', best.none, YEAR_OF_MINUTES);
    line('raw iterate().raw(), sqlcipher', best.sqlcipher, YEAR_OF_MINUTES);
    const readRatio = best.sqlcipher.cpu / best.store.cpu;
    line(
      'Halyard range() → Float64Arrays',
      best.store,
      YEAR_OF_MINUTES,
      `  → ${readRatio.toFixed(2)}× raw sqlcipher (goal ≥ 0.90×) ${readRatio >= 0.9 ? 'MET' : 'MISSED'}; ${(best.none.cpu / best.store.cpu).toFixed(2)}× raw unencrypted`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
