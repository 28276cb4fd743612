import { z } from 'zod';
import { symbolSchema, type MarketSymbol } from '../market/candle.js';
import type { WatchlistStore } from '../market/watchlist-editor.js';
import type { OrderJournal } from '../orders/journal.js';
import type { PositionLedger } from '../positions/ledger.js';
import type { ConfigStore } from '../runner/config-record.js';
import type { SettingsRepository } from '../store/repositories/settings.js';

const savedSchema = z.array(symbolSchema).max(200);

/** Each source's watchlist as a setting (`market.watchlist:<source>`); an unreadable one counts as none. */
export function settingsWatchlistStore(settings: Pick<SettingsRepository, 'getRaw' | 'set'>): WatchlistStore {
  const key = (source: string) => `market.watchlist:${source}`;
  return {
    load: (source) => {
      const parsed = savedSchema.safeParse(settings.getRaw(key(source)));
      return parsed.success ? parsed.data : null;
    },
    save: (source, symbols) => settings.set(key(source), symbols),
  };
}

/** Why the desk still needs a symbol on the watchlist: an open position, a working order, a strategy configuration. */
export function symbolInUse(symbol: MarketSymbol, desk: { ledger: Pick<PositionLedger, 'entries'>; journal: Pick<OrderJournal, 'live'>; configs: Pick<ConfigStore, 'list'> }): string | null {
  const position = desk.ledger.entries().find((entry) => entry.symbol === symbol);
  if (position) return `${position.owner === 'manual' ? 'your' : `${position.owner}'s`} position there is open (close it first)`;
  if (desk.journal.live().some((order) => order.symbol === symbol)) return 'an order there is still working (cancel it first)';
  const config = desk.configs.list().find((record) => record.symbols.includes(symbol));
  if (config) return `strategy configuration "${config.name}" trades it (remove it from its symbols first)`;
  return null;
}
