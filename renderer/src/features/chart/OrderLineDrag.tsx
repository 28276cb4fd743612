import { useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { IChartApi, ISeriesApi } from 'lightweight-charts';
import type { OrderView } from '../../../../core/api/contract/trading';
import { formatAmount, formatPrice } from '../../app/format';
import { OPEN_STATUSES } from '../../stores/trading';
import { useModifyStore } from '../orders/modify-store';
import { orderLineLabel } from './levels';

/** Where the chart's price axis is: the handles sit just left of it. */
export interface DragTarget {
  readonly chart: IChartApi;
  readonly series: ISeriesApi<'Candlestick'>;
}

let measuring: CanvasRenderingContext2D | null = null;

/**
 * How far left of the price axis a line's title label reaches: the handle sits beyond it so the label
 * ("BUY 0.01") stays readable. Measured in the chart's own font; the label's padding is added.
 */
function titleLabelWidth(chart: IChartApi, title: string): number {
  measuring ??= document.createElement('canvas').getContext('2d');
  if (!measuring) return 0;
  const { fontSize, fontFamily } = chart.options().layout;
  measuring.font = `${fontSize}px ${fontFamily}`;
  return Math.ceil(measuring.measureText(title).width) + 12;
}

/** The trader's own working limit orders on the symbol: the lines that can be dragged. */
function draggable(orders: Readonly<Record<string, OrderView>>, symbol: string): OrderView[] {
  return Object.values(orders).filter((o) => o.symbol === symbol && o.source === 'manual' && o.type === 'limit' && o.price !== null && OPEN_STATUSES.has(o.status));
}

/**
 * A handle on each of the trader's limit-order lines: drag it up or down and let go to move the order to
 * that price (a modify — cancel/replace in the core — asked to confirm on a live account). The lines
 * themselves are drawn on the chart's canvas; these handles follow them as the price scale moves.
 */
export function OrderLineHandles({ target, orders, symbol, decimals }: { target: () => DragTarget | null; orders: Readonly<Record<string, OrderView>>; symbol: string; decimals: number }) {
  const [positions, setPositions] = useState<Record<string, number>>({});
  const [drag, setDrag] = useState<{ id: string; y: number } | null>(null);
  const layer = useRef<HTMLDivElement>(null);
  const lines = draggable(orders, symbol);
  const key = lines.map((o) => `${o.clientOrderId}@${o.price}`).join('|');

  // The price scale moves with every tick and zoom: re-place the handles a few times a second (cheap: a few lines).
  useEffect(() => {
    if (lines.length === 0) return;
    const place = () => {
      const parts = target();
      if (!parts) return;
      const next: Record<string, number> = {};
      // Only lines inside the price pane get a handle (a line off-scale cannot be grabbed).
      const paneHeight = (layer.current?.clientHeight ?? 0) - parts.chart.timeScale().height();
      for (const order of lines) {
        const y = parts.series.priceToCoordinate(order.price!);
        if (y !== null && y >= 0 && y <= paneHeight) next[order.clientOrderId] = Math.round(y);
      }
      setPositions((current) => (JSON.stringify(current) === JSON.stringify(next) ? current : next));
    };
    place();
    const timer = setInterval(place, 250);
    return () => clearInterval(timer);
  }, [key, target]);

  const chart = target()?.chart ?? null;
  const axisWidth = chart?.priceScale('right').width() ?? 60;
  const priceAt = (y: number) => target()?.series.coordinateToPrice(y) ?? null;
  const localY = (event: ReactPointerEvent) => event.clientY - (layer.current?.getBoundingClientRect().top ?? 0);

  const onDown = (order: OrderView) => (event: ReactPointerEvent<HTMLButtonElement>) => {
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    setDrag({ id: order.clientOrderId, y: localY(event) });
  };
  const onMove = (event: ReactPointerEvent) => {
    if (drag) setDrag({ id: drag.id, y: localY(event) });
  };
  const onUp = (order: OrderView) => (event: ReactPointerEvent) => {
    if (!drag || drag.id !== order.clientOrderId) return;
    setDrag(null);
    const price = priceAt(localY(event));
    if (price === null || !(price > 0)) return;
    const text = price.toFixed(decimals);
    // Less than a tick is no move (a click on the handle).
    if (Number(text) === order.price) return;
    useModifyStore.getState().start({ order, via: 'chart', price: text });
  };

  return (
    <div className="order-line-handles" ref={layer} style={{ right: axisWidth }}>
      {lines.map((order) => {
        const dragging = drag?.id === order.clientOrderId;
        const y = dragging ? drag.y : positions[order.clientOrderId];
        if (y === undefined) return null;
        const preview = dragging ? priceAt(drag.y) : null;
        return (
          <button
            key={order.clientOrderId}
            type="button"
            className={`order-line-handle ${order.side}${dragging ? ' dragging' : ''}`}
            style={{ top: y, right: 2 + (chart ? titleLabelWidth(chart, orderLineLabel(order)) : 0) }}
            aria-label={`Drag ${order.side} ${formatAmount(order.amount)} order line at ${formatPrice(order.price!, decimals)}`}
            onPointerDown={onDown(order)}
            onPointerMove={onMove}
            onPointerUp={onUp(order)}
            onPointerCancel={() => setDrag(null)}
          >
            ⇕{preview !== null ? ` ${formatPrice(preview, decimals)}` : ''}
          </button>
        );
      })}
    </div>
  );
}
