import { formatAmount, formatChange, formatPrice, direction } from '../../app/format';
import { LiveAttribute, LiveFigure, LiveText, LiveTone, part } from '../live/live-dom';
import type { LegendValues } from './ChartLegend';

/**
 * What the legend's elements are made of: whether a bar is shown, and each indicator's plotted lines
 * (label and colour). React renders the legend again only when this changes; a tick changes values only.
 */
export function legendShape(values: LegendValues): string {
  const indicators = values.indicators.map((reading) => `${reading.id}:${reading.values.map((value) => `${value.label}\u0001${value.color}`).join('\u0002')}`);
  return `${values.bar ? 'bar' : 'none'}|${indicators.join('|')}`;
}

const formatVolume = (volume: number) => formatAmount(Math.round(volume * 100) / 100);

/** The bar's OHLC, change and volume, and its time (for screen readers and tests), written in place. */
class BarFigures {
  private readonly time: LiveText;
  private readonly dateTime: LiveAttribute;
  private readonly tone: LiveTone;
  private readonly prices: LiveFigure[];
  private readonly change: LiveText;
  private readonly volume: LiveText;

  constructor(root: HTMLElement) {
    const time = part(root, 'time');
    this.time = new LiveText(time);
    this.dateTime = new LiveAttribute(time, 'datetime');
    const ohlc = part(root, '.legend-ohlc');
    // A painter made again over the same elements (new decimals) starts from no tone, as LiveTone does.
    ohlc.classList.remove('up', 'down', 'flat');
    this.tone = new LiveTone(ohlc);
    this.prices = Array.from(ohlc.querySelectorAll('[data-part="price"]'), (cell) => new LiveFigure(cell, formatPrice));
    this.change = new LiveText(part(ohlc, '[data-part="change"]'));
    this.volume = new LiveText(part(ohlc, '[data-part="volume"]'));
  }

  show(bar: NonNullable<LegendValues['bar']>, decimals: number): void {
    const iso = new Date(bar.time).toISOString();
    this.dateTime.set(iso);
    this.time.set(`${iso.slice(0, 16).replace('T', ' ')} UTC`);
    this.tone.set(direction(bar.close - bar.open));
    [bar.open, bar.high, bar.low, bar.close].forEach((price, i) => this.prices[i]?.set(price, decimals));
    const change = ((bar.close - bar.open) / bar.open) * 100;
    this.change.set(`${formatChange(change, 2)}%`);
    this.volume.set(formatVolume(bar.volume));
  }
}

/**
 * Writes each legend reading into the elements React rendered for its shape (`legendShape`): only the
 * text and attributes whose value changed, with no React render per tick.
 */
export class LegendPainter {
  private readonly bar: BarFigures | null;
  private readonly indicators: { id: string; values: LiveFigure[] }[];

  constructor(
    root: HTMLElement,
    private readonly decimals: number,
  ) {
    this.bar = root.querySelector('.legend-ohlc') ? new BarFigures(root) : null;
    this.indicators = Array.from(root.querySelectorAll<HTMLElement>('[data-indicator]'), (row) => ({
      id: row.dataset.indicator ?? '',
      values: Array.from(row.querySelectorAll('b'), (cell) => new LiveFigure(cell, formatPrice)),
    }));
  }

  paint(values: LegendValues): void {
    if (values.bar) this.bar?.show(values.bar, this.decimals);
    for (const row of this.indicators) {
      const reading = values.indicators.find((candidate) => candidate.id === row.id);
      const decimals = row.id === 'rsi' ? 2 : this.decimals;
      reading?.values.forEach((value, i) => row.values[i]?.set(value.value, decimals));
    }
  }
}
