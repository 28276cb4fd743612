/** The metrics a sweep can sort and select variants by (a module of its own: the CLI's usage text lists them without loading the sweep). */
export const SWEEP_METRICS = ['totalReturn', 'sharpe', 'maxDrawdown', 'profitFactor', 'winRate', 'trades', 'netProfit', 'fees', 'weightedReturn', 'exposure'] as const;
