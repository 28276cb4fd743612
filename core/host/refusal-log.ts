/**
 * Logs refused connections with their true reason, at most once per reason per window: a page
 * hammering the port cannot flood the log, and the next line says how many were not written.
 */
export class RefusalLog {
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly log: (line: string) => void,
    private readonly windowMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  refused(reason: string, from: string): void {
    const time = this.now();
    const seen = this.last.get(reason);
    if (seen !== undefined && time - seen.at < this.windowMs) {
      seen.suppressed++;
      return;
    }
    const more = seen !== undefined && seen.suppressed > 0 ? ` (${seen.suppressed} more refused for this reason since the last line)` : '';
    this.last.set(reason, { at: time, suppressed: 0 });
    this.log(`refused a WebSocket from ${from}: ${reason}${more}`);
  }
}
