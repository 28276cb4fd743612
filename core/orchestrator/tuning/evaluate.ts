import { round } from '../format.js';
import { welchTest } from './welch.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The seed's evaluation windows, each with the closed trades both lanes need in it before it counts. */
export const WINDOWS = [
  { label: '24h', ms: DAY, minTrades: 10 },
  { label: '3d', ms: 3 * DAY, minTrades: 20 },
  { label: '7d', ms: 7 * DAY, minTrades: 30 },
  { label: '30d', ms: 30 * DAY, minTrades: 50 },
] as const;
export type WindowLabel = (typeof WINDOWS)[number]['label'];

/** Significance needed on the difference of mean return per trade (Welch's t-test, one-sided). */
export const SIGNIFICANCE = 0.1;

export type Confidence = 'HIGH' | 'MEDIUM' | 'LOW';
/** How far from the trader's own (original) value an adjustment may take a parameter, by confidence. */
export const CONFIDENCE_BOUNDS: Readonly<Record<Confidence, number>> = { HIGH: 0.3, MEDIUM: 0.2, LOW: 0.05 };

export interface LaneTrade {
  readonly id: string;
  readonly symbol: string;
  readonly entryTime: number;
  readonly exitTime: number;
  /** Net return of the trade on what it cost (0.01 = +1 %), and its net P&L. */
  readonly ret: number;
  readonly pnl: number;
  readonly cost: number;
}

/** One lane of a configuration's live shadow comparison: the champion (current parameters) or a variant. */
export interface LaneReadout {
  readonly id: string;
  readonly champion: boolean;
  readonly params: Readonly<Record<string, unknown>>;
  /** Close time of the first bar the lane counted (null while warming up). */
  readonly since: number | null;
  readonly trades: readonly LaneTrade[];
  /** The lane's value now and what it started with (notional cash). */
  readonly value: number;
  readonly cash: number;
}

export interface WindowResult {
  readonly window: WindowLabel;
  readonly championTrades: number;
  readonly variantTrades: number;
  readonly championMean: number | null;
  readonly variantMean: number | null;
  readonly pValue: number | null;
  /** Both lanes had the window's minimum of closed trades in it. */
  readonly qualifies: boolean;
  /** The variant's mean return per trade is higher with p < 0.10. */
  readonly better: boolean;
  /** The variant's mean is lower with p < 0.10. */
  readonly worse: boolean;
}

export interface ParameterChange {
  readonly param: string;
  readonly from: number;
  readonly to: number;
  /** The trader's own value the bound is measured from. */
  readonly original: number;
  /** What the variant runs with. */
  readonly variantValue: number;
  /** The bound in force (fraction of the original). */
  readonly bound: number;
}

export interface VariantVerdict {
  readonly variant: string;
  readonly windows: readonly WindowResult[];
  readonly confidence: Confidence | null;
  readonly pValue: number | null;
}

export interface Evaluation {
  readonly verdicts: readonly VariantVerdict[];
  /** The best significant variant, turned into bounded parameter changes; null when nothing qualifies. */
  readonly proposal: { readonly variant: string; readonly confidence: Confidence; readonly pValue: number; readonly changes: readonly ParameterChange[] } | null;
  /** Why there is no proposal (or a summary of the one there is). */
  readonly why: string;
}

/** "= 0.031", or "< 0.0001" for smaller p-values. */
export function formatP(p: number): string {
  return p < 0.0001 ? '< 0.0001' : `= ${Number(p.toPrecision(2))}`;
}

/** Compares one variant with the champion in every window (trades closed in the last window length). */
export function compareLanes(champion: LaneReadout, variant: LaneReadout, now: number): WindowResult[] {
  return WINDOWS.map(({ label, ms, minTrades }) => {
    const inWindow = (lane: LaneReadout) => lane.trades.filter((t) => t.exitTime > now - ms && t.exitTime <= now).map((t) => t.ret);
    const a = inWindow(variant);
    const b = inWindow(champion);
    const qualifies = a.length >= minTrades && b.length >= minTrades;
    if (!qualifies || a.length < 2 || b.length < 2) {
      return { window: label, championTrades: b.length, variantTrades: a.length, championMean: null, variantMean: null, pValue: null, qualifies: false, better: false, worse: false };
    }
    const test = welchTest(a, b);
    return {
      window: label,
      championTrades: b.length,
      variantTrades: a.length,
      championMean: round(test.meanB),
      variantMean: round(test.meanA),
      pValue: round(Math.min(test.pGreater, test.pLess), 8),
      qualifies,
      better: test.pGreater < SIGNIFICANCE && test.meanA > test.meanB,
      worse: test.pLess < SIGNIFICANCE && test.meanA < test.meanB,
    };
  });
}

