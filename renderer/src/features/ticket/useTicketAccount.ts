import { useEffect, useMemo } from 'react';
import { create } from 'zustand';
import { useAccountsStore } from '../../stores/accounts';
import { useHostStore } from '../../stores/host';

export const PAPER = 'paper';

interface TicketAccountState {
  /** `paper`, or `<exchange>:<label>` of an armed live account: what `orders.place` is sent with. */
  account: string;
  /** The live account the ticket left when it was disarmed (the ticket says so); null otherwise. */
  fellBackFrom: string | null;
  /** Live accounts whose first order of this session the trader has confirmed. */
  confirmed: ReadonlySet<string>;
  choose(account: string): void;
  fallBack(from: string): void;
  confirm(account: string): void;
}

/** View state of the ticket's account choice; not persisted, so every session starts on Paper and confirms again. */
export const useTicketAccountStore = create<TicketAccountState>((set) => ({
  account: PAPER,
  fellBackFrom: null,
  confirmed: new Set(),
  choose: (account) => set({ account, fellBackFrom: null }),
  fallBack: (from) => set({ account: PAPER, fellBackFrom: from }),
  confirm: (account) => set((s) => ({ confirmed: new Set([...s.confirmed, account]) })),
}));

/** Armed live accounts as `<exchange>:<label>`, re-read whenever the core's status says the armed set changed. */
function useArmedAccounts(): readonly string[] | null {
  const connected = useHostStore((s) => s.connected);
  const armedKey = useHostStore((s) => (s.status ? [s.status.mode.kind, s.status.mode.account, ...(s.status.liveAccounts ?? []).map((a) => a.account)].join('|') : ''));
  const accounts = useAccountsStore((s) => s.accounts);
  const refresh = useAccountsStore((s) => s.refresh);
  useEffect(() => {
    if (connected) void refresh();
  }, [connected, armedKey, refresh]);
  return useMemo(() => (accounts ? accounts.filter((a) => a.mode === 'live').map((a) => `${a.exchange}:${a.label}`) : null), [accounts]);
}

/**
 * Where the ticket's orders go. A chosen live account that is no longer armed (disarmed in
 * Settings, deleted, or not reconnected at start) sends the ticket back to Paper, never silently.
 */
export function useTicketAccount(): { account: string; live: boolean; armed: readonly string[]; fellBackFrom: string | null } {
  const armed = useArmedAccounts();
  const account = useTicketAccountStore((s) => s.account);
  const fellBackFrom = useTicketAccountStore((s) => s.fellBackFrom);
  const stillArmed = account === PAPER || armed === null || armed.includes(account);
  useEffect(() => {
    if (!stillArmed) useTicketAccountStore.getState().fallBack(account);
  }, [stillArmed, account]);
  // Until the effect lands, a disarmed choice already reads as Paper: the note never names an account orders cannot reach.
  const effective = stillArmed ? account : PAPER;
  return { account: effective, live: effective !== PAPER, armed: armed ?? [], fellBackFrom };
}
