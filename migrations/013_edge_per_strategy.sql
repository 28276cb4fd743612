-- Halyard database schema, version 13: a configuration's edge, Kelly sizing, edge-decay alerts and learned
-- filter count only the evidence of the strategy it runs now. A configuration whose strategy was changed
-- under the same name (channel → breakout) starts with its own trades; the old strategy's stay readable.

-- The strategy that opened each trade (its entry decision's, else the configuration's newest version's).
ALTER TABLE trade_outcomes ADD COLUMN strategy TEXT;
UPDATE trade_outcomes SET strategy = coalesce(
  (SELECT d.strategy FROM decisions d WHERE d.account = trade_outcomes.account AND d.config = trade_outcomes.owner AND d.trade_id = trade_outcomes.trade_id AND d.verdict = 'entered' ORDER BY d.id LIMIT 1),
  (SELECT c.strategy FROM strategy_configs c WHERE c.name = trade_outcomes.owner ORDER BY c.version DESC LIMIT 1)
);
CREATE INDEX trade_outcomes_by_strategy ON trade_outcomes (owner, strategy, symbol, closed_at);

-- The strategy each learned filter was trained for: a version trained on another strategy is never used.
ALTER TABLE learned_models ADD COLUMN strategy TEXT;
UPDATE learned_models SET strategy = coalesce(
  (SELECT c.strategy FROM strategy_configs c WHERE c.name = learned_models.config AND c.created_at <= learned_models.created_at ORDER BY c.version DESC LIMIT 1),
  (SELECT c.strategy FROM strategy_configs c WHERE c.name = learned_models.config ORDER BY c.version DESC LIMIT 1)
);
