import type { StrategyConfigRecord } from '../../runner/config-record.js';
import type { PolicyBook } from '../policies.js';
import type { SymbolProfile } from '../profiler.js';
import type { AdjustmentRecord, AdjustmentStore } from '../records.js';
import { evaluateShadows, type Evaluation, type LaneReadout } from './evaluate.js';
import { checkRollback } from './rollback.js';

const HOUR = 3_600_000;
/** At most this many adjustments per configuration in any 24 hours. */
export const DAILY_LIMIT = 3;
/** How often an enabled configuration's shadows are evaluated (market time). */
export const EVALUATE_EVERY_MS = 15 * 60_000;
/** A volatility this many times higher (or lower) than the week before holds adjustments back. */
const VOLATILITY_SHIFT = 2;
/** The note on a proposal or rollback the emergency stop holds back (auto mode changes nothing while HALTED). */
export const HELD_BY_HALT = 'held: emergency stop';
const ROLLBACK_HELD = `${HELD_BY_HALT}: rollback due`;

/** The live shadow comparison as the threshold manager reads and extends it (core/app's StrategyShadows). */
export interface ShadowReadout {
  /** The lanes of a configuration's comparison, champion included; empty while it is not running. */
  lanes(config: string): readonly LaneReadout[];
  /** Keeps `params` running as a variant of `config` (under a free name based on `base`); answers its name. */
  keep(config: string, base: string, params: Readonly<Record<string, unknown>>): string;
  /** Removes a variant (the kept parameters became the champion again). */
  drop(config: string, id: string): void;
}

export interface ThresholdManagerOptions {
  readonly configs: { current(name: string): StrategyConfigRecord | null; version(name: string, version: number): StrategyConfigRecord | null; history(name: string): StrategyConfigRecord[] };
  readonly adjustments: AdjustmentStore;
  readonly shadows: ShadowReadout;
  readonly policies: PolicyBook;
  /** Profiles of the symbols in the market a configuration on `account` trades. */
  readonly profiles: (symbols: readonly string[], account: string) => readonly SymbolProfile[];
  /** The strategy's whole-number parameters (they move by whole steps). */
  readonly integers: (record: StrategyConfigRecord) => ReadonlySet<string>;
  /** Null when the strategy's schema accepts the parameters; else why not. */
  readonly validate: (record: StrategyConfigRecord, params: Readonly<Record<string, unknown>>) => string | null;
  /** Saves `params` as the configuration's next version, as the Parameters editor does. */
  readonly save: (record: StrategyConfigRecord, params: Readonly<Record<string, unknown>>) => Promise<StrategyConfigRecord>;
  /** Versions the manager itself saved (adjustments, reverts, rollbacks): the trader's own are the others. */
  readonly managed: { list(config: string): number[]; add(config: string, version: number): void };
  readonly audit: (action: string, source: string, detail: Readonly<Record<string, unknown>>) => void;
  readonly notify: (config: string, kind: string, detail: string) => void;
  readonly changed: (config: string) => void;
  readonly now: () => number;
  /** True while HALTED (emergency stop): nothing is adjusted or rolled back without the trader. */
  readonly halted?: () => boolean;
}

/** A decision the trader asked for that cannot be carried out; the message says why. */
export class TuningRefused extends Error {
  override readonly name = 'TuningRefused';
  constructor(
    message: string,
    readonly kind: 'not_found' | 'rejected' = 'rejected',
  ) {
    super(message);
  }
}

/**
 * The threshold manager: reads each configuration's live shadow comparison, proposes (or, in auto
 * mode, applies) bounded parameter adjustments backed by significant evidence, at most three a day;
 * every applied one is a new configuration version, audited, revertible, and watched — rolled back
 * automatically on a fall of more than 15 % within 24 h or after trailing the previous version for 48 h.
 */
export class ThresholdManager {
  private readonly evaluated = new Map<string, number>();
  private readonly conclusions = new Map<string, { at: number; why: string }>();

  constructor(private readonly options: ThresholdManagerOptions) {}

  list(config: string, limit = 50): AdjustmentRecord[] {
    return this.options.adjustments.list(config, limit);
  }

