-- Halyard database schema, version 5: shadow variants of a strategy configuration.

-- Parameter variants the trader runs beside a configuration's champion (its current parameters) on the
-- same live bars, each on its own private paper lane: no order from them reaches any account. Kept per
-- configuration name so the comparison resumes after a restart; params are already validated by the
-- strategy's schema (defaults applied), as strategy_configs stores them.
CREATE TABLE strategy_shadows (
  config     TEXT NOT NULL,
  id         TEXT NOT NULL CHECK (length(id) > 0),
  params     TEXT NOT NULL CHECK (json_valid(params)),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (config, id)
) WITHOUT ROWID;
