import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { lazySchema } from '../../../core/market/lazy-schema.js';
import { BUILTIN_STRATEGIES } from '../../../core/strategies/registry.js';

describe('lazySchema', () => {
  it('builds the schema on the first call only, and hands out that one schema from then on', () => {
    let builds = 0;
    const schema = lazySchema(() => {
      builds++;
      return z.object({ fast: z.number().int().min(1) });
    });
    expect(builds).toBe(0);
    const first = schema();
    expect(schema()).toBe(first);
    expect(builds).toBe(1);
    expect(first.safeParse({ fast: 0 }).success).toBe(false);
  });

  it('gives each builtInStrategy one parameter schema, and timeframes and warm-up that are its requirements at the defaults', () => {
    // sma-cross is written out by hand (its schema is built at load: a single run of it needs it at once).
    for (const definition of BUILTIN_STRATEGIES.filter((d) => d.name !== 'sma-cross')) {
      expect(definition.params).toBe(definition.params);
      const defaults = definition.params.parse({});
      const atDefaults = definition.requirements?.(defaults) ?? { timeframes: definition.timeframes, warmupBars: definition.warmupBars };
      expect({ name: definition.name, timeframes: definition.timeframes, warmupBars: definition.warmupBars }).toEqual({ name: definition.name, ...atDefaults });
    }
  });
});
