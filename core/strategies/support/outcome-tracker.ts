/**
 * Win rate of a strategy instance's own closed positions over the last `window` outcomes.
 * Outcomes reported by the engine (`onPositionClosed`) are authoritative; outcomes the strategy had
 * to infer from its position disappearing are used only until the first reported one arrives.
 */
export class OutcomeTracker {
  private readonly reported: boolean[] = [];
  private readonly inferred: boolean[] = [];

  constructor(private readonly window: number) {}

  report(won: boolean): void {
    push(this.reported, won, this.window);
  }

  infer(won: boolean): void {
    push(this.inferred, won, this.window);
  }

  /** 0–100; 50 (neutral) when nothing has closed yet. */
  winRate(): number {
    const outcomes = this.reported.length > 0 ? this.reported : this.inferred;
    if (outcomes.length === 0) return 50;
    let wins = 0;
    for (const won of outcomes) if (won) wins += 1;
    return (100 * wins) / outcomes.length;
  }

  get count(): number {
    return this.reported.length > 0 ? this.reported.length : this.inferred.length;
  }
}

function push(list: boolean[], value: boolean, window: number): void {
  list.push(value);
  if (list.length > window) list.shift();
}
