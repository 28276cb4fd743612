-- Halyard database schema, version 10: the risk events log is kept across restarts, and each trade's
-- first stop is remembered for its R multiple.

-- What the risk layer said, newest last: rejections (one row per episode, its repeats counted), regime
-- changes, cooldowns, breaker trips, halts and re-arms, reconciliations. The Logs/Events tab reads it.
CREATE TABLE risk_events (
  id        INTEGER PRIMARY KEY,
  time      INTEGER NOT NULL,
  last_time INTEGER NOT NULL,
  kind      TEXT NOT NULL CHECK (length(kind) > 0),
  detail    TEXT NOT NULL,
  rule      TEXT,
  strategy  TEXT,
  symbol    TEXT,
  repeats   INTEGER NOT NULL DEFAULT 0 CHECK (repeats >= 0)
);
CREATE INDEX risk_events_by_kind ON risk_events (kind, id);

-- The stop a trade had when it was first set: the risk the trade was opened with (1 R). Later moves of
-- the stop (trailing, break-even) do not change what one R was.
CREATE TABLE trade_initial_stops (
  venue       TEXT NOT NULL,
  trade_id    TEXT NOT NULL,
  owner       TEXT NOT NULL,
  stop_price  REAL NOT NULL CHECK (stop_price > 0),
  recorded_at INTEGER NOT NULL,
  PRIMARY KEY (venue, trade_id)
);
