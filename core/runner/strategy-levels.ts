import type { MarketSymbol } from '../market/candle.js';
import type { AnyStrategyInstance, RunnableStrategy } from '../strategies/contract.js';

/** A price a running strategy plans around on a symbol (grid level, Fibonacci level, its exits), for the chart. */
export interface StrategyLevel {
  /** The configuration's name (what fills and positions show as their source). */
  readonly config: string;
  /** The strategy it runs (`dca-grid`, `fibonacci`, a trader's file). */
  readonly strategy: string;
  readonly price: number;
  readonly label: string;
}

interface Tracked {
  readonly strategy: string;
  readonly instances: Map<MarketSymbol, Pick<AnyStrategyInstance, 'levels'>>;
  /** False while the configuration warms up on history: its levels are not real plans yet. */
  live: boolean;
}

/**
 * The levels running strategy instances plan around (DCA grid levels, Fibonacci levels and their
 * exits), per symbol, for the chart. The engine owns the instances; this board sees each one as it is
 * created (through `track`) and asks it for its levels when the chart does. A strategy that throws or
 * returns nonsense from `levels()` draws nothing rather than breaking the API.
 */
export class StrategyLevelBoard {
  private readonly configs = new Map<string, Tracked>();
  private readonly published = new Map<MarketSymbol, string>();

  /** A definition that behaves like `definition` but lets the board see every instance it creates. */
  track<P>(config: string, definition: RunnableStrategy<P>): RunnableStrategy<P> {
    const tracked: Tracked = { strategy: definition.name, instances: new Map(), live: false };
    this.configs.set(config, tracked);
    // Delegate through the prototype, not a spread: a trader's definition may be a class instance.
    const observed = Object.create(definition) as RunnableStrategy<P>;
    Object.defineProperty(observed, 'create', {
      value: (params: P, symbol: MarketSymbol) => {
        const instance = definition.create(params, symbol);
        tracked.instances.set(symbol, instance);
        return instance;
      },
    });
    return observed;
  }

  /** The configuration finished warming up: its instances now plan for real. */
  goLive(config: string): void {
    const tracked = this.configs.get(config);
    if (tracked) tracked.live = true;
  }

  forget(config: string): void {
    this.configs.delete(config);
  }

  /** Levels of every live configuration on the symbol, by configuration, highest price first. */
  levels(symbol: MarketSymbol): StrategyLevel[] {
    const views: StrategyLevel[] = [];
    for (const [config, tracked] of this.configs) {
      const instance = tracked.instances.get(symbol);
      if (!tracked.live || !instance?.levels) continue;
      let raw: unknown;
      try {
        raw = instance.levels();
      } catch {
        continue;
      }
      const lines = (Array.isArray(raw) ? (raw as unknown[]) : []).filter(isLevel).sort((a, b) => b.price - a.price);
      for (const line of lines) views.push({ config, strategy: tracked.strategy, price: line.price, label: line.label.slice(0, 60) });
    }
    return views;
  }

  /** The symbol's levels when they differ from what was last published for it, else null. */
  changed(symbol: MarketSymbol): StrategyLevel[] | null {
    const levels = this.levels(symbol);
    const key = JSON.stringify(levels);
    if ((this.published.get(symbol) ?? '[]') === key) return null;
    this.published.set(symbol, key);
    return levels;
  }
}

function isLevel(value: unknown): value is { price: number; label: string } {
  if (typeof value !== 'object' || value === null) return false;
  const { price, label } = value as { price?: unknown; label?: unknown };
  return typeof price === 'number' && Number.isFinite(price) && price > 0 && typeof label === 'string';
}