/**
 * The confidence of a variant's lead: LOW with one significant window, MEDIUM with two and p < 0.05,
 * HIGH with three and p < 0.01; none at all when any qualifying window has it significantly worse.
 */
export function confidenceOf(windows: readonly WindowResult[]): { confidence: Confidence | null; pValue: number | null } {
  const better = windows.filter((w) => w.better);
  if (better.length === 0 || windows.some((w) => w.worse)) return { confidence: null, pValue: null };
  const p = Math.min(...better.map((w) => w.pValue!));
  if (better.length >= 3 && p < 0.01) return { confidence: 'HIGH', pValue: p };
  if (better.length >= 2 && p < 0.05) return { confidence: 'MEDIUM', pValue: p };
  return { confidence: 'LOW', pValue: p };
}

/** Moves each numeric parameter the variant changes toward its value, never beyond the bound of the original. */
export function boundedChanges(current: Readonly<Record<string, unknown>>, variant: Readonly<Record<string, unknown>>, original: Readonly<Record<string, unknown>>, confidence: Confidence, integers: ReadonlySet<string> = new Set()): ParameterChange[] {
  const bound = CONFIDENCE_BOUNDS[confidence];
  const changes: ParameterChange[] = [];
  for (const [param, target] of Object.entries(variant)) {
    const from = current[param];
    const base = typeof original[param] === 'number' ? (original[param] as number) : from;
    if (typeof target !== 'number' || typeof from !== 'number' || typeof base !== 'number' || target === from) continue;
    const lower = base - Math.abs(base) * bound;
    const upper = base + Math.abs(base) * bound;
    let to = Math.min(upper, Math.max(lower, target));
    // Whole-number parameters (bar counts, levels) move by whole steps, never past the bound.
    if (integers.has(param)) to = to > from ? Math.floor(to) : Math.ceil(to);
    to = round(to, 10);
    if (to === from || Math.abs(to - from) < 1e-12) continue;
    // The evidence points toward the variant: a value already past this bound on the variant's side stays (never moved back).
    if ((to - from) * (target - from) < 0) continue;
    changes.push({ param, from, to, original: base, variantValue: target, bound });
  }
  return changes;
}

/**
 * The threshold manager's reading of a configuration's shadows: every variant against the champion in
 * the 24 h / 3 d / 7 d / 30 d windows, the best significant one (lowest p) turned into an adjustment of
 * its numeric parameters within the confidence's bound of the trader's original values.
 */
export function evaluateShadows(input: { readonly lanes: readonly LaneReadout[]; readonly now: number; readonly original: Readonly<Record<string, unknown>>; readonly integers?: ReadonlySet<string> }): Evaluation {
  const champion = input.lanes.find((lane) => lane.champion);
  if (!champion) return { verdicts: [], proposal: null, why: 'the shadow comparison is not running' };
  const verdicts: VariantVerdict[] = input.lanes
    .filter((lane) => !lane.champion)
    .map((lane) => {
      const windows = compareLanes(champion, lane, input.now);
      return { variant: lane.id, windows, ...confidenceOf(windows) };
    });
  if (verdicts.length === 0) return { verdicts, proposal: null, why: 'no shadow variant to learn from: add one under Shadows' };
  const ranked = verdicts.filter((v) => v.confidence !== null).sort((a, b) => a.pValue! - b.pValue!);
  if (ranked.length === 0) {
    const qualifying = verdicts.some((v) => v.windows.some((w) => w.qualifies));
    return { verdicts, proposal: null, why: qualifying ? `no variant beats the champion with p < ${SIGNIFICANCE}` : `not enough closed trades yet (24 h needs ${WINDOWS[0].minTrades} per lane, 3 d ${WINDOWS[1].minTrades}, 7 d ${WINDOWS[2].minTrades}, 30 d ${WINDOWS[3].minTrades})` };
  }
  for (const best of ranked) {
    const lane = input.lanes.find((l) => l.id === best.variant)!;
    const changes = boundedChanges(champion.params, lane.params, input.original, best.confidence!, input.integers);
    if (changes.length === 0) continue;
    return { verdicts, proposal: { variant: best.variant, confidence: best.confidence!, pValue: best.pValue!, changes }, why: `${best.variant} beats the champion (${best.confidence}, p ${formatP(best.pValue!)})` };
  }
  return { verdicts, proposal: null, why: `${ranked[0]!.variant} leads, but its numeric parameters are already as far as the ${ranked[0]!.confidence} bound allows` };
}
