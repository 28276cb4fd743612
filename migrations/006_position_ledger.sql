-- Halyard database schema, version 6: one position ledger for every account and owner.

-- Positions are a projection of the journal's fills, keyed (account, owner, symbol): the owner is the
-- trader (`manual`) or a strategy configuration. Each fill's share of an owner's trade is a row of
-- fill_trades (version 3), now written for every owner, manual included. An order carries the trade it
-- was sent for and, for an exit, its one reason, so a fill is attributed the moment it is recorded.
ALTER TABLE orders ADD COLUMN trade_id TEXT;
ALTER TABLE orders ADD COLUMN exit_reason TEXT
  CHECK (exit_reason IS NULL OR exit_reason IN ('take_profit', 'stop_loss', 'trailing_stop', 'time_exit', 'signal', 'emergency_stop', 'manual'));

-- Strategy orders sent before this version: their trade and exit reason as their fills were attributed.
UPDATE orders SET
  trade_id = (SELECT t.trade_id FROM fill_trades t JOIN fills f ON f.venue = t.venue AND f.fill_id = t.fill_id
               WHERE f.client_order_id = orders.client_order_id AND t.strategy = orders.strategy LIMIT 1),
  exit_reason = (SELECT t.exit_reason FROM fill_trades t JOIN fills f ON f.venue = t.venue AND f.fill_id = t.fill_id
                  WHERE f.client_order_id = orders.client_order_id AND t.strategy = orders.strategy LIMIT 1)
WHERE strategy IS NOT NULL;
-- The emergency stop's flatten sells, and the trader's own sells, close with their reason.
UPDATE orders SET exit_reason = 'emergency_stop' WHERE exit_reason IS NULL AND side = 'sell' AND reason LIKE 'emergency_stop%';
UPDATE orders SET exit_reason = 'manual' WHERE exit_reason IS NULL AND side = 'sell' AND strategy IS NULL;

-- The exit plans saved per (account, owner, symbol) now also hold an exit still pending (see ExitStateBook).
-- positions, position_tranches and position_exits (version 1) are retired: nothing reads or writes them
-- (the ledger above replaced them); they stay so that orders.position_id keeps a valid reference.
