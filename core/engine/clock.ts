/**
 * Where the engine's "now" comes from. Live and paper trading read the system clock; a backtest
 * moves a simulated clock bar by bar, so the same code stamps orders with market time.
 */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export class SimulatedClock implements Clock {
  /**
   * Declared with a number (not as a parameter property, which declares the field undefined first):
   * an "any value" field would box every bar's time into a new heap number.
   */
  private time = 0;

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  /** Moves time forward; a simulated clock never runs backwards. */
  set(time: number): void {
    if (time < this.time) throw new Error(`simulated clock cannot go back from ${this.time} to ${time}`);
    this.time = time;
  }
}
