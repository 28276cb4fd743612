import { create } from 'zustand';
import type { AccountView } from '../../../core/api/contract/accounts';
import { isCommandName } from '../../../core/api/contract/index';
import { api } from '../api/client';
import { describeError } from '../api/errors';

interface AccountsState {
  /** null until loaded (or when this core has no accounts service). */
  accounts: AccountView[] | null;
  error: string | null;
  refresh(): Promise<void>;
}

/** The exchange accounts the core knows (masked keys only), shared by Settings and the ticket. */
export const useAccountsStore = create<AccountsState>((set) => ({
  accounts: null,
  error: null,
  refresh: async () => {
    if (!isCommandName('accounts.list')) return;
    try {
      set({ accounts: await api.call('accounts.list', {}), error: null });
    } catch (reason) {
      set({ error: describeError(reason) });
    }
  },
}));
