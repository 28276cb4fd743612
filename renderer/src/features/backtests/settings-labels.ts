// With its extension: the unit tests (Node's module resolution) read this file too.
import { paramLabel, type LabelledSchema } from '../../app/forms/param-label.js';

/** The labels of the settings form's own fields (not the parameters'), by the argument each is sent as. */
export const SETTINGS_LABELS = {
  strategy: 'Strategy',
  seed: 'Seed',
  bars: 'Bars (1m)',
  path: 'CSV file in the imports folder',
  exchange: 'Exchange',
  storedTimeframe: 'Timeframe',
  symbol: 'Symbol',
  fee: 'Fee (rate)',
  slippage: 'Slippage',
  cash: 'Cash',
} as const;

const SOURCE_ARGUMENTS: Readonly<Record<string, keyof typeof SETTINGS_LABELS>> = { 'source.seed': 'seed', 'source.bars': 'bars', 'source.path': 'path', 'source.exchange': 'exchange', 'source.timeframe': 'storedTimeframe' };

/**
 * A settings field as the form labels it, from the path of an argument the core refused (`params.timeframe` →
 * "Timeframe", `source.path` → "CSV file in the imports folder"); undefined for an argument the form has no field for.
 */
export function settingsLabel(schema: LabelledSchema, path: string): string | undefined {
  if (path.startsWith('params.')) {
    const key = path.slice('params.'.length);
    return Object.hasOwn(schema.properties ?? {}, key) ? paramLabel(schema, key) : undefined;
  }
  const field = SOURCE_ARGUMENTS[path] ?? path;
  return Object.hasOwn(SETTINGS_LABELS, field) ? SETTINGS_LABELS[field as keyof typeof SETTINGS_LABELS] : undefined;
}
