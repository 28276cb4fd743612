-- Halyard database schema, version 8: the orchestrator — the decision log, trade outcomes per
-- configuration, threshold adjustments driven by shadows, and the learned setup filter's models.
-- (Budgets, reserves and per-configuration policies are settings: `allocation:<account>`, `policy:<config>`.)

-- Every decision the orchestrator made about an entry — taken, skipped (conflict, arbitration, the
-- learned filter), refused (budget, reserve, Kelly) — and every near miss, with the features known
-- when it was made. `feature_times` holds, per feature, the close time of the newest bar it read:
-- never later than `time` (training refuses a row where it is). Outcomes arrive when the trade closes.
-- Shadow lanes and backtests add the trades they took, marked by `source`; `ref` keeps them unique.
CREATE TABLE decisions (
  id             INTEGER PRIMARY KEY,
  time           INTEGER NOT NULL,
  account        TEXT NOT NULL,
  config         TEXT NOT NULL,
  strategy       TEXT NOT NULL,
  version        INTEGER NOT NULL,
  symbol         TEXT NOT NULL,
  source         TEXT NOT NULL CHECK (source IN ('live', 'paper', 'shadow', 'backtest')),
  verdict        TEXT NOT NULL CHECK (verdict IN ('entered', 'skipped', 'refused', 'near_miss')),
  reason         TEXT NOT NULL,
  score          REAL,
  threshold      REAL,
  model_score    REAL,
  features       TEXT NOT NULL CHECK (json_valid(features)),
  feature_times  TEXT NOT NULL CHECK (json_valid(feature_times)),
  trade_id       TEXT,
  ref            TEXT,
  outcome_return REAL,
  outcome_pnl    REAL,
  closed_at      INTEGER
);
CREATE INDEX decisions_by_config ON decisions (config, time);
CREATE INDEX decisions_by_trade ON decisions (account, config, trade_id);
CREATE UNIQUE INDEX decisions_by_ref ON decisions (config, source, ref) WHERE ref IS NOT NULL;

-- Each configuration's closed trades on an account (partial exits summed into their trade): the sample
-- expected value and Kelly sizing are computed from, and the labels of the learned filter.
CREATE TABLE trade_outcomes (
  account   TEXT NOT NULL,
  owner     TEXT NOT NULL,
  trade_id  TEXT NOT NULL,
  symbol    TEXT NOT NULL,
  source    TEXT NOT NULL CHECK (source IN ('live', 'paper')),
  opened_at INTEGER NOT NULL,
  closed_at INTEGER NOT NULL,
  cost      REAL NOT NULL CHECK (cost >= 0),
  pnl       REAL NOT NULL,
  closed    INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1)),
  PRIMARY KEY (account, owner, trade_id)
) WITHOUT ROWID;
CREATE INDEX trade_outcomes_by_owner ON trade_outcomes (owner, symbol, closed_at);

-- Parameter adjustments the threshold manager proposed or made from shadow evidence: each applied one
-- is a new configuration version (from_version → to_version), audited, and can be reverted.
CREATE TABLE threshold_adjustments (
  id             INTEGER PRIMARY KEY,
  config         TEXT NOT NULL,
  created_at     INTEGER NOT NULL,
  status         TEXT NOT NULL CHECK (status IN ('proposed', 'applied', 'declined', 'rolled_back', 'reverted', 'superseded')),
  mode           TEXT NOT NULL CHECK (mode IN ('propose', 'auto')),
  variant        TEXT NOT NULL,
  confidence     TEXT NOT NULL CHECK (confidence IN ('HIGH', 'MEDIUM', 'LOW')),
  p_value        REAL NOT NULL,
  from_version   INTEGER NOT NULL,
  to_version     INTEGER,
  changes        TEXT NOT NULL CHECK (json_valid(changes)),
  evidence       TEXT NOT NULL CHECK (json_valid(evidence)),
  kept_as        TEXT,
  applied_at     INTEGER,
  trailing_since INTEGER,
  decided_at     INTEGER,
  decided_by     TEXT,
  note           TEXT
);
CREATE INDEX threshold_adjustments_by_config ON threshold_adjustments (config, created_at);

-- The learned setup filter of each configuration: every trained version with its features, its model
-- and its out-of-sample (walk-forward) results against the rule-only baseline. At most one is active.
CREATE TABLE learned_models (
  id         INTEGER PRIMARY KEY,
  config     TEXT NOT NULL,
  version    INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  trigger    TEXT NOT NULL CHECK (trigger IN ('manual', 'schedule')),
  features   TEXT NOT NULL CHECK (json_valid(features)),
  samples    TEXT NOT NULL CHECK (json_valid(samples)),
  metrics    TEXT NOT NULL CHECK (json_valid(metrics)),
  model      TEXT CHECK (model IS NULL OR json_valid(model)),
  active     INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
  status     TEXT NOT NULL,
  UNIQUE (config, version)
);
