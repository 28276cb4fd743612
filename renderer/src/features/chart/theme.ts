import { ColorType, type DeepPartial, type ChartOptions } from 'lightweight-charts';

/** Chart colours follow the CSS theme variables, so dark/light switch the chart too. */
export function chartThemeOptions(): DeepPartial<ChartOptions> {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const grid = v('--chart-grid', '#1e222d');
  const border = v('--border', '#2a2e39');
  return {
    layout: {
      background: { type: ColorType.Solid, color: v('--chart-bg', '#0b0e11') },
      textColor: v('--muted', '#848e9c'),
      fontSize: 11,
      attributionLogo: false,
      panes: { separatorColor: border, separatorHoverColor: v('--accent', '#2962ff') },
    },
    grid: { vertLines: { color: grid }, horzLines: { color: grid } },
    timeScale: { borderColor: border },
    rightPriceScale: { borderColor: border },
    crosshair: { vertLine: { labelBackgroundColor: v('--crosshair-label', '#363a45') }, horzLine: { labelBackgroundColor: v('--crosshair-label', '#363a45') } },
  };
}
