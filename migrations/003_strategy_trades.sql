-- Halyard database schema, version 3: strategy trading survives a restart, and P&L honours a paper reset.

-- Which trade (position) of which strategy configuration each fill belongs to and, for an exit, its one
-- reason. Written in the same transaction as the fill itself (the paper exchange commits a bar's fills
-- with what its listeners write). One fill can belong to several configurations' trades: the emergency
-- stop's flatten sells the bot's whole holding in one order, and each engine takes its `quantity` of it.
-- Positions are rebuilt from these rows and the fills they point to; Trade History groups by trade_id.
CREATE TABLE fill_trades (
  venue       TEXT NOT NULL,
  fill_id     TEXT NOT NULL,
  strategy    TEXT NOT NULL,
  trade_id    TEXT NOT NULL,
  quantity    REAL NOT NULL CHECK (quantity > 0),
  exit_reason TEXT CHECK (exit_reason IS NULL OR exit_reason IN ('take_profit', 'stop_loss', 'trailing_stop', 'time_exit', 'signal', 'emergency_stop', 'manual')),
  recorded_at INTEGER NOT NULL,
  PRIMARY KEY (venue, fill_id, strategy)
) WITHOUT ROWID;
CREATE INDEX fill_trades_by_strategy ON fill_trades (strategy, venue);

-- The live exit plan of a configuration's open position (stop, take profits still to come, trailing stop
-- and whether it is armed, time-exit deadline) and the highest price since entry. It cannot be re-derived
-- from fills (the strategy decided it, and take profits/trailing progress with the market), so it is
-- saved whenever it changes and restored with the position. Removed when the position closes.
CREATE TABLE strategy_exit_states (
  venue      TEXT NOT NULL,
  strategy   TEXT NOT NULL,
  symbol     TEXT NOT NULL,
  trade_id   TEXT NOT NULL,
  state      TEXT NOT NULL CHECK (json_valid(state)),
  highest    REAL NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (venue, strategy, symbol)
) WITHOUT ROWID;

-- The paper exchange's fill counter when the trader last reset the account: fills numbered above it are
-- the current session's (P&L and the equity curve start over there). reset_at is wall-clock time while
-- fills carry the market's time, so the fill number is the boundary both agree on.
ALTER TABLE paper_accounts ADD COLUMN reset_fill_seq INTEGER CHECK (reset_fill_seq IS NULL OR reset_fill_seq >= 0);