  /** When the shadows were last read for `config`, and what that concluded. */
  lastEvaluation(config: string): { at: number; why: string } | null {
    return this.conclusions.get(config) ?? null;
  }

  /** Adjustments applied to `config` in the last 24 hours. */
  appliedToday(config: string): number {
    return this.options.adjustments.appliedSince(config, this.options.now() - 24 * HOUR);
  }

  /** The trader's own parameters: the newest version the manager did not save. */
  original(config: string): Readonly<Record<string, unknown>> {
    const managed = new Set(this.options.managed.list(config));
    const history = this.options.configs.history(config);
    const own = [...history].reverse().find((record) => !managed.has(record.version)) ?? history[0];
    return (own?.params ?? {}) as Record<string, unknown>;
  }

  /** Reads the shadows now; a new proposal is stored (and applied at once in auto mode). */
  async evaluate(config: string): Promise<{ evaluation: Evaluation; adjustment: AdjustmentRecord | null }> {
    const record = this.require(config);
    this.evaluated.set(config, this.options.now());
    const dropped = this.dropOutdatedHeld(record);
    const profiles = this.options.profiles(record.symbols, record.account);
    const shifted = profiles.find((p) => p.volatilityChange !== null && (p.volatilityChange > VOLATILITY_SHIFT || p.volatilityChange < 1 / VOLATILITY_SHIFT));
    const read: Evaluation = shifted
      ? { verdicts: [], proposal: null, why: `the volatility of ${shifted.symbol} is ×${shifted.volatilityChange!.toFixed(2)} the week before: adjustments wait until the market settles` }
      : evaluateShadows({ lanes: this.options.shadows.lanes(config), now: this.options.now(), original: this.original(config), integers: this.options.integers(record) });
    const evaluation: Evaluation = dropped ? { ...read, why: `${dropped}; ${read.why}` } : read;
    this.conclusions.set(config, { at: this.options.now(), why: evaluation.why });
    const proposal = evaluation.proposal;
    const mode = this.options.policies.get(config).tuning;
    const holding = mode === 'auto' && this.halted();
    if (!proposal) {
      this.dropStaleHeld(config, mode, evaluation.why);
      return { evaluation, adjustment: null };
    }
    const params = { ...(record.params as Record<string, unknown>), ...Object.fromEntries(proposal.changes.map((c) => [c.param, c.to])) };
    const invalid = this.options.validate(record, params);
    if (invalid) return { evaluation: { ...evaluation, proposal: null, why: `${proposal.variant} leads, but the adjusted parameters do not fit ${record.strategy}: ${invalid}` }, adjustment: null };
    const existing = this.options.adjustments.list(config, 20);
    const same = (a: AdjustmentRecord) => a.fromVersion === record.version && JSON.stringify(a.changes.map((c) => [c.param, c.to])) === JSON.stringify(proposal.changes.map((c) => [c.param, c.to]));
    const pending = existing.find((a) => a.status === 'proposed');
    // The same change still waiting: in auto mode (the trader switched to it since, or re-armed) it is applied now.
    if (pending && same(pending)) return { evaluation: this.heldWhy(config, evaluation, holding), adjustment: mode !== 'auto' ? pending : holding ? this.hold(pending) : await this.applyAutomatically(pending) };
    if (existing.some((a) => a.status === 'declined' && same(a) && this.options.now() - (a.decidedAt ?? 0) < 24 * HOUR)) return { evaluation: { ...evaluation, why: `${evaluation.why}; you declined the same change within 24 h` }, adjustment: null };
    if (pending) this.options.adjustments.update(pending.id, { status: 'superseded', decidedAt: this.options.now(), decidedBy: 'manager', note: 'a newer proposal replaced it' });
    let adjustment = this.options.adjustments.add({
      config,
      createdAt: this.options.now(),
      status: 'proposed',
      mode,
      variant: proposal.variant,
      confidence: proposal.confidence,
      pValue: proposal.pValue,
      fromVersion: record.version,
      changes: proposal.changes,
      evidence: { windows: evaluation.verdicts.find((v) => v.variant === proposal.variant)?.windows ?? [], profiles: profiles.map((p) => ({ symbol: p.symbol, volatilityPct: p.volatilityPct, volatilityChange: p.volatilityChange })), why: evaluation.why },
    });
    if (mode === 'auto') adjustment = holding ? this.hold(adjustment) : await this.applyAutomatically(adjustment);
    this.options.changed(config);
    return { evaluation: this.heldWhy(config, evaluation, holding), adjustment };
  }

