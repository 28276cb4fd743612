-- Halyard database schema, version 1.
-- Conventions: times are ms since the epoch (UTC) as INTEGER; JSON columns are checked with json_valid;
-- money columns are REAL and hold exactly the doubles the exchange port reports (already rounded to market
-- precision) — sums that must not drift are done in code, not by the database.
-- Secrets never live here: accounts keep only what the UI may show; keys are in the OS keychain.

-- Instruments/markets cache (rules as the exchange port reports them).
CREATE TABLE markets (
  exchange   TEXT NOT NULL,
  symbol     TEXT NOT NULL,
  rules      TEXT NOT NULL CHECK (json_valid(rules)),
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (exchange, symbol)
) WITHOUT ROWID;

-- Candles: one row per bar; the key is the series and the bar's open time. WITHOUT ROWID keeps the rows
-- in key order, so a range read is one sequential walk.
CREATE TABLE candles (
  exchange  TEXT NOT NULL,
  symbol    TEXT NOT NULL,
  timeframe TEXT NOT NULL CHECK (timeframe IN ('1m', '5m', '15m', '1h', '4h', '1d')),
  time      INTEGER NOT NULL,
  open      REAL NOT NULL,
  high      REAL NOT NULL,
  low       REAL NOT NULL,
  close     REAL NOT NULL,
  volume    REAL NOT NULL,
  PRIMARY KEY (exchange, symbol, timeframe, time)
) WITHOUT ROWID;

-- Exchange accounts. key_last4 is what the UI shows (••••1a2b); key, secret and passphrase are in the keychain.
CREATE TABLE accounts (
  id             INTEGER PRIMARY KEY,
  exchange       TEXT NOT NULL,
  label          TEXT NOT NULL,
  mode           TEXT NOT NULL DEFAULT 'paper' CHECK (mode IN ('paper', 'live')),
  sandbox        INTEGER NOT NULL DEFAULT 0 CHECK (sandbox IN (0, 1)),
  base_url       TEXT,
  key_last4      TEXT,
  has_passphrase INTEGER NOT NULL DEFAULT 0 CHECK (has_passphrase IN (0, 1)),
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  UNIQUE (exchange, label)
);

-- Positions; the id doubles as the trade id that groups all entries and exits of one position.
CREATE TABLE positions (
  id            INTEGER PRIMARY KEY,
  venue         TEXT NOT NULL,
  symbol        TEXT NOT NULL,
  strategy      TEXT,
  status        TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  exit_plan     TEXT CHECK (exit_plan IS NULL OR json_valid(exit_plan)),
  highest_price REAL,
  opened_at     INTEGER NOT NULL,
  closed_at     INTEGER,
  close_reason  TEXT CHECK (close_reason IN ('take_profit', 'stop_loss', 'trailing_stop', 'time_exit', 'signal', 'emergency_stop', 'manual')),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
  CHECK ((status = 'closed') = (close_reason IS NOT NULL))
);
-- One open position per venue, symbol and strategy (manual positions have strategy NULL).
CREATE UNIQUE INDEX positions_one_open ON positions (venue, symbol, ifnull(strategy, '')) WHERE status = 'open';
CREATE INDEX positions_by_time ON positions (opened_at);

-- Entries into a position, in order.
CREATE TABLE position_tranches (
  position_id     INTEGER NOT NULL REFERENCES positions (id),
  seq             INTEGER NOT NULL,
  client_order_id TEXT,
  quantity        REAL NOT NULL CHECK (quantity > 0),
  price           REAL NOT NULL CHECK (price > 0),
  fee             REAL NOT NULL DEFAULT 0,
  at              INTEGER NOT NULL,
  PRIMARY KEY (position_id, seq)
) WITHOUT ROWID;

-- Exits (partial or full); each carries exactly one reason.
CREATE TABLE position_exits (
  position_id     INTEGER NOT NULL REFERENCES positions (id),
  seq             INTEGER NOT NULL,
  client_order_id TEXT,
  quantity        REAL NOT NULL CHECK (quantity > 0),
  price           REAL NOT NULL CHECK (price > 0),
  fee             REAL NOT NULL DEFAULT 0,
  reason          TEXT NOT NULL CHECK (reason IN ('take_profit', 'stop_loss', 'trailing_stop', 'time_exit', 'signal', 'emergency_stop', 'manual')),
  note            TEXT,
  at              INTEGER NOT NULL,
  PRIMARY KEY (position_id, seq)
) WITHOUT ROWID;

-- The order journal: a row is written (status 'pending') before the order is sent; every later state is a
-- transition below. client_order_id is ours and unique forever.
CREATE TABLE orders (
  client_order_id   TEXT PRIMARY KEY,
  venue             TEXT NOT NULL,
  account_id        INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
  exchange_order_id TEXT,
  symbol            TEXT NOT NULL,
  side              TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
  type              TEXT NOT NULL CHECK (type IN ('market', 'limit', 'stop_limit')),
  price             REAL,
  stop_price        REAL,
  amount            REAL NOT NULL CHECK (amount > 0),
  filled            REAL NOT NULL DEFAULT 0 CHECK (filled >= 0),
  average_price     REAL,
  fee               REAL NOT NULL DEFAULT 0,
  fee_currency      TEXT,
  reduce_only       INTEGER NOT NULL DEFAULT 0 CHECK (reduce_only IN (0, 1)),
  status            TEXT NOT NULL CHECK (status IN ('pending', 'open', 'partially_filled', 'filled', 'canceled', 'rejected', 'expired', 'unknown')),
  strategy          TEXT,
  reason            TEXT NOT NULL,
  position_id       INTEGER REFERENCES positions (id),
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL
);
CREATE UNIQUE INDEX orders_by_exchange_id ON orders (venue, exchange_order_id) WHERE exchange_order_id IS NOT NULL;
CREATE INDEX orders_live ON orders (status) WHERE status IN ('pending', 'open', 'partially_filled', 'unknown');
CREATE INDEX orders_by_time ON orders (created_at);

