import { describe, expect, it } from 'vitest';
import { BUILTIN_STRATEGIES } from '../../../core/strategies/registry.js';

/**
 * contract.ts: the engine uses `requirements(params)` when present, else `timeframes` / `warmupBars`
 * "(the defaults')". So for every built-in the plain fields (what `strategies.list` shows, and what the
 * warm-up of a definition without parameters sizes itself on) are its requirements at the defaults.
 */
describe('built-in strategies declare the warm-up their defaults require', () => {
  for (const definition of BUILTIN_STRATEGIES) {
    it(definition.name, () => {
      const atDefaults = definition.requirements?.(definition.params.parse({}));
      if (atDefaults === undefined) return;
      expect({ timeframes: [...definition.timeframes], warmupBars: definition.warmupBars }).toEqual({ timeframes: [...atDefaults.timeframes], warmupBars: atDefaults.warmupBars });
    });
  }
});
