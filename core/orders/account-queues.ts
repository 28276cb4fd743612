/**
 * One ordered queue of work per account: each job starts when the previous one on the same account has
 * finished (successfully or not). Accounts do not wait for each other.
 */
export class AccountQueues {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(account: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(account) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(account, tail);
    // Forget an idle account's finished tail (no growth over a long session).
    void tail.then(() => {
      if (this.tails.get(account) === tail) this.tails.delete(account);
    });
    return next;
  }
}