  private halted(): boolean {
    return this.options.halted?.() ?? false;
  }

  /** While HALTED an automatic proposal waits, marked so; once re-armed it is applied only if the shadows still propose it. */
  private hold(adjustment: AdjustmentRecord): AdjustmentRecord {
    const note = `${HELD_BY_HALT}: applied after re-arming only if the shadows still support it`;
    return adjustment.note === note ? adjustment : this.options.adjustments.update(adjustment.id, { note });
  }

  private heldWhy(config: string, evaluation: Evaluation, holding: boolean): Evaluation {
    if (!holding) return evaluation;
    const why = `${evaluation.why}; ${HELD_BY_HALT} (nothing is applied automatically while HALTED)`;
    this.conclusions.set(config, { at: this.options.now(), why });
    return { ...evaluation, why };
  }

  /**
   * Re-armed, a proposal held by the emergency stop whose parameters no longer fit the configuration (edited
   * meanwhile, or its strategy's schema changed) is dropped at once, saying which field — never kept waiting
   * for an evaluation. So is one made for a version the trader has replaced since (it could not be applied;
   * the shadows' evidence gives a new one if it still holds). Answers what was said, or null.
   */
  private dropOutdatedHeld(record: StrategyConfigRecord): string | null {
    if (this.halted()) return null;
    const held = this.options.adjustments.list(record.name, 20).find((a) => a.status === 'proposed' && a.note?.startsWith(HELD_BY_HALT));
    if (!held) return null;
    const params = { ...(record.params as Record<string, unknown>), ...Object.fromEntries(held.changes.map((c) => [c.param, c.to])) };
    const invalid = this.options.validate(record, params);
    const edited = record.version === held.fromVersion ? null : `v${record.version} (saved since v${held.fromVersion})`;
    if (!invalid && !edited) return null;
    const why = invalid ? `its parameters no longer fit ${record.name}${edited ? ` ${edited}` : ''} — ${invalid}` : `it was made for v${held.fromVersion} and ${record.name} is at ${edited}`;
    const note = `${HELD_BY_HALT}; dropped after re-arming: ${why}`;
    const now = this.options.now();
    this.options.adjustments.update(held.id, { status: 'superseded', decidedAt: now, decidedBy: 'manager', note });
    this.options.audit('strategy_adjustment_dropped', 'auto', { config: record.name, adjustment: held.id, why: note });
    this.conclusions.set(record.name, { at: now, why: note });
    this.options.changed(record.name);
    return `proposal #${held.id} ${note}`;
  }

  /** Re-armed, an automatic proposal held by the emergency stop that the shadows no longer make is not applied later. */
  private dropStaleHeld(config: string, mode: 'propose' | 'auto', why: string): void {
    if (mode !== 'auto' || this.halted()) return;
    const held = this.options.adjustments.list(config, 20).find((a) => a.status === 'proposed' && a.note?.startsWith(HELD_BY_HALT));
    if (!held) return;
    this.options.adjustments.update(held.id, { status: 'superseded', decidedAt: this.options.now(), decidedBy: 'manager', note: `${HELD_BY_HALT}; after re-arming the evaluation no longer proposes it: ${why}` });
    this.options.changed(config);
  }

  /** Applies a proposal without the trader (auto mode); a refusal (the daily limit, a bad value) stays on it as its note. */
  private applyAutomatically(adjustment: AdjustmentRecord): Promise<AdjustmentRecord> {
    return this.apply(adjustment, 'auto').catch((error: unknown) => this.options.adjustments.update(adjustment.id, { note: error instanceof Error ? error.message : String(error) }));
  }

  /** The trader's own decision: allowed while HALTED too (a deliberate act, audited as made while halted). */
  async accept(id: number): Promise<AdjustmentRecord> {
    const adjustment = this.get(id);
    if (adjustment.status !== 'proposed') throw new TuningRefused(`adjustment #${id} is ${adjustment.status.replace('_', ' ')}, not a pending proposal`);
    return this.apply(adjustment, 'trader');
  }

