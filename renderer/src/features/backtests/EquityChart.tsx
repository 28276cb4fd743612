import { useEffect, useRef } from 'react';
import { AreaSeries, createChart, LineSeries, type UTCTimestamp } from 'lightweight-charts';
import type { BacktestResultView } from '../../../../core/api/contract/strategies';
import { usePreferencesStore } from '../../stores/preferences';
import { chartThemeOptions } from '../chart/theme';

/** Equity over the run (top) and drawdown below the running peak (bottom pane), as the core computed them. */
export function EquityChart({ equity }: { equity: BacktestResultView['equity'] }) {
  const container = useRef<HTMLDivElement>(null);
  const theme = usePreferencesStore((s) => s.theme);
  useEffect(() => {
    if (!container.current) return;
    const chart = createChart(container.current, { autoSize: true, ...chartThemeOptions(), timeScale: { ...chartThemeOptions().timeScale, timeVisible: true } });
    const line = chart.addSeries(LineSeries, { color: '#3b82f6', lineWidth: 2, priceLineVisible: false, title: 'Equity' });
    const drawdown = chart.addSeries(AreaSeries, { lineColor: '#ef5350', topColor: '#ef535000', bottomColor: '#ef535066', lineWidth: 1, priceLineVisible: false, priceFormat: { type: 'percent' }, title: 'Drawdown' }, 1);
    const points: { time: UTCTimestamp; value: number }[] = [];
    const dd: { time: UTCTimestamp; value: number }[] = [];
    let last = -Infinity;
    for (let i = 0; i < equity.time.length; i++) {
      const time = Math.floor(equity.time[i]! / 1000);
      if (time <= last) continue; // the chart needs strictly increasing times
      last = time;
      points.push({ time: time as UTCTimestamp, value: equity.value[i]! });
      dd.push({ time: time as UTCTimestamp, value: -(equity.drawdown[i] ?? 0) * 100 });
    }
    line.setData(points);
    drawdown.setData(dd);
    chart.panes()[1]?.setStretchFactor(0.35);
    chart.timeScale().fitContent();
    return () => chart.remove();
  }, [equity, theme]);
  return <div className="equity-chart" ref={container} data-testid="equity-chart" />;
}