-- Every state an order went through, append-only.
CREATE TABLE order_transitions (
  client_order_id   TEXT NOT NULL REFERENCES orders (client_order_id),
  seq               INTEGER NOT NULL,
  from_status       TEXT,
  to_status         TEXT NOT NULL,
  filled            REAL NOT NULL,
  exchange_order_id TEXT,
  note              TEXT,
  at                INTEGER NOT NULL,
  PRIMARY KEY (client_order_id, seq)
) WITHOUT ROWID;
CREATE TRIGGER order_transitions_append_only_update BEFORE UPDATE ON order_transitions
BEGIN SELECT RAISE(ABORT, 'the order journal is append-only'); END;
CREATE TRIGGER order_transitions_append_only_delete BEFORE DELETE ON order_transitions
BEGIN SELECT RAISE(ABORT, 'the order journal is append-only'); END;

-- Fills as the venue reported them; the (venue, fill id) key makes re-imports idempotent. No foreign key to
-- orders: reconciliation may import fills of orders Halyard did not place.
CREATE TABLE fills (
  venue             TEXT NOT NULL,
  fill_id           TEXT NOT NULL,
  client_order_id   TEXT NOT NULL,
  exchange_order_id TEXT,
  symbol            TEXT NOT NULL,
  side              TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
  price             REAL NOT NULL,
  amount            REAL NOT NULL CHECK (amount > 0),
  fee               REAL NOT NULL,
  fee_currency      TEXT NOT NULL,
  liquidity         TEXT NOT NULL CHECK (liquidity IN ('maker', 'taker')),
  time              INTEGER NOT NULL,
  PRIMARY KEY (venue, fill_id)
) WITHOUT ROWID;
CREATE INDEX fills_by_order ON fills (client_order_id);
CREATE INDEX fills_by_time ON fills (time);

-- Strategy configurations: the single source of truth, versioned (a change adds a version, never edits one).
CREATE TABLE strategy_configs (
  name       TEXT NOT NULL,
  version    INTEGER NOT NULL CHECK (version >= 1),
  strategy   TEXT NOT NULL,
  params     TEXT NOT NULL CHECK (json_valid(params)),
  symbols    TEXT NOT NULL CHECK (json_valid(symbols)),
  enabled    INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (name, version)
) WITHOUT ROWID;

-- Signals a strategy produced, with the score components behind them and what became of them.
CREATE TABLE signals (
  id         INTEGER PRIMARY KEY,
  time       INTEGER NOT NULL,
  strategy   TEXT NOT NULL,
  symbol     TEXT NOT NULL,
  timeframe  TEXT,
  kind       TEXT NOT NULL,
  score      REAL,
  components TEXT NOT NULL CHECK (json_valid(components)),
  reason     TEXT NOT NULL,
  outcome    TEXT
);
CREATE INDEX signals_by_strategy ON signals (strategy, symbol, time);
CREATE INDEX signals_by_time ON signals (time);

-- Risk and audit events: append-only and hash-chained (hash = sha256(prev_hash || canonical entry)).
-- audit_head is updated in the same transaction as each append so that a lost tail is detectable too.
CREATE TABLE audit_log (
  seq       INTEGER PRIMARY KEY,
  at        INTEGER NOT NULL,
  category  TEXT NOT NULL,
  action    TEXT NOT NULL,
  source    TEXT NOT NULL,
  detail    TEXT NOT NULL CHECK (json_valid(detail)),
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_log_by_category ON audit_log (category, seq);
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TABLE audit_head (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  seq  INTEGER NOT NULL,
  hash TEXT NOT NULL
);

-- Settings: key/value JSON (the halt flag lives here as `risk.halt`).
CREATE TABLE settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL CHECK (json_valid(value)),
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Backtest runs and their results.
CREATE TABLE backtest_runs (
  id          INTEGER PRIMARY KEY,
  strategy    TEXT NOT NULL,
  params      TEXT NOT NULL CHECK (json_valid(params)),
  symbols     TEXT NOT NULL CHECK (json_valid(symbols)),
  timeframe   TEXT NOT NULL,
  from_time   INTEGER,
  to_time     INTEGER,
  settings    TEXT NOT NULL CHECK (json_valid(settings)),
  status      TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
  error       TEXT,
  created_at  INTEGER NOT NULL,
  finished_at INTEGER
);
CREATE TABLE backtest_results (
  run_id      INTEGER PRIMARY KEY REFERENCES backtest_runs (id) ON DELETE CASCADE,
  metrics     TEXT NOT NULL CHECK (json_valid(metrics)),
  trades      TEXT NOT NULL CHECK (json_valid(trades)),
  equity      TEXT NOT NULL CHECK (json_valid(equity)),
  risk_events TEXT NOT NULL CHECK (json_valid(risk_events))
);
