import { ApiError } from '../api/errors.js';
import type { AppStatus } from '../api/contract/app.js';
import type { Handlers } from '../api/contract/index.js';
import { candlesToColumns } from '../market/candle.js';
import type { MarketFeed } from '../market/feed.js';
import { createReplayFeed, createSimulatedFeed } from '../market/sources.js';
import { Watchlist } from '../market/watchlist.js';
import { HaltSwitch, InMemoryHaltStateRepository, type HaltStateRepository } from '../risk/halt.js';
import { terminalConfigSchema, type TerminalConfig, type TerminalConfigInput } from './config.js';
import { EventBus } from './event-bus.js';
import { mergeHandlers, type HandlerMap } from './handlers.js';
import { APP_VERSION } from './version.js';

export interface TerminalDependencies {
  readonly now?: () => number;
  readonly haltRepository?: HaltStateRepository;
  /** Extra domain handlers (accounts, orders, …) built by the composition root. */
  readonly extraHandlers?: HandlerMap[];
}

/**
 * The composition root: builds the core's services from one validated config and exposes
 * them as the typed API plus an event bus. Hosts (Electron main, the web host, tests) only
 * ever see `handlers` and `events`.
 */
export class Terminal {
  readonly events = new EventBus();
  readonly handlers: Handlers;
  private readonly watchlist: Watchlist;
  private readonly unsubscribers: (() => void)[] = [];

  private constructor(
    readonly config: TerminalConfig,
    private readonly feed: MarketFeed,
    private readonly halt: HaltSwitch,
    private readonly now: () => number,
    extraHandlers: HandlerMap[],
  ) {
    this.watchlist = new Watchlist(feed);
    this.handlers = mergeHandlers(this.appHandlers(), this.marketHandlers(), ...extraHandlers);
  }

  static async create(input: TerminalConfigInput, dependencies: TerminalDependencies = {}): Promise<Terminal> {
    const config = terminalConfigSchema.parse(input);
    const now = dependencies.now ?? Date.now;
    const feed =
      config.market.kind === 'simulated'
        ? createSimulatedFeed({ seed: config.market.seed, speed: config.speed, now, tickMs: config.tickMs })
        : await createReplayFeed({ file: config.market.file, speed: config.speed, tickMs: config.tickMs });
    const halt = new HaltSwitch(dependencies.haltRepository ?? new InMemoryHaltStateRepository(), now);
    const terminal = new Terminal(config, feed, halt, now, dependencies.extraHandlers ?? []);
    await terminal.start();
    return terminal;
  }

  status(): AppStatus {
    return {
      version: APP_VERSION,
      dataSource: this.feed.source,
      connection: this.feed.connection(),
      mode: { kind: 'paper', account: null },
      halt: this.halt.current,
      keychain: { ok: true, message: null },
      database: { ok: true, message: null },
      serverTime: this.now(),
    };
  }

  async close(): Promise<void> {
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    await this.feed.stop();
  }

  private async start(): Promise<void> {
    await this.watchlist.load();
    this.unsubscribers.push(
      this.feed.subscribe((update) => {
        this.events.emit('market.candles', { updates: [update] });
        if (this.watchlist.apply(update.symbol, update.candle, update.closed)) {
          this.events.emit('market.watchlist', { rows: this.watchlist.rows() });
        }
      }),
      this.feed.onConnection(() => this.events.emit('app.status', this.status())),
      this.halt.onChange(() => this.events.emit('app.status', this.status())),
    );
    await this.feed.start();
  }

  private appHandlers(): HandlerMap {
    return {
      'app.status': async () => this.status(),
      'risk.emergencyStop': async ({ source, reason }) => this.halt.halt(source, reason ?? 'Emergency Stop pressed'),
      'risk.rearm': async () => this.halt.rearm(),
    };
  }

  private marketHandlers(): HandlerMap {
    return {
      'market.watchlist': async () => this.watchlist.rows(),
      'market.history': async ({ symbol, timeframe, limit }) => {
        if (!this.feed.symbols().includes(symbol)) {
          throw new ApiError('not_found', `${symbol} is not available from ${this.feed.source.label}`);
        }
        const candles = await this.feed.history(symbol, timeframe, limit);
        const columns = candlesToColumns(candles);
        return {
          symbol,
          timeframe,
          candles: {
            time: Array.from(columns.time),
            open: Array.from(columns.open),
            high: Array.from(columns.high),
            low: Array.from(columns.low),
            close: Array.from(columns.close),
            volume: Array.from(columns.volume),
          },
        };
      },
    };
  }
}
