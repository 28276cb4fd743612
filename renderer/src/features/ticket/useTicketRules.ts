import { useEffect, useState } from 'react';
import type { TicketRulesView } from '../../../../core/api/contract/trading';
import { api } from '../../api/client';

/** The market's steps, fee rates and order options on the ticket's account (null until known or when unavailable). */
export function useTicketRules(account: string, symbol: string | null): TicketRulesView | null {
  const [rules, setRules] = useState<TicketRulesView | null>(null);
  useEffect(() => {
    setRules(null);
    if (!symbol) return;
    let alive = true;
    api
      .call('orders.ticketRules', { account, symbol })
      .then((next) => alive && setRules(next))
      .catch(() => alive && setRules(null)); // the ticket then offers plain GTC orders; placing reports any problem
    return () => {
      alive = false;
    };
  }, [account, symbol]);
  return rules;
}
