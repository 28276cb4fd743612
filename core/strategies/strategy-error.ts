/**
 * Anything a strategy's own code throws — while loading, creating an instance, deciding or scoring —
 * is wrapped in this, so the engine can record it and carry on; user code never crashes the engine.
 */
export class StrategyError extends Error {
  constructor(
    readonly strategy: string,
    readonly phase: 'load' | 'validate' | 'create' | 'onCandle' | 'readiness' | 'intent' | 'onPositionClosed',
    message: string,
    readonly symbol: string | null = null,
    options?: { cause?: unknown; fatal?: boolean },
  ) {
    super(`strategy ${strategy}${symbol ? ` on ${symbol}` : ''} failed in ${phase}: ${message}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StrategyError';
    this.fatal = options?.fatal ?? false;
  }

  /**
   * True when the strategy cannot go on at all (its sandbox went over a time budget or its memory cap,
   * or its instance could not be created): the engine stops it at once instead of counting errors.
   */
  readonly fatal: boolean;

  static wrap(strategy: string, phase: StrategyError['phase'], error: unknown, symbol: string | null = null): StrategyError {
    if (error instanceof StrategyError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new StrategyError(strategy, phase, message, symbol, { cause: error });
  }
}

/** One parameter the strategy's schema refused: its path inside the parameters ('' for a rule over several of them). */
export interface ParamIssue {
  readonly path: string;
  readonly message: string;
}

/** Parameters refused by the strategy's schema, each issue kept with the field it names (forms show it beside that field). */
export class InvalidParams extends StrategyError {
  constructor(
    strategy: string,
    readonly issues: readonly ParamIssue[],
  ) {
    super(strategy, 'validate', `invalid parameters — ${describeParamIssues(issues)}`);
  }
}

/** `fast: must be at least 1; params: EMAs must be ordered …` */
export function describeParamIssues(issues: readonly ParamIssue[]): string {
  return issues.map((issue) => `${issue.path || 'params'}: ${issue.message}`).join('; ');
}
