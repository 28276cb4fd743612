import type { RiskStateView } from '../../../../core/api/contract/risk';
import { formatAmount, formatDuration, formatPrice } from '../../app/format';

type Equity = NonNullable<RiskStateView['equity']>;

/** Each coin equity leaves out for want of a price (never shown as worth zero); nothing when there is none. */
export function UnvaluedHoldings({ holdings }: { holdings: Equity['unvalued'] }) {
  if (holdings.length === 0) return null;
  return (
    <ul className="small warn-text" aria-label="Holdings not valued">
      {holdings.map((holding) => (
        <li key={holding.currency} data-currency={holding.currency}>
          {formatAmount(holding.total)} {holding.currency} not valued (left out of equity): {holding.reason}
        </li>
      ))}
    </ul>
  );
}

/** "12 min ago", "2h 05m ago": how old the venue's prices behind equity are (wall clock, as the core read them). */
function ago(at: number): string {
  const ms = Math.max(0, Date.now() - at);
  return ms < 3_600_000 ? `${Math.floor(ms / 60_000)} min ago` : `${formatDuration(ms)} ago`;
}

/** The shown account's equity now, how old its venue prices are when they are stale, and each coin it leaves out. */
export function AccountEquity({ equity }: { equity: RiskStateView['equity'] }) {
  if (!equity) return null;
  const quote = equity.quote ? ` ${equity.quote}` : '';
  return (
    <>
      <p className="small" data-testid="risk-equity">
        Equity now <b className="num">{formatPrice(equity.value, 2)}</b>
        {quote}
        {equity.pricesStale && equity.pricesAt !== undefined ? (
          // The last prices are still counted (zero would trip the breaker); the trader is told they are old.
          <span className="warn-text" data-testid="risk-equity-stale">
            {' '}
            · prices from {ago(equity.pricesAt)}
          </span>
        ) : null}
      </p>
      <UnvaluedHoldings holdings={equity.unvalued} />
    </>
  );
}
