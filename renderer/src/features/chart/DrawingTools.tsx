import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { FormProblem } from '../../app/FormProblem';
import { useDropdown } from '../../app/useDropdown';
import { useMarketStore, usePriceDecimals } from '../../stores/market';
import { useChartSettingsStore } from './chart-settings';
import { TOOL_LABELS, useChartToolsStore, type DrawingTool } from './chart-tools-store';
import { DeletableList } from './DeletableList';
import { drawingName } from './DrawingLayer';
import { IndicatorSettingsPanel } from './IndicatorSettingsPanel';
import { PriceAlertPanel } from './PriceAlertPanel';
import { reloadDrawings } from './useChartTools';

const TOOL_GLYPHS: Record<DrawingTool, string> = { horizontal: '—', trend: '╱', fibonacci: 'F' };
const TOOLS: DrawingTool[] = ['horizontal', 'trend', 'fibonacci'];

/** What the chosen tool waits for, said beside the tools. */
function toolHint(tool: DrawingTool, anchored: boolean): string {
  if (tool === 'horizontal') return 'Click the chart at the line’s price';
  return anchored ? 'Click the second point' : 'Click the first point';
}

/** "Drawings (n)": the drawing tools, then the symbol's drawings, each with a delete button. */
function DrawingsMenu({ symbol }: { symbol: string }) {
  const drawings = useChartToolsStore((s) => s.drawings);
  const tool = useChartToolsStore((s) => s.tool);
  const setTool = useChartToolsStore((s) => s.setTool);
  const decimals = usePriceDecimals(symbol);
  const { open, setOpen, anchor } = useDropdown<HTMLDivElement>();
  const [problem, setProblem] = useState<string | null>(null);
  const remove = (id: number) =>
    api
      .call('chart.drawings.remove', { id })
      .then(() => reloadDrawings(symbol))
      .catch((reason: unknown) => setProblem(describeError(reason)));
  return (
    <div className="menu-anchor" ref={anchor}>
      <button
        type="button"
        className={`ghost${tool ? ' active-tool' : ''}`}
        aria-label={`Drawings (${drawings.length})`}
        title="Drawing tools and this chart's drawings"
        aria-haspopup="true"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true">{`✎ ${drawings.length}`}</span>
      </button>
      {open ? (
        <div className="menu menu-right chart-tools-menu" role="group" aria-label={`Drawings on ${symbol}`}>
          <div role="group" aria-label="Drawing tools" className="segmented">
            {TOOLS.map((id) => (
              <button
                key={id}
                type="button"
                aria-pressed={tool === id}
                onClick={() => {
                  setTool(tool === id ? null : id);
                  setOpen(false);
                }}
              >
                <span aria-hidden="true">{`${TOOL_GLYPHS[id]} `}</span>
                {TOOL_LABELS[id]}
              </button>
            ))}
          </div>
          {drawings.length === 0 ? <p className="muted small">No drawings on {symbol}: pick a tool, then click the chart.</p> : null}
          <DeletableList
            label={`Drawings on ${symbol}`}
            items={drawings.map((drawing) => ({ key: drawing.id, name: drawingName(drawing, decimals), deleteLabel: `Delete ${drawingName(drawing, decimals)}` }))}
            onDelete={(id) => void remove(id)}
          />
          <FormProblem message={problem} />
        </div>
      ) : null}
    </div>
  );
}

/**
 * The chart toolbar's right-hand tools: indicator settings, log scale, the drawing tools and drawings
 * (horizontal line, trend line, Fibonacci retracement) and the symbol's price alerts.
 */
export function ChartTools() {
  const symbol = useMarketStore((s) => s.selectedSymbol);
  const logScale = useChartSettingsStore((s) => s.logScale);
  const setLogScale = useChartSettingsStore((s) => s.setLogScale);
  const tool = useChartToolsStore((s) => s.tool);
  const anchored = useChartToolsStore((s) => s.anchor !== null);
  const setTool = useChartToolsStore((s) => s.setTool);
  // Escape puts the tool down, half-drawn line and all, as in every charting tool (the Cancel button's key).
  useEffect(() => {
    if (!tool) return;
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setTool(null);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [tool, setTool]);
  return (
    <div className="chart-tools">
      <IndicatorSettingsPanel />
      <button type="button" className="ghost" aria-label="Log scale" aria-pressed={logScale} title="Logarithmic price scale" onClick={() => setLogScale(!logScale)}>
        <span aria-hidden="true">log</span>
      </button>
      <DrawingsMenu symbol={symbol} />
      <PriceAlertPanel symbol={symbol} />
      {tool ? (
        // Over the chart, under the toolbar: what the chosen tool waits for, and a way out.
        <div className="chart-tool-hint">
          <span role="status">{`${TOOL_LABELS[tool]}: ${toolHint(tool, anchored)}`}</span>
          <button type="button" className="small-btn" onClick={() => setTool(null)}>
            Cancel
          </button>
        </div>
      ) : null}
    </div>
  );
}
