import { useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { IChartApi, ISeriesApi } from 'lightweight-charts';
import type { OrderView } from '../../../../core/api/contract/trading';
import { formatAmount, formatPrice } from '../../app/format';
import { OPEN_STATUSES } from '../../stores/trading';
import { useModifyStore, type ModifyRequest } from '../orders/modify-store';
import { orderLineTitle, type OrderLeg } from './levels';

/** Where the chart's price axis is: the handles sit just left of it. */
export interface DragTarget {
  readonly chart: IChartApi;
  readonly series: ISeriesApi<'Candlestick'>;
}

/** One draggable line: a limit order's price, or a stop-limit's stop or limit. */
interface DraggableLine {
  readonly key: string;
  readonly order: OrderView;
  readonly leg: OrderLeg;
  readonly price: number;
}

let measuring: CanvasRenderingContext2D | null = null;

/**
 * How far left of the price axis a line's title label reaches: the handle sits beyond it so the label
 * ("BUY 0.01", "BUY 0.01 stop") stays readable. Measured in the chart's own font; the label's padding is added.
 */
function titleLabelWidth(chart: IChartApi, title: string): number {
  measuring ??= document.createElement('canvas').getContext('2d');
  if (!measuring) return 0;
  const { fontSize, fontFamily } = chart.options().layout;
  measuring.font = `${fontSize}px ${fontFamily}`;
  return Math.ceil(measuring.measureText(title).width) + 12;
}

/** The trader's own working limit and stop-limit orders on the symbol: their lines can be dragged (a stop-limit's stop and limit each). */
function draggable(orders: Readonly<Record<string, OrderView>>, symbol: string): DraggableLine[] {
  const lines: DraggableLine[] = [];
  for (const order of Object.values(orders)) {
    if (order.symbol !== symbol || order.source !== 'manual' || !OPEN_STATUSES.has(order.status) || order.price === null) continue;
    if (order.type === 'stop_limit' && order.stopPrice !== null) lines.push({ key: `${order.clientOrderId}:stop`, order, leg: 'stop', price: order.stopPrice });
    if (order.type === 'limit' || order.type === 'stop_limit') lines.push({ key: `${order.clientOrderId}:limit`, order, leg: 'limit', price: order.price });
  }
  return lines;
}

/** The price a line was dragged to while its modify is being asked or sent: the handle waits there, and goes back if it is refused. */
function requestedPrice(request: ModifyRequest | null, line: DraggableLine): number | null {
  if (!request || request.via !== 'chart' || request.order.clientOrderId !== line.order.clientOrderId) return null;
  const asked = line.leg === 'stop' ? request.stopPrice : request.price;
  return asked === undefined ? null : Number(asked);
}

/** The handle's name: a limit order's one line, or which of a stop-limit's two lines it is. */
function handleName(line: DraggableLine, decimals: number): string {
  const what = line.order.type === 'stop_limit' ? `${line.leg} line` : 'order line';
  return `Drag ${line.order.side} ${formatAmount(line.order.amount)} ${what} at ${formatPrice(line.price, decimals)}`;
}

/**
 * A handle on each of the trader's order lines: drag it up or down and let go to move that price of the
 * order (a modify — cancel/replace in the core — asked to confirm on a live account): a limit order's
 * price, a stop-limit's stop or its limit. The lines themselves are drawn on the chart's canvas; these
 * handles follow them as the price scale moves. A refused move puts the handle back where the order is.
 */
export function OrderLineHandles({ target, orders, symbol, decimals }: { target: () => DragTarget | null; orders: Readonly<Record<string, OrderView>>; symbol: string; decimals: number }) {
  const [positions, setPositions] = useState<Record<string, number>>({});
  const [drag, setDrag] = useState<{ key: string; y: number } | null>(null);
  const request = useModifyStore((s) => s.request);
  const layer = useRef<HTMLDivElement>(null);
  const lines = draggable(orders, symbol);
  const shownPrice = (line: DraggableLine) => requestedPrice(request, line) ?? line.price;
  const key = lines.map((line) => `${line.key}@${shownPrice(line)}`).join('|');

  // The price scale moves with every tick and zoom: re-place the handles a few times a second (cheap: a few lines).
  useEffect(() => {
    if (lines.length === 0) return;
    const place = () => {
      const parts = target();
      if (!parts) return;
      const next: Record<string, number> = {};
      // Only lines inside the price pane get a handle (a line off-scale cannot be grabbed).
      const paneHeight = (layer.current?.clientHeight ?? 0) - parts.chart.timeScale().height();
      for (const line of lines) {
        const y = parts.series.priceToCoordinate(shownPrice(line));
        if (y !== null && y >= 0 && y <= paneHeight) next[line.key] = Math.round(y);
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

  const onDown = (line: DraggableLine) => (event: ReactPointerEvent<HTMLButtonElement>) => {
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    setDrag({ key: line.key, y: localY(event) });
  };
  const onMove = (event: ReactPointerEvent) => {
    if (drag) setDrag({ key: drag.key, y: localY(event) });
  };
  const onUp = (line: DraggableLine) => (event: ReactPointerEvent) => {
    if (!drag || drag.key !== line.key) return;
    setDrag(null);
    const price = priceAt(localY(event));
    if (price === null || !(price > 0)) return;
    const text = price.toFixed(decimals);
    // Less than a tick is no move (a click on the handle).
    if (Number(text) === line.price) return;
    useModifyStore.getState().start({ order: line.order, via: 'chart', ...(line.leg === 'stop' ? { stopPrice: text } : { price: text }) });
  };

  return (
    <div className="order-line-handles" ref={layer} style={{ right: axisWidth }}>
      {lines.map((line) => {
        const dragging = drag?.key === line.key;
        const y = dragging ? drag.y : positions[line.key];
        if (y === undefined) return null;
        const preview = dragging ? priceAt(drag.y) : null;
        return (
          <button
            key={line.key}
            type="button"
            className={`order-line-handle ${line.order.side} ${line.leg}${dragging ? ' dragging' : ''}`}
            style={{ top: y, right: 2 + (chart ? titleLabelWidth(chart, orderLineTitle(line.order, line.leg)) : 0) }}
            aria-label={handleName(line, decimals)}
            onPointerDown={onDown(line)}
            onPointerMove={onMove}
            onPointerUp={onUp(line)}
            onPointerCancel={() => setDrag(null)}
          >
            ⇕{preview !== null ? ` ${formatPrice(preview, decimals)}` : ''}
          </button>
        );
      })}
    </div>
  );
}