  decline(id: number): AdjustmentRecord {
    const adjustment = this.get(id);
    if (adjustment.status !== 'proposed') throw new TuningRefused(`adjustment #${id} is ${adjustment.status.replace('_', ' ')}, not a pending proposal`);
    const declined = this.options.adjustments.update(id, { status: 'declined', decidedAt: this.options.now(), decidedBy: 'trader' });
    this.options.audit('strategy_adjustment_declined', 'user', { config: adjustment.config, adjustment: id });
    this.options.changed(adjustment.config);
    return declined;
  }

  /** Puts back the parameters an applied adjustment replaced (a new version), while it is still the one in force. */
  async revert(id: number, by: 'trader' | 'rollback' = 'trader', why: string | null = null): Promise<AdjustmentRecord> {
    const adjustment = this.get(id);
    if (adjustment.status !== 'applied' || adjustment.toVersion === null) throw new TuningRefused(`adjustment #${id} is ${adjustment.status.replace('_', ' ')}: only an applied adjustment can be reverted`);
    const record = this.require(adjustment.config);
    if (record.version !== adjustment.toVersion) throw new TuningRefused(`${adjustment.config} is at v${record.version}, saved after this adjustment (v${adjustment.toVersion}): revert the newer change first`);
    const before = this.options.configs.version(adjustment.config, adjustment.fromVersion);
    if (!before) throw new TuningRefused(`v${adjustment.fromVersion} of ${adjustment.config} is not in the history`, 'not_found');
    // The kept parameters become the champion again: their variant lane goes before the restart.
    if (adjustment.keptAs) this.options.shadows.drop(adjustment.config, adjustment.keptAs);
    const saved = await this.options.save(record, before.params as Record<string, unknown>);
    this.options.managed.add(adjustment.config, saved.version);
    const status = by === 'rollback' ? 'rolled_back' : 'reverted';
    const updated = this.options.adjustments.update(id, { status, decidedAt: this.options.now(), decidedBy: by, note: why ?? `reverted to the parameters of v${adjustment.fromVersion} as v${saved.version}` });
    this.options.audit(by === 'rollback' ? 'strategy_adjustment_rolled_back' : 'strategy_adjustment_reverted', by === 'rollback' ? 'auto' : 'user', { config: adjustment.config, adjustment: id, version: saved.version, restores: adjustment.fromVersion, ...(why ? { why } : {}) });
    if (by === 'rollback') this.options.notify(adjustment.config, 'strategy_rolled_back', `${adjustment.config}: adjustment #${id} rolled back (v${saved.version} restores v${adjustment.fromVersion}): it ${why}`);
    this.options.changed(adjustment.config);
    return updated;
  }

  /** On every closed bar: evaluates enabled configurations every 15 minutes and watches applied adjustments. */
  async onBar(configs: readonly StrategyConfigRecord[]): Promise<void> {
    const now = this.options.now();
    for (const record of configs) {
      if (!record.enabled) continue;
      // Once re-armed, a held proposal that no longer fits goes at the next bar, not at the next evaluation.
      this.dropOutdatedHeld(record);
      await this.watch(record);
      if (now - (this.evaluated.get(record.name) ?? -Infinity) >= EVALUATE_EVERY_MS) await this.evaluate(record.name).catch(() => undefined);
    }
  }

  /** The rollback monitor of the configuration's adjustment in force, if any. */
  async watch(record: StrategyConfigRecord): Promise<void> {
    const adjustment = this.options.adjustments.list(record.name, 10).find((a) => a.status === 'applied' && a.toVersion === record.version && a.appliedAt !== null);
    if (!adjustment) return;
    const lanes = this.options.shadows.lanes(record.name);
    const verdict = checkRollback({
      appliedAt: adjustment.appliedAt!,
      now: this.options.now(),
      adjusted: lanes.find((lane) => lane.champion) ?? null,
      previous: lanes.find((lane) => lane.id === adjustment.keptAs) ?? null,
      previousVersion: adjustment.fromVersion,
      trailingSince: adjustment.trailingSince,
    });
    // While HALTED a due rollback waits (marked); once re-armed it happens only if the lanes still call for it.
    const held = verdict.reason && this.halted() ? `${ROLLBACK_HELD} — it ${verdict.reason}` : null;
    if (verdict.reason && !held) {
      await this.revert(adjustment.id, 'rollback', verdict.reason);
      return;
    }
    const note = held ?? (adjustment.note?.startsWith(ROLLBACK_HELD) ? null : adjustment.note);
    if (verdict.trailingSince !== adjustment.trailingSince || note !== adjustment.note) {
      this.options.adjustments.update(adjustment.id, { trailingSince: verdict.trailingSince, note });
      if (note !== adjustment.note) this.options.changed(record.name);
    }
  }

