import { SMA } from '../../indicators/index.js';

/**
 * Relative volume: this bar's volume over the simple average of the previous `period` bars.
 * The current bar is excluded from its own baseline so a volume spike is not diluted by itself.
 */
export class VolumeAverage {
  private readonly average: SMA;

  constructor(period: number) {
    this.average = new SMA(period);
  }

  /** Feed one closed bar's volume; returns its ratio to the prior average, NaN while warming up. */
  push(volume: number): number {
    const baseline = this.average.getResult();
    this.average.add(volume);
    return baseline !== null && baseline > 0 ? volume / baseline : Number.NaN;
  }
}
