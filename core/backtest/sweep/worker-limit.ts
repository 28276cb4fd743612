import { availableParallelism, freemem } from 'node:os';

/** Threads per core a sweep may start: a backtest keeps its core busy, so more only wait their turn (and hold memory). */
export const WORKERS_PER_CORE = 4;
/** Share of the memory free when the sweep starts that its workers may take: the app, the OS and others keep the rest. */
export const MEMORY_SHARE = 0.5;
/**
 * What one worker holds, measured on sma-cross with the risk gate (RSS per worker at 100,000 and 500,000
 * 1m bars: ~40 and ~75 MB): its own V8 heap, strategy and risk gate, plus its engine's state per bar
 * (equity, marks); the candles themselves are shared by every worker, not copied.
 */
export const WORKER_BASE_BYTES = 32 * 1024 * 1024;
export const WORKER_BYTES_PER_BAR = 100;

/** The machine a sweep runs on: its cores and the memory free now (bytes). */
export interface MachineCapacity {
  readonly cores: number;
  readonly freeBytes: number;
}

export function thisMachine(): MachineCapacity {
  return { cores: availableParallelism(), freeBytes: freemem() };
}

/** The most workers a sweep of `bars` bars may start on `machine`, and the rule that says so, in words. */
export function workerLimit(bars: number, machine: MachineCapacity): { readonly max: number; readonly rule: string } {
  const byCores = machine.cores * WORKERS_PER_CORE;
  const perWorker = WORKER_BASE_BYTES + WORKER_BYTES_PER_BAR * bars;
  const byMemory = Math.floor((machine.freeBytes * MEMORY_SHARE) / perWorker);
  const max = Math.max(1, Math.min(byCores, byMemory));
  const rule = `${WORKERS_PER_CORE} per core on its ${machine.cores} core${machine.cores === 1 ? '' : 's'}, and as many as half its free memory (${megabytes(machine.freeBytes)}) holds at ~${megabytes(perWorker)} a worker for ${bars.toLocaleString('en-US')} bars`;
  return { max, rule };
}

/**
 * What is wrong with starting `workers` threads for a sweep of `bars` bars on `machine` (null: nothing);
 * the detail reads after the field's name (`Workers: …`, `--workers …`).
 */
export function workersRefusal(workers: number, bars: number, machine: MachineCapacity): string | null {
  const { max, rule } = workerLimit(bars, machine);
  return workers <= max ? null : `must be a whole number from 1 to ${max} on this machine (${rule}), got ${workers}`;
}

function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 1024 ? `${(mb / 1024).toFixed(1)} GB` : `${Math.round(mb)} MB`;
}
