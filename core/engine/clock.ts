/**
 * Where the engine's "now" comes from. Live and paper trading read the system clock; a backtest
 * moves a simulated clock bar by bar, so the same code stamps orders with market time.
 */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export class SimulatedClock implements Clock {
  constructor(private time = 0) {}

  now(): number {
    return this.time;
  }

  /** Moves time forward; a simulated clock never runs backwards. */
  set(time: number): void {
    if (time < this.time) throw new Error(`simulated clock cannot go back from ${this.time} to ${time}`);
    this.time = time;
  }
}
