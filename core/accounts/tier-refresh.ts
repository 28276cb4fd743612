import type { TierVolumes } from '../exchange/volume-tiers.js';

const DAY_MS = 86_400_000;

export interface TierRefreshOptions {
  /** Asks the venue for every market's 24 h volume and sets the tiers (LiveVenue.refreshTiers); how many markets got one. */
  readonly refresh: (volumes: TierVolumes) => Promise<number>;
  /** The thresholds now (risk config `tiers.minQuoteVolume24h`). */
  readonly volumes: () => TierVolumes;
  readonly now: () => number;
  /** A refresh failed: the tiers stay as they were (the first time: BTC/ETH large, the rest mid). */
  readonly onProblem: (message: string) => void;
}

/**
 * A live account's liquidity tiers from its venue's 24 h volumes: set when the account connects and
 * refreshed once a day, so slippage, cooldowns and stop caps of small caps and memes apply on real venues.
 */
export class DailyTierRefresh {
  private timer: ReturnType<typeof setInterval> | null = null;
  /** When the tiers were last set, and from how many markets' volumes. */
  last: { readonly at: number; readonly markets: number } | null = null;

  constructor(private readonly options: TierRefreshOptions) {}

  async start(): Promise<void> {
    await this.run();
    this.timer ??= setInterval(() => void this.run(), DAY_MS);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async run(): Promise<void> {
    try {
      const markets = await this.options.refresh(this.options.volumes());
      this.last = { at: this.options.now(), markets };
    } catch (error) {
      this.options.onProblem(`could not refresh liquidity tiers from 24 h volumes: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