  private async apply(adjustment: AdjustmentRecord, by: 'trader' | 'auto'): Promise<AdjustmentRecord> {
    const now = this.options.now();
    const done = this.options.adjustments.appliedSince(adjustment.config, now - 24 * HOUR);
    if (done >= DAILY_LIMIT) throw new TuningRefused(`${adjustment.config} already had ${done} adjustments in the last 24 h (at most ${DAILY_LIMIT}); it can take another once the oldest is a day old`);
    const record = this.require(adjustment.config);
    if (record.version !== adjustment.fromVersion) {
      this.options.adjustments.update(adjustment.id, { status: 'superseded', decidedAt: now, decidedBy: 'manager', note: `v${record.version} was saved since` });
      throw new TuningRefused(`${adjustment.config} changed since this proposal (v${adjustment.fromVersion} → v${record.version}): it no longer applies`);
    }
    const params = { ...(record.params as Record<string, unknown>), ...Object.fromEntries(adjustment.changes.map((c) => [c.param, c.to])) };
    const invalid = this.options.validate(record, params);
    if (invalid) throw new TuningRefused(`the adjusted parameters do not fit ${record.strategy}: ${invalid}`);
    // The replaced parameters keep running as a variant: the 48 h comparison (and a revert) needs them.
    const keptAs = this.options.shadows.keep(record.name, `previous-v${record.version}`, record.params as Record<string, unknown>);
    const saved = await this.options.save(record, params);
    this.options.managed.add(record.name, saved.version);
    for (const earlier of this.options.adjustments.list(record.name, 20)) {
      if (earlier.status === 'applied') this.options.adjustments.update(earlier.id, { status: 'superseded', note: `v${saved.version} followed` });
    }
    const whileHalted = this.halted();
    const wasHeld = adjustment.note?.startsWith(HELD_BY_HALT) === true;
    const note = whileHalted ? 'accepted by the trader while HALTED (emergency stop)' : wasHeld ? `${HELD_BY_HALT} until re-armed; applied on the shadows' evidence since` : adjustment.note;
    const applied = this.options.adjustments.update(adjustment.id, { status: 'applied', toVersion: saved.version, keptAs, appliedAt: now, decidedAt: now, decidedBy: by, note });
    this.options.audit('strategy_adjusted', by === 'auto' ? 'auto' : 'user', {
      config: record.name,
      adjustment: adjustment.id,
      from: record.version,
      to: saved.version,
      confidence: adjustment.confidence,
      pValue: adjustment.pValue,
      changes: adjustment.changes.map((c) => ({ param: c.param, from: c.from, to: c.to })),
      ...(whileHalted ? { whileHalted: true } : {}),
    });
    // A change the trader did not click is announced like a rollback (risk event, notification, alert channels).
    if (by === 'auto') {
      const changes = adjustment.changes.map((c) => `${c.param} ${c.from} → ${c.to}`).join(', ');
      this.options.notify(record.name, 'strategy_adjusted', `${record.name}: parameters adjusted automatically (v${record.version} → v${saved.version}): ${changes} — from variant ${adjustment.variant}, confidence ${adjustment.confidence}`);
    }
    this.options.changed(record.name);
    return applied;
  }

  private get(id: number): AdjustmentRecord {
    const adjustment = this.options.adjustments.get(id);
    if (!adjustment) throw new TuningRefused(`no adjustment #${id}`, 'not_found');
    return adjustment;
  }

  private require(config: string): StrategyConfigRecord {
    const record = this.options.configs.current(config);
    if (!record) throw new TuningRefused(`no strategy configuration "${config}"`, 'not_found');
    return record;
  }
}
