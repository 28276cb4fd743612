-- Halyard database schema, version 4: a strategy configuration chooses the account it trades on.

-- `paper` (the default: every configuration saved before this version keeps trading on paper) or an
-- armed live account's key `<exchange>:<label>`, the same key its orders and fills are journaled under.
ALTER TABLE strategy_configs ADD COLUMN account TEXT NOT NULL DEFAULT 'paper' CHECK (length(account) > 0);
