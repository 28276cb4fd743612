-- Halyard database schema, version 2: the paper account survives a restart.
-- Orders and fills of the paper account are already in the journal (orders, order_transitions, fills);
-- these tables hold only what the simulated venue itself needs to carry on: balance totals, the funds
-- and progress of its working orders, and its id counters. Ledger amounts are integers of 10^-12 units
-- (core/exchange/paper-decimal.ts) stored as decimal TEXT, because they can exceed SQLite's 64-bit INTEGER.

-- One row per paper account ('paper' is the default account).
CREATE TABLE paper_accounts (
  id         TEXT PRIMARY KEY,
  -- Last exchange order number and fill number handed out, so ids never repeat across restarts.
  order_seq  INTEGER NOT NULL CHECK (order_seq >= 0),
  fill_seq   INTEGER NOT NULL CHECK (fill_seq >= 0),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  -- When the trader last reset the account to its starting balance (null: never).
  reset_at   INTEGER
) WITHOUT ROWID;

-- Total balance (free + reserved) per currency; what is reserved follows from paper_orders.
CREATE TABLE paper_balances (
  account     TEXT NOT NULL REFERENCES paper_accounts (id) ON DELETE CASCADE,
  currency    TEXT NOT NULL,
  total_units TEXT NOT NULL CHECK (total_units GLOB '[0-9]*' AND total_units NOT GLOB '*[^0-9]*'),
  PRIMARY KEY (account, currency)
) WITHOUT ROWID;

-- Orders working on the paper exchange (open or partially filled); a row is removed when its order ends.
-- The request is kept here too, so the venue restores itself without reading the journal.
CREATE TABLE paper_orders (
  account           TEXT NOT NULL REFERENCES paper_accounts (id) ON DELETE CASCADE,
  client_order_id   TEXT NOT NULL,
  exchange_order_id TEXT NOT NULL,
  symbol            TEXT NOT NULL,
  side              TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
  type              TEXT NOT NULL CHECK (type IN ('market', 'limit', 'stop_limit')),
  amount            REAL NOT NULL CHECK (amount > 0),
  price             REAL,
  stop_price        REAL,
  reduce_only       INTEGER NOT NULL CHECK (reduce_only IN (0, 1)),
  status            TEXT NOT NULL CHECK (status IN ('open', 'partially_filled')),
  reserved_currency TEXT NOT NULL,
  reserved_units    TEXT NOT NULL CHECK (reserved_units GLOB '[0-9]*' AND reserved_units NOT GLOB '*[^0-9]*'),
  filled_units      TEXT NOT NULL CHECK (filled_units GLOB '[0-9]*' AND filled_units NOT GLOB '*[^0-9]*'),
  cost_units        TEXT NOT NULL CHECK (cost_units GLOB '[0-9]*' AND cost_units NOT GLOB '*[^0-9]*'),
  fee_units         TEXT NOT NULL CHECK (fee_units GLOB '[0-9]*' AND fee_units NOT GLOB '*[^0-9]*'),
  triggered         INTEGER NOT NULL CHECK (triggered IN (0, 1)),
  fresh             INTEGER NOT NULL CHECK (fresh IN (0, 1)),
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  PRIMARY KEY (account, client_order_id)
) WITHOUT ROWID;
