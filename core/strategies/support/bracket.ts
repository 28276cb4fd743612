import type { ExitPlan } from '../contract.js';

/** The percentages of a fixed bracket, as strategies name them in their parameters. */
export interface BracketPercents {
  readonly stopLossPct: number;
  readonly takeProfitPct: number;
}

/** A stop loss `stopLossPct` below `entry` and one take profit, for the whole position, `takeProfitPct` above it. */
export function bracketExits(entry: number, p: BracketPercents): Required<Pick<ExitPlan, 'stopLoss' | 'takeProfits'>> {
  return {
    stopLoss: entry * (1 - p.stopLossPct / 100),
    takeProfits: [{ price: entry * (1 + p.takeProfitPct / 100), fraction: 1 }],
  };
}
