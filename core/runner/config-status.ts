import type { WarmupProgress } from '../engine/symbol-state.js';
import { marketsMoney } from '../exchange/volume-tiers.js';
import type { StrategyConfigRecord } from './config-record.js';
import { fileStamp, type Running } from './launch.js';

/** The last error a running strategy recovered from: when Halyard heard of it (epoch ms) and what it said. */
export interface LastStrategyError {
  readonly time: number;
  readonly message: string;
}

/** A configuration as the Strategies tab shows it: what runs, on what, and what it is doing. */
export interface ConfigStatus {
  readonly name: string;
  readonly strategy: string;
  readonly version: number;
  readonly params: Record<string, unknown>;
  readonly symbols: string[];
  readonly enabled: boolean;
  readonly account: string;
  /**
   * `running`, `warming up`, `halted`, `stopped`, or `error: <why it cannot run>` (it could not start, or the
   * engine stopped it on every symbol: a fatal error, or too many errors in a row). One error it goes on trading
   * after is `lastError`. Stopped on some of its symbols only, the others trading: `running · BTC/USDT stopped: <why>`.
   */
  readonly state: string;
  /** The symbols its run stopped on, each with why (its strategy stopped there, or no market data); absent when none. */
  readonly stoppedSymbols?: Record<string, string>;
  /** Its run's latest strategy error (kept until it is switched off and on or saved again); absent when none. */
  readonly lastError?: LastStrategyError;
  readonly readiness: Record<string, number | null>;
  /** Symbols whose strategy still lacks the history it requires (bars of its slowest timeframe); absent when none does. */
  readonly warmup?: Record<string, WarmupProgress>;
  readonly openPositions: number;
  /** After fees, over everything it traded on its account (StrategyRealized): not only this run. */
  readonly realizedPnl: number;
  /** The quote currency its money is in: its markets' one quote; absent when they are quoted in several. */
  readonly quote?: string;
  /** Decimals of its money in that quote (satoshis for BTC, cents for USDT); the finest of its markets' when they mix quotes. */
  readonly moneyDecimals: number;
  /** True while it runs a strategy file edited (or removed) since the run loaded it: the run keeps the code it loaded. */
  readonly fileChanged?: boolean;
}

export function configStatus(record: StrategyConfigRecord, run: Running | null, problem: string | null, halted: boolean, openPositions: number, realizedPnl: number, lastError: LastStrategyError | null = null, stopped: ReadonlyMap<string, string> = new Map()): ConfigStatus {
  const readiness: Record<string, number | null> = {};
  for (const symbol of record.symbols) readiness[symbol] = run && !run.warming ? run.engine.readiness(symbol) : null;
  // Beside readiness, not in it: the orchestrator's tie-break reads readiness as it is.
  const warmup: Record<string, WarmupProgress> = {};
  for (const symbol of record.symbols) {
    const progress = run && !run.warming ? run.engine.warmup(symbol) : null;
    if (progress) warmup[symbol] = progress;
  }
  const state = problem ? `error: ${problem}` : !record.enabled ? 'stopped' : !run ? 'stopped' : `${run.warming ? 'warming up' : halted ? 'halted' : 'running'}${[...stopped].map(([symbol, why]) => ` · ${symbol} stopped: ${why}`).join('')}`;
  return {
    name: record.name,
    strategy: record.strategy,
    version: record.version,
    params: (record.params ?? {}) as Record<string, unknown>,
    symbols: [...record.symbols],
    enabled: record.enabled,
    account: record.account,
    state,
    readiness,
    ...(Object.keys(warmup).length > 0 ? { warmup } : {}),
    openPositions,
    realizedPnl,
    ...marketsMoney(record.symbols),
    ...(lastError ? { lastError } : {}),
    ...(stopped.size > 0 ? { stoppedSymbols: Object.fromEntries(stopped) } : {}),
    ...(run?.file && fileStamp(run.file.path) !== run.file.stamp ? { fileChanged: true } : {}),
  };
}

