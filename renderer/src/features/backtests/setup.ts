import type { CommandArgs } from '../../../../core/api/contract/index';
import { TIMEFRAMES } from '../../../../core/market/candle';
import type { JsonObjectSchema } from '../../app/forms/SchemaForm';
import { toParams } from '../../app/forms/SchemaForm';
import type { BacktestSetup } from '../../stores/backtest';

type RunArgs = CommandArgs<'backtest.run'>;

const NUMBER = /^\d+(\.\d+)?$/;

/**
 * Turns the form's text into `backtest.run` arguments. Only the shape is checked here (is it a
 * number at all?); ranges and everything else are the core's to validate.
 */
export function backtestArgs(setup: BacktestSetup, schema: JsonObjectSchema): { args?: Omit<RunArgs, 'runId'>; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const number = (field: keyof BacktestSetup, text: string, optional = false): number | undefined => {
    if (optional && text.trim() === '') return undefined;
    if (!NUMBER.test(text.trim())) {
      errors[field] = 'must be a plain number like 0.001';
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
