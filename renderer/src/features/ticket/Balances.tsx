import { formatAmount, formatPrice } from '../../app/format';
import { useTradingStore } from '../../stores/trading';

/** Free / in-orders balance of the market's two currencies on the trading account. */
export function Balances({ base, quote }: { base: string | undefined; quote: string | undefined }) {
  const balances = useTradingStore((s) => s.balances);
  const loaded = useTradingStore((s) => s.loaded && s.error === null);
  const shown = [quote, base].filter((c): c is string => !!c).map((currency) => ({ currency, balance: balances.find((b) => b.currency === currency) }));
  if (!loaded) return null;
  // The quote currency reads like money (2 decimals); the base keeps its small units.
  const show = (currency: string, value: number) => (currency === quote ? formatPrice(value, 2) : formatAmount(value));
  return (
    <dl className="balances" aria-label="Available balance">
      {shown.map(({ currency, balance }) => (
        <div key={currency}>
          <dt>Avail. {currency}</dt>
          <dd className="num" data-testid={`balance-${currency}`}>
            {show(currency, balance?.free ?? 0)}
            {balance && balance.used > 0 ? <span className="muted small"> ({show(currency, balance.used)} in orders)</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}
