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
