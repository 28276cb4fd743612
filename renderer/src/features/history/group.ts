import type { FillView } from '../../../../core/api/contract/trading';

/** All entries and exits of one position (the core's trade id), oldest fill first. */
export interface TradeGroup {
  id: string;
  /** False for fills the core gave no trade id: shown one order at a time, never guessed into trades. */
  grouped: boolean;
  symbol: string;
  source: string;
  /** The side that opened the trade; fills on the other side are exits. */
  entrySide: 'buy' | 'sell';
  entries: FillView[];
  exits: { fill: FillView; reason: string | null }[];
  openedAt: number;
  lastAt: number;
}

/**
 * Groups fills into trades by the trade id the core assigns (fills without one stand alone, by
 * order). Exit reasons are the ones the core named on each exit fill. No amounts are computed here.
 */
export function groupTrades(fills: readonly FillView[]): TradeGroup[] {
  const groups = new Map<string, FillView[]>();
  for (const fill of fills) {
    const key = fill.tradeId ?? `order:${fill.clientOrderId}`;
    const list = groups.get(key);
    if (list) list.push(fill);
    else groups.set(key, [fill]);
  }
  const trades: TradeGroup[] = [];
  for (const [id, list] of groups) {
    list.sort((a, b) => a.time - b.time || a.id.localeCompare(b.id));
    const first = list[0]!;
    const entries = list.filter((f) => f.side === first.side);
    const exits = list.filter((f) => f.side !== first.side).map((fill) => ({ fill, reason: fill.exitReason }));
    trades.push({ id, grouped: !id.startsWith('order:'), symbol: first.symbol, source: first.source, entrySide: first.side, entries, exits, openedAt: first.time, lastAt: list.at(-1)!.time });
  }
  return trades.sort((a, b) => b.lastAt - a.lastAt);
}
