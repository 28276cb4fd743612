import type { Clock } from '../../core/alerts/clock.js';

/**
 * A clock the test moves by hand: `advance` runs every timer that falls due, in time order, each at
 * its own due time (so a timer set by a timer runs too when it falls inside the step).
 */
export class FakeClock implements Clock {
  private timers: { at: number; seq: number; run: () => void }[] = [];
  private seq = 0;

  constructor(private time: number) {}

  now = (): number => this.time;

  setTimer = (run: () => void, ms: number): (() => void) => {
    const timer = { at: this.time + Math.max(0, ms), seq: this.seq++, run };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  };

  /** Moves time forward by `ms`, firing due timers; awaits queued promise work between timers. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await flush();
      const next = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.time = Math.max(this.time, next.at);
      next.run();
    }
    this.time = end;
    await flush();
  }

  /** Time passes without timers running (a laptop asleep): they fire late, on the next `advance`. */
  jump(ms: number): void {
    this.time += ms;
  }

  get pending(): number {
    return this.timers.length;
  }
}

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
}
