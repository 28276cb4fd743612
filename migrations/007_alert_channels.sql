-- Halyard database schema, version 7: alert channels (Telegram, Slack, Discord, signed webhooks) and
-- their delivery log.

-- A channel as the UI may see it. The bot token or webhook URL (and a webhook's signing key) live only
-- in the OS keychain under `secret_ref`; `target` is the harmless description the UI shows (a host, a
-- bot name, a chat id). `api_base_url` is NULL for the real service and a loopback URL only for tests.
CREATE TABLE alert_channels (
  id               INTEGER PRIMARY KEY,
  kind             TEXT NOT NULL CHECK (kind IN ('telegram', 'slack', 'discord', 'webhook')),
  name             TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 40),
  secret_ref       TEXT NOT NULL UNIQUE CHECK (length(secret_ref) > 0),
  target           TEXT NOT NULL,
  chat_id          TEXT,
  api_base_url     TEXT,
  routing          TEXT NOT NULL CHECK (json_valid(routing)),
  allowed_chat_ids TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(allowed_chat_ids)),
  enabled          INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  created_at       INTEGER NOT NULL
);

-- What each channel was asked to deliver and what became of it (kept bounded per channel).
CREATE TABLE alert_deliveries (
  id         INTEGER PRIMARY KEY,
  channel_id INTEGER NOT NULL REFERENCES alert_channels (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  kind       TEXT NOT NULL,
  level      TEXT NOT NULL CHECK (level IN ('info', 'warning', 'critical')),
  text       TEXT NOT NULL,
  status     TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'retrying', 'failed', 'dropped')),
  attempts   INTEGER NOT NULL DEFAULT 0,
  detail     TEXT
);
CREATE INDEX alert_deliveries_by_channel ON alert_deliveries (channel_id, id);
