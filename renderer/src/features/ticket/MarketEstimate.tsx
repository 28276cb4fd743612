import { useEffect, useState } from 'react';
import type { FillEstimateView } from '../../../../core/api/contract/depth';
import { api } from '../../api/client';
import { formatPrice } from '../../app/format';

const AMOUNT = /^\d{1,18}(\.\d{1,18})?$/;
const pct = (value: number) => `${value >= 0.1 || value === 0 ? value.toFixed(2) : String(Number(value.toPrecision(2)))} %`;

/**
 * Before a market order: its expected fill from the book, the spread and the slippage against the last
 * price — the same check the order road makes, so an order it would refuse says so (with the numbers)
 * before it is sent.
 */
export function MarketEstimate({ symbol, side, amount, decimals, account = 'paper', onPrice }: { symbol: string; side: 'buy' | 'sell'; amount: string; decimals: number; account?: string; onPrice?(price: number | null): void }) {
  const [estimate, setEstimate] = useState<FillEstimateView | null>(null);
  const valid = AMOUNT.test(amount.trim()) && Number(amount) > 0;
  // The ticket's cost preview prices a market order at its expected fill.
  useEffect(() => onPrice?.(valid ? (estimate?.expectedPrice ?? null) : null), [estimate, valid, onPrice]);
  useEffect(() => {
    setEstimate(null);
    if (!valid) return;
    let current = true;
    const ask = () =>
      api
        .call('market.fillEstimate', { symbol, side, amount: amount.trim(), account })
        .then((next) => current && setEstimate(next))
        .catch(() => current && setEstimate(null)); // the order itself reports any problem when sent
    const timer = setTimeout(ask, 200);
    // The book moves: the estimate follows it while the trader looks at it.
    const refresh = setInterval(ask, 2_000);
    return () => {
      current = false;
      clearTimeout(timer);
      clearInterval(refresh);
    };
  }, [symbol, side, amount, valid, account]);
  if (!valid || !estimate) return <p className="muted small ticket-note">Fills at the best available price; slippage applies.</p>;
  if (estimate.expectedPrice === null) return <p className="muted small ticket-note">{estimate.message ?? 'No order book to estimate from.'}</p>;
  return (
    <div className="market-estimate small" data-testid="market-estimate">
      <p className="ticket-note">
        Expected fill ≈ <b>{formatPrice(estimate.expectedPrice, decimals)}</b>
        {estimate.spreadPct !== null ? ` · spread ${pct(estimate.spreadPct)}` : ''}
        {estimate.slippagePct !== null ? ` · slippage ${pct(estimate.slippagePct)} vs last` : ''} <span className="muted">(max {pct(estimate.maxSlippagePct)})</span>
      </p>
      {!estimate.allowed && estimate.message ? (
        <p className="form-error" data-testid="market-estimate-refusal">
          Would be refused: {estimate.message}
        </p>
      ) : null}
    </div>
  );
}
