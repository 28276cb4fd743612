import type { CommandArgs } from '../../../../core/api/contract/index';
import { TIMEFRAMES } from '../../../../core/market/candle';
import type { FormValues, JsonObjectSchema } from '../../app/forms/SchemaForm';
import { initialValues, toParams } from '../../app/forms/SchemaForm';
import type { BacktestSetup } from '../../stores/backtest';

type RunArgs = CommandArgs<'backtest.run'>;

const NUMBER = /^\d+(\.\d+)?$/;

/** What each number field looks like written right: the example its error shows. */
const EXAMPLES: Readonly<Record<string, string>> = { fee: '0.001', slippage: '0.0005', cash: '10000', seed: '42', bars: '100000' };

/** Why `text` is not a number this form reads: "10,000" is refused for its separator, said as such. */
function notANumber(field: string, text: string): string {
  const example = EXAMPLES[field] ?? '1';
  return /\d,\d/.test(text) ? `write it without separators, like ${example}` : `must be a plain number like ${example}`;
}

/** A rate as typed (0.001) as the percentage it is ("0.1 %"), or null when it is not a number yet. */
export function rateAsPercent(text: string): string | null {
  if (!NUMBER.test(text.trim())) return null;
  return `${Number((Number(text) * 100).toPrecision(12))} %`;
}

/**
 * Turns the form's text into `backtest.run` arguments. Only the shape is checked here (is it a
 * number at all?); ranges and everything else are the core's to validate.
 */
export function backtestArgs(setup: BacktestSetup, schema: JsonObjectSchema): { args?: Omit<RunArgs, 'runId'>; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const number = (field: keyof BacktestSetup, text: string, optional = false): number | undefined => {
    if (optional && text.trim() === '') return undefined;
    if (!NUMBER.test(text.trim())) {
      errors[field] = notANumber(field, text);
      return undefined;
    }
    return Number(text);
  };
  const fee = number('fee', setup.fee);
  const slippage = number('slippage', setup.slippage, true);
  const cash = number('cash', setup.cash);
  let source: RunArgs['source'];
  if (setup.source === 'simulated') source = { kind: 'simulated', seed: number('seed', setup.seed) ?? 42, bars: number('bars', setup.bars) ?? 100_000 };
  else if (setup.source === 'file') source = { kind: 'file', path: setup.path.trim() };
  else source = { kind: 'stored', exchange: setup.exchange.trim(), timeframe: TIMEFRAMES.find((tf) => tf === setup.storedTimeframe) ?? '1m' };
  if (Object.keys(errors).length > 0) return { errors };
  return {
    errors,
    args: {
      strategy: setup.strategy,
      params: toParams(schema, setup.params),
      source,
      ...(setup.symbol.trim() ? { symbol: setup.symbol.trim().toUpperCase() } : {}),
      ...(fee !== undefined ? { fee } : {}),
      ...(slippage !== undefined ? { slippage } : {}),
      ...(cash !== undefined ? { cash } : {}),
    },
  };
}

/**
 * The arguments the form would send now, as one comparable text (null while a field is not a number):
 * a result run with another key no longer shows what the form says.
 */
export function runKey(setup: BacktestSetup, schema: JsonObjectSchema, extra?: unknown): string | null {
  const { args } = backtestArgs(setup, schema);
  return args ? JSON.stringify(extra === undefined ? args : [args, extra]) : null;
}

/**
 * Parameters kept from an earlier session, fitted to the strategy's form now (a file may have been
 * edited since): its parameters only, each kept value where it is of the field's kind, else the default.
 * Returns null when the kept values fit as they are.
 */
export function fitParams(schema: JsonObjectSchema, defaults: Record<string, unknown>, kept: FormValues): FormValues | null {
  const fresh = initialValues(schema, defaults);
  const fitted: FormValues = {};
  for (const [name, value] of Object.entries(fresh)) fitted[name] = typeof kept[name] === typeof value ? kept[name]! : value;
  const same = Object.keys(kept).length === Object.keys(fitted).length && Object.entries(fitted).every(([name, value]) => kept[name] === value);
  return same ? null : fitted;
}
