import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { formatAmount, formatPrice, QUOTE_DECIMALS } from '../../app/format';
import { useTradingStore, type BalanceView } from '../../stores/trading';
import { PAPER } from './useTicketAccount';

/**
 * How often a live account's balances are read again besides: a venue that pushes no balances has them read
 * by REST on the core's own pace, so the answer given right at a fill may still be the one from before it.
 */
const LIVE_REFRESH_MS = 5_000;

/** A live account's balances as its exchange reports them, re-read whenever one of its orders or fills moves them, and every few seconds. */
function useLiveBalances(account: string): BalanceView[] | null {
  const [balances, setBalances] = useState<BalanceView[] | null>(null);
  useEffect(() => {
    setBalances(null);
    if (account === PAPER) return;
    let alive = true;
    const load = () =>
      api
        .call('balances.list', { account })
        .then((next) => alive && setBalances(next))
        .catch(() => alive && setBalances(null)); // shown as nothing rather than as another account's money
    void load();
    const offs = [api.on('orders.updated', ({ order }) => order.account === account && void load()), api.on('fills.new', ({ fill }) => fill.account === account && void load())];
    const timer = setInterval(() => void load(), LIVE_REFRESH_MS);
    return () => {
      alive = false;
      clearInterval(timer);
      offs.forEach((off) => off());
    };
  }, [account]);
  return balances;
}

/** The balances of the account the ticket sends to; null until known. */
export function useTicketBalances(account: string): readonly BalanceView[] | null {
  const paperBalances = useTradingStore((s) => s.balances);
  const paperLoaded = useTradingStore((s) => s.loaded && s.error === null);
  const liveBalances = useLiveBalances(account);
  if (account === PAPER) return paperLoaded ? paperBalances : null;
  return liveBalances;
}

/** Free / in-orders balance of the market's two currencies on the account the ticket sends to. */
export function Balances({ base, quote, account }: { base: string | undefined; quote: string | undefined; account: string }) {
  const known = useTicketBalances(account);
  const balances = known ?? [];
  const loaded = known !== null;
  const shown = [quote, base].filter((c): c is string => !!c).map((currency) => ({ currency, balance: balances.find((b) => b.currency === currency) }));
  if (!loaded) return null;
  // The quote currency reads like money (2 decimals); the base keeps its small units.
  const show = (currency: string, value: number) => (currency === quote ? formatPrice(value, QUOTE_DECIMALS) : formatAmount(value));
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
