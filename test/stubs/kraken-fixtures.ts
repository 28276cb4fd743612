/**
 * Our own Kraken spot fixtures shaped like GET /0/public/AssetPairs and /0/public/Assets
 * (docs.kraken.com/api/docs/rest-api/get-tradable-asset-pairs, …/get-asset-info): XBT/USDT with
 * Kraken's price precision (`pair_decimals`, `tick_size`), volume precision (`lot_decimals`) and
 * minimums (`ordermin` in base, `costmin` in quote).
 */
export interface KrakenPair {
  readonly id: string;
  readonly altname: string;
  readonly wsname: string;
  readonly base: string;
  readonly quote: string;
  readonly pairDecimals: number;
  readonly lotDecimals: number;
  readonly tickSize: string;
  readonly ordermin: string;
  readonly costmin: string;
}

export const KRAKEN_PAIRS: readonly KrakenPair[] = [
  { id: 'XBTUSDT', altname: 'XBTUSDT', wsname: 'XBT/USDT', base: 'XXBT', quote: 'USDT', pairDecimals: 1, lotDecimals: 8, tickSize: '0.1', ordermin: '0.0001', costmin: '0.5' },
  { id: 'ETHUSDT', altname: 'ETHUSDT', wsname: 'ETH/USDT', base: 'XETH', quote: 'USDT', pairDecimals: 2, lotDecimals: 8, tickSize: '0.01', ordermin: '0.002', costmin: '0.5' },
];

export const KRAKEN_ASSETS: Readonly<Record<string, object>> = {
  XXBT: { aclass: 'currency', altname: 'XBT', decimals: 10, display_decimals: 5, collateral_value: '1', status: 'enabled' },
  XETH: { aclass: 'currency', altname: 'ETH', decimals: 10, display_decimals: 5, collateral_value: '1', status: 'enabled' },
  USDT: { aclass: 'currency', altname: 'USDT', decimals: 8, display_decimals: 4, collateral_value: '1', status: 'enabled' },
};

export function pairBody(p: KrakenPair): object {
  return {
    altname: p.altname,
    wsname: p.wsname,
    aclass_base: 'currency',
    base: p.base,
    aclass_quote: 'currency',
    quote: p.quote,
    lot: 'unit',
    cost_decimals: 5,
    pair_decimals: p.pairDecimals,
    lot_decimals: p.lotDecimals,
    lot_multiplier: 1,
    leverage_buy: [2, 3],
    leverage_sell: [2, 3],
    fees: [[0, 0.26], [50_000, 0.24]],
    fees_maker: [[0, 0.16], [50_000, 0.14]],
    fee_volume_currency: 'ZUSD',
    margin_call: 80,
    margin_stop: 40,
    ordermin: p.ordermin,
    costmin: p.costmin,
    tick_size: p.tickSize,
    status: 'online',
  };
}

/** Taker fee of the lowest tier (0.26%), maker 0.16%: the stub charges these in the quote currency. */
export const KRAKEN_TAKER = 0.0026;
export const KRAKEN_MAKER = 0.0016;
