import type { PriceFormatCustom } from 'lightweight-charts';
import { formatPrice } from '../../app/format';

/**
 * A price scale at the market's decimals with thousands grouped (97,000.00), as the rest of the terminal
 * writes prices: the series' own format (lightweight-charts' `custom` price format), so the volume and a
 * bounded oscillator's pane (RSI) keep theirs, which a chart-wide `localization.priceFormatter` would override.
 */
export function marketPriceFormat(decimals: number): PriceFormatCustom {
  return { type: 'custom', minMove: 10 ** -decimals, formatter: (price: number) => formatPrice(price, decimals) };
}
