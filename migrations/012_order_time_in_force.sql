-- Halyard database schema, version 12: an order's post-only flag and time in force are journaled with it,
-- so a modified order is replaced with the same options and a paper order working across a restart keeps
-- them (an IOC order waiting for its first bar still expires unfilled after it).

-- Orders journaled before this version went out without either option (good till cancelled, may take).
ALTER TABLE orders ADD COLUMN post_only INTEGER NOT NULL DEFAULT 0 CHECK (post_only IN (0, 1));
ALTER TABLE orders ADD COLUMN time_in_force TEXT NOT NULL DEFAULT 'GTC' CHECK (time_in_force IN ('GTC', 'IOC', 'FOK'));

ALTER TABLE paper_orders ADD COLUMN post_only INTEGER NOT NULL DEFAULT 0 CHECK (post_only IN (0, 1));
ALTER TABLE paper_orders ADD COLUMN time_in_force TEXT NOT NULL DEFAULT 'GTC' CHECK (time_in_force IN ('GTC', 'IOC', 'FOK'));
