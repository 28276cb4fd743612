import { formatAmount } from '../../app/format';
import { useTradingStore } from '../../stores/trading';

/** Free / in-orders balance of the market's two currencies on the trading account. */
export function Balances({ base, quote }: { base: string | undefined; quote: string | undefined }) {
  const balances = useTradingStore((s) => s.balances);
  const loaded = useTradingStore((s) => s.loaded && s.error === null);
  const shown = [quote, base].filter((c): c is string => !!c).map((currency) => ({ currency, balance: balances.find((b) => b.currency === currency) }));
  if (!loaded) return null;
  return (
    <dl className="balances" aria-label="Available balance">
      {shown.map(({ currency, balance }) => (
        <div key={currency}>
          <dt>Avail. {currency}</dt>
          <dd className="num" data-testid={`balance-${currency}`}>
            {formatAmount(balance?.free ?? 0)}
            {balance && balance.used > 0 ? <span className="muted"> · {formatAmount(balance.used)} in orders</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}
