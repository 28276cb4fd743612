import { useEffect, useRef } from 'react';
import { createChart, LineSeries, LineStyle, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts';
import type { PnlSummaryView } from '../../../../core/api/contract/pnl';
import { usePreferencesStore } from '../../stores/preferences';
import { chartThemeOptions } from '../chart/theme';

/** The chart needs strictly increasing whole seconds: of several points in one second the last (latest state) stays. */
function toSeconds(equity: PnlSummaryView['equity']): { time: UTCTimestamp; value: number }[] {
  const points: { time: UTCTimestamp; value: number }[] = [];
  for (let i = 0; i < equity.time.length; i++) {
    const time = Math.floor(equity.time[i]! / 1000) as UTCTimestamp;
    const point = { time, value: equity.value[i]! };
    if (points.length > 0 && points[points.length - 1]!.time >= time) points[points.length - 1] = { ...point, time: points[points.length - 1]!.time };
    else points.push(point);
  }
  return points;
}

/**
 * The account's equity as the core computed it, with the starting balance as a dashed line. Built
 * once per theme; refreshes only replace the data, so the chart keeps its zoom and never flickers.
 */
export function PnlEquityChart({ equity, startingBalance }: { equity: PnlSummaryView['equity']; startingBalance: number }) {
  const container = useRef<HTMLDivElement>(null);
  const series = useRef<ISeriesApi<'Line'> | null>(null);
  const theme = usePreferencesStore((s) => s.theme);
  useEffect(() => {
    if (!container.current) return;
    const chart = createChart(container.current, { autoSize: true, ...chartThemeOptions(), timeScale: { ...chartThemeOptions().timeScale, timeVisible: true } });
    series.current = chart.addSeries(LineSeries, { color: '#3b82f6', lineWidth: 2, priceLineVisible: false, title: 'Equity' });
    return () => {
      series.current = null;
      chart.remove();
    };
  }, [theme]);
  useEffect(() => {
    const line = series.current;
    if (!line) return;
    line.setData(toSeconds(equity));
    const start = line.createPriceLine({ price: startingBalance, color: '#848e9c', lineStyle: LineStyle.Dashed, lineWidth: 1, axisLabelVisible: false, title: 'Start' });
    return () => {
      if (series.current === line) line.removePriceLine(start); // a removed chart took its lines with it
    };
  }, [equity, startingBalance, theme]);
  return <div className="equity-chart pnl-equity" ref={container} data-testid="pnl-equity-chart" />;
}
