import type { RiskStateView } from '../../../../core/api/contract/risk';
import { formatAmount, formatPrice } from '../../app/format';

/** The shown account's equity now, and each coin it leaves out for want of a price (never shown as worth zero). */
export function AccountEquity({ equity }: { equity: RiskStateView['equity'] }) {
  if (!equity) return null;
  const quote = equity.quote ? ` ${equity.quote}` : '';
  return (
    <>
      <p className="small" data-testid="risk-equity">
        Equity now <b className="num">{formatPrice(equity.value, 2)}</b>
        {quote}
      </p>
      {equity.unvalued.length > 0 ? (
        <ul className="small warn-text" aria-label="Holdings not valued">
          {equity.unvalued.map((holding) => (
            <li key={holding.currency} data-currency={holding.currency}>
              {formatAmount(holding.total)} {holding.currency} not valued (left out of equity): {holding.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
