import { haltStateSchema, type HaltState } from '../../risk/halt-state.js';
import type { HaltStateRepository } from '../../risk/halt.js';
import type { SettingsRepository } from './settings.js';
import { NOT_HALTED } from '../../risk/halt.js';

const HALT_KEY = 'risk.halt';

/**
 * The emergency-stop flag in the settings table: written with synchronous=FULL before anything else
 * happens, so HALTED survives a crash, a power cut and a restart.
 */
export class SettingsHaltStateRepository implements HaltStateRepository {
  constructor(private readonly settings: SettingsRepository) {}

  load(): HaltState {
    const raw = this.settings.getRaw(HALT_KEY);
    if (raw === undefined) return NOT_HALTED;
    const parsed = haltStateSchema.safeParse(raw);
    // Fail safe: a flag we cannot read might have said HALTED.
    if (!parsed.success) return { halted: true, since: null, reason: 'The saved emergency-stop state could not be read; check and re-arm.', source: 'store' };
    return parsed.data;
  }

  save(state: HaltState): void {
    this.settings.set(HALT_KEY, state);
  }
}
