/**
 * Keeps one symbol's bars in order when its strategy decides asynchronously (a trader's file in its
 * sandbox): while a decision is on its way, the next bars and deliveries wait here and run, in
 * arrival order, once it has been applied. In-process strategies never wait, and never touch it.
 */
export class DecisionQueue {
  waiting = false;
  private readonly queued: (() => void)[] = [];
  private idleWaiters: (() => void)[] = [];

  /** Runs `work` after the decisions already on their way. */
  later(work: () => void): void {
    this.queued.push(work);
  }

  /** Holds everything after this decision until `onValue` or `onError` ran. */
  await<T>(decision: Promise<T>, onValue: (value: T) => void, onError: (error: unknown) => void): void {
    this.waiting = true;
    void decision.then(onValue, onError).finally(() => {
      this.waiting = false;
      this.drain();
    });
  }

  /** Resolves when nothing is waiting or queued. */
  idle(): Promise<void> {
    if (!this.waiting && this.queued.length === 0) return Promise.resolve();
    return new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private drain(): void {
    while (!this.waiting && this.queued.length > 0) this.queued.shift()!();
    if (this.waiting || this.queued.length > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
