import type { SubmitOutcome } from '../orders/pipeline.js';
import type { DecisionVerdict } from './records.js';

/** What one configuration's orders on a coin became in one settlement, as the decision log says it. */
export interface EntrySummary {
  readonly verdict: Extract<DecisionVerdict, 'entered' | 'refused'>;
  readonly reason: string;
}

const orders = (n: number) => `${n} order${n === 1 ? '' : 's'}`;

/**
 * Counts a bid's orders as they come back: refused at the desk (budget, reserve, Kelly: a short reason,
 * each also logged on its own line with the numbers) or sent to the order pipeline, which accepted or
 * refused each one. Only orders the pipeline accepted are "sent"; the rest are said apart with why
 * ("3 orders sent · 1 refused: over budget").
 */
export class EntryTally {
  private accepted = 0;
  private pending: number;
  private readonly refusals: string[] = [];
  private firstPipelineRefusal: string | null = null;
  private trimmedTo: number | null = null;

  constructor(
    private readonly subject: { readonly config: string; readonly symbol: string; readonly opening: boolean },
    deskRefusals: readonly string[],
    sent: number,
  ) {
    this.refusals.push(...deskRefusals);
    this.pending = sent;
  }

  /** One order sent to the pipeline came back; answers the summary once the last one has. */
  landed(outcome: SubmitOutcome, trimmedTo: number | null): EntrySummary | null {
    this.pending -= 1;
    if (outcome.ok) {
      this.accepted += 1;
      this.trimmedTo ??= trimmedTo;
    } else {
      this.firstPipelineRefusal ??= outcome.message;
      this.refusals.push(outcome.message);
    }
    return this.pending === 0 ? this.summary() : null;
  }

  private summary(): EntrySummary | null {
    const { config, symbol, opening } = this.subject;
    if (this.accepted === 0) return this.firstPipelineRefusal === null ? null : { verdict: 'refused', reason: `${config}: not sent — ${this.firstPipelineRefusal}` };
    const trimmed = this.trimmedTo === null ? '' : ` (Kelly trimmed it to ${this.trimmedTo})`;
    const reasons = [...new Set(this.refusals)];
    const refused = this.refusals.length === 0 ? '' : ` · ${this.refusals.length} refused: ${reasons.join('; ')}`;
    return { verdict: 'entered', reason: `${config} ${opening ? 'opens a position' : 'adds to its position'} on ${symbol}: ${orders(this.accepted)} sent${trimmed}${refused}` };
  }
}
