import { create } from 'zustand';
import type { FormValues } from '../app/forms/SchemaForm';

/** A strategy configuration being typed in the Strategies tab's editor. */
export interface StrategyDraft {
  name: string;
  strategy: string;
  values: FormValues;
  symbols: string[];
  enabled: boolean;
  account: string;
}

/** A shadow variant being typed: its name and parameters. */
export interface VariantDraft {
  id: string;
  values: FormValues;
}

export type ConfigView = 'signals' | 'edit' | 'shadows' | 'edge';

interface DraftsState {
  /** New strategy… is open, starting from this strategy; null when closed. */
  creating: string | null;
  /** The configuration row opened below itself, and which of its views. */
  openConfig: { name: string; view: ConfigView } | null;
  /** Editors' drafts: `new`, or the configuration's name. */
  editors: Record<string, StrategyDraft>;
  /** A new shadow variant being typed, by configuration name. */
  variants: Record<string, VariantDraft | null>;
  setVariant(config: string, draft: VariantDraft | null): void;
  setCreating(strategy: string | null): void;
  setOpenConfig(open: { name: string; view: ConfigView } | null): void;
  keepEditor(key: string, draft: StrategyDraft): void;
  dropEditor(key: string): void;
}

/**
 * What the trader is typing in the Strategies tab: kept while the workspace tabs switch (a tab's panel
 * is unmounted when another is shown), dropped when the form is saved or cancelled.
 */
export const useDraftsStore = create<DraftsState>((set) => ({
  creating: null,
  openConfig: null,
  editors: {},
  variants: {},
  setVariant: (config, draft) => set((s) => ({ variants: { ...s.variants, [config]: draft } })),
  setCreating: (creating) => set({ creating }),
  setOpenConfig: (openConfig) => set({ openConfig }),
  keepEditor: (key, draft) => set((s) => ({ editors: { ...s.editors, [key]: draft } })),
  dropEditor: (key) =>
    set((s) => {
      const { [key]: _dropped, ...rest } = s.editors;
      return { editors: rest };
    }),
}));
