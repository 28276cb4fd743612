import { EmptyState } from '../../app/EmptyState';
import { formatAmount, formatPrice, QUOTE_DECIMALS } from '../../app/format';
import { useTradingStore } from '../../stores/trading';

const STABLE = /^(USD|USDT|USDC|EUR|GBP|DAI|FDUSD|TUSD)$/;

/** Every balance of the trading account: free, reserved by open orders, and total. */
export function AccountBalances() {
  const balances = useTradingStore((s) => s.balances);
  const loaded = useTradingStore((s) => s.loaded);
  const error = useTradingStore((s) => s.error);
  const shown = balances.filter((b) => b.total !== 0 || b.used !== 0);
  // Fiat and stablecoins read like money; coins keep their small units.
  const show = (currency: string, value: number) => (STABLE.test(currency) ? formatPrice(value, QUOTE_DECIMALS) : formatAmount(value));
  return (
    <section className="account panel" aria-label="Paper account">
      <header className="panel-header">
        <h2>Account</h2>
        <span className="muted small">paper</span>
      </header>
      {error ? <EmptyState tone="error" title="Balances are unavailable" detail={error} /> : null}
      {loaded && !error ? (
        <table className="mini-table balances-table" aria-label="Balances">
          <thead>
            <tr>
              <th scope="col">Asset</th>
              <th scope="col" className="num">Free</th>
              <th scope="col" className="num">In orders</th>
              <th scope="col" className="num">Total</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((b) => (
              <tr key={b.currency} data-currency={b.currency}>
                <th scope="row">{b.currency}</th>
                <td className="num">{show(b.currency, b.free)}</td>
                <td className="num muted">{b.used ? show(b.currency, b.used) : '—'}</td>
                <td className="num">{show(b.currency, b.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
