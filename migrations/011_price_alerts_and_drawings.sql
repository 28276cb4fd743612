-- Halyard database schema, version 11: price alerts get a table of their own (above / below / crossing,
-- once or every time), and the chart's drawings (horizontal lines, trend lines, Fibonacci retracements)
-- are kept per symbol.

-- A price alert on one market. `triggered_at` is its latest firing; a `once` alert that fired is done
-- (still listed until removed), an `every` alert fires again each time the price comes back to it.
CREATE TABLE price_alerts (
  id           INTEGER PRIMARY KEY,
  symbol       TEXT NOT NULL CHECK (length(symbol) > 0),
  direction    TEXT NOT NULL CHECK (direction IN ('above', 'below', 'crossing')),
  price        REAL NOT NULL CHECK (price > 0),
  repeat       TEXT NOT NULL CHECK (repeat IN ('once', 'every')),
  created_at   INTEGER NOT NULL,
  triggered_at INTEGER,
  fire_count   INTEGER NOT NULL DEFAULT 0 CHECK (fire_count >= 0)
);
CREATE INDEX price_alerts_by_symbol ON price_alerts (symbol, id);

-- Version 10 kept price alerts (above/below, once) as JSON in the settings table: carried over as they were.
INSERT INTO price_alerts (id, symbol, direction, price, repeat, created_at, triggered_at, fire_count)
  SELECT json_extract(alert.value, '$.id'),
         json_extract(alert.value, '$.symbol'),
         json_extract(alert.value, '$.direction'),
         json_extract(alert.value, '$.price'),
         'once',
         json_extract(alert.value, '$.createdAt'),
         json_extract(alert.value, '$.triggeredAt'),
         CASE WHEN json_extract(alert.value, '$.triggeredAt') IS NULL THEN 0 ELSE 1 END
    FROM settings, json_each(settings.value, '$.alerts') AS alert
   WHERE settings.key = 'alerts.priceAlerts';
DELETE FROM settings WHERE key = 'alerts.priceAlerts';

-- A drawing on one symbol's chart: its anchor points as JSON [{ "time": ms, "price": n }, …]
-- (one for a horizontal line, two for a trend line or a Fibonacci retracement).
CREATE TABLE chart_drawings (
  id         INTEGER PRIMARY KEY,
  symbol     TEXT NOT NULL CHECK (length(symbol) > 0),
  kind       TEXT NOT NULL CHECK (kind IN ('horizontal', 'trend', 'fibonacci')),
  points     TEXT NOT NULL CHECK (json_valid(points)),
  created_at INTEGER NOT NULL
);
CREATE INDEX chart_drawings_by_symbol ON chart_drawings (symbol, id);
