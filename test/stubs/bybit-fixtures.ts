/**
 * Our own Bybit v5 USDT-perpetual instruments, shaped like the linear example of
 * https://github.com/bybit-exchange/docs/blob/main/docs/v5/market/instrument.mdx (GET
 * /v5/market/instruments-info): price filter, lot size filter with qtyStep and minNotionalValue,
 * leverage filter. Numbers are chosen for the tests.
 */
export interface BybitInstrument {
  readonly symbol: string;
  readonly baseCoin: string;
  readonly tickSize: string;
  readonly minPrice: string;
  readonly maxPrice: string;
  readonly qtyStep: string;
  readonly minOrderQty: string;
  readonly maxOrderQty: string;
  readonly maxMktOrderQty: string;
  readonly minNotionalValue: string;
  readonly priceScale: string;
}

export const BYBIT_INSTRUMENTS: readonly BybitInstrument[] = [
  { symbol: 'BTCUSDT', baseCoin: 'BTC', tickSize: '0.10', minPrice: '0.10', maxPrice: '1999999.80', qtyStep: '0.001', minOrderQty: '0.001', maxOrderQty: '1190.000', maxMktOrderQty: '500.000', minNotionalValue: '5', priceScale: '2' },
  { symbol: 'ETHUSDT', baseCoin: 'ETH', tickSize: '0.01', minPrice: '0.01', maxPrice: '199999.98', qtyStep: '0.01', minOrderQty: '0.01', maxOrderQty: '7240.00', maxMktOrderQty: '3620.00', minNotionalValue: '5', priceScale: '2' },
];

/** The leverage every position of the stub's account uses (Bybit's default is set per symbol). */
export const STUB_LEVERAGE = 10;
export const TAKER_FEE = 0.00055;
export const MAKER_FEE = 0.0002;

export function instrumentBody(i: BybitInstrument): Record<string, unknown> {
  return {
    symbol: i.symbol,
    contractType: 'LinearPerpetual',
    status: 'Trading',
    baseCoin: i.baseCoin,
    quoteCoin: 'USDT',
    launchTime: '1585526400000',
    deliveryTime: '0',
    deliveryFeeRate: '',
    priceScale: i.priceScale,
    leverageFilter: { minLeverage: '1', maxLeverage: '100.00', leverageStep: '0.01' },
    priceFilter: { minPrice: i.minPrice, maxPrice: i.maxPrice, tickSize: i.tickSize },
    lotSizeFilter: { maxOrderQty: i.maxOrderQty, minOrderQty: i.minOrderQty, qtyStep: i.qtyStep, postOnlyMaxOrderQty: i.maxOrderQty, maxMktOrderQty: i.maxMktOrderQty, minNotionalValue: i.minNotionalValue },
    unifiedMarginTrade: true,
    fundingInterval: 480,
    settleCoin: 'USDT',
    copyTrading: 'both',
    upperFundingRate: '0.00375',
    lowerFundingRate: '-0.00375',
    isPreListing: false,
    preListingInfo: null,
    riskParameters: { priceLimitRatioX: '0.01', priceLimitRatioY: '0.02' },
    symbolType: '',
  };
}
