/**
 * Our own Binance spot fixtures, shaped like the real REST bodies (field names, string decimals,
 * filter objects as https://github.com/binance/binance-spot-api-docs/blob/master/filters.md shows
 * them). Numbers are chosen for the tests: BTCUSDT has a 0.00001 step, a 0.0001 minimum and a
 * 5 USDT minimum notional; BNBUSDT still carries the older MIN_NOTIONAL filter (fees in BNB); BRDG is
 * listed against BTC only (BRDGBTC), so it is valued through BTC (core/accounts/valuation-route.ts).
 */
export interface StubSymbol {
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  readonly tickSize: string;
  readonly minPrice: string;
  readonly maxPrice: string;
  readonly stepSize: string;
  readonly minQty: string;
  readonly maxQty: string;
  readonly minNotional: string;
  readonly maxNotional: string;
  /** Which notional filter the symbol carries (filters.md documents both). */
  readonly notionalFilter?: 'NOTIONAL' | 'MIN_NOTIONAL';
  /** 24 h volume in the quote asset the ticker reports ("in quote asset", rest-api.md), of the order of Binance's own for such a pair. */
  readonly quoteVolume24h: number;
}

/** A USDT pair with Binance's 8-decimal strings; the large caps trade in finer steps up to a higher price. */
function usdtPair(base: string, stepSize: string, minQty: string, large: boolean, quoteVolume24h: number, extra: Partial<StubSymbol> = {}): StubSymbol {
  return {
    symbol: `${base}USDT`,
    base,
    quote: 'USDT',
    tickSize: '0.01000000',
    minPrice: '0.01000000',
    maxPrice: large ? '1000000.00000000' : '100000.00000000',
    stepSize,
    minQty,
    maxQty: large ? '9000.00000000' : '90000.00000000',
    minNotional: '5.00000000',
    maxNotional: '9000000.00000000',
    quoteVolume24h,
    ...extra,
  };
}

/**
 * A pair quoted in BTC, as rest-api.md's own examples are (ETHBTC in "Exchange information", BNBBTC and
 * LTCBTC in "24hr ticker price change statistics"): whole-coin steps, prices and notional in BTC, 8 decimals.
 */
function btcPair(base: string, quoteVolume24h: number): StubSymbol {
  const inBtc = { tickSize: '0.00000001', minPrice: '0.00000001', maxPrice: '1000.00000000', minNotional: '0.00010000', maxNotional: '9000.00000000' };
  return { ...usdtPair(base, '1.00000000', '1.00000000', false, quoteVolume24h), symbol: `${base}BTC`, quote: 'BTC', ...inBtc };
}

export const STUB_SYMBOLS: readonly StubSymbol[] = [
  usdtPair('BTC', '0.00001000', '0.00010000', true, 1_500_000_000),
  usdtPair('ETH', '0.00010000', '0.00010000', true, 1_200_000_000),
  usdtPair('SOL', '0.00100000', '0.00100000', false, 250_000_000),
  usdtPair('LTC', '0.00100000', '0.00100000', false, 40_000_000),
  usdtPair('BNB', '0.00100000', '0.00100000', false, 120_000_000, { notionalFilter: 'MIN_NOTIONAL' }),
  // A coin Binance lists against BTC only (a stand-in for the many such small caps): valued BRDG/BTC × BTC/USDT.
  btcPair('BRDG', 150),
];

export function exchangeInfoBody(serverTime: number): object {
  return {
    timezone: 'UTC',
    serverTime,
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
      { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 200000 },
      { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61000 },
    ],
    exchangeFilters: [],
    symbols: STUB_SYMBOLS.map(symbolInfo),
  };
}

export function symbolInfo(s: StubSymbol): { symbol: string; filters: readonly Record<string, string | number | boolean>[] } & Record<string, unknown> {
  return {
    symbol: s.symbol,
    status: 'TRADING',
    baseAsset: s.base,
    baseAssetPrecision: 8,
    quoteAsset: s.quote,
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    baseCommissionPrecision: 8,
    quoteCommissionPrecision: 8,
    orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'],
    icebergAllowed: true,
    ocoAllowed: true,
    otoAllowed: true,
    quoteOrderQtyMarketAllowed: true,
    allowTrailingStop: true,
    cancelReplaceAllowed: true,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: false,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: s.minPrice, maxPrice: s.maxPrice, tickSize: s.tickSize },
      { filterType: 'LOT_SIZE', minQty: s.minQty, maxQty: s.maxQty, stepSize: s.stepSize },
      { filterType: 'ICEBERG_PARTS', limit: 10 },
      { filterType: 'MARKET_LOT_SIZE', minQty: '0.00000000', maxQty: '100.00000000', stepSize: '0.00000000' },
      { filterType: 'TRAILING_DELTA', minTrailingAboveDelta: 10, maxTrailingAboveDelta: 2000, minTrailingBelowDelta: 10, maxTrailingBelowDelta: 2000 },
      { filterType: 'PERCENT_PRICE_BY_SIDE', bidMultiplierUp: '5', bidMultiplierDown: '0.2', askMultiplierUp: '5', askMultiplierDown: '0.2', avgPriceMins: 5 },
      s.notionalFilter === 'MIN_NOTIONAL'
        ? { filterType: 'MIN_NOTIONAL', minNotional: s.minNotional, applyToMarket: true, avgPriceMins: 5 }
        : { filterType: 'NOTIONAL', minNotional: s.minNotional, applyMinToMarket: true, maxNotional: s.maxNotional, applyMaxToMarket: false, avgPriceMins: 5 },
      { filterType: 'MAX_NUM_ORDERS', maxNumOrders: 200 },
      { filterType: 'MAX_NUM_ALGO_ORDERS', maxNumAlgoOrders: 5 },
    ],
    permissions: [],
    permissionSets: [['SPOT']],
    defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
    allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
  };
}

/** Binance prints decimals as strings with 8 places. */
export function dec(value: number): string {
  return value.toFixed(8);
}
