import type { MarketSymbol } from '../market/candle.js';
import type { OrderSide } from '../exchange/port.js';
import type { PositionView } from '../strategies/contract.js';
import type { StrategyError } from '../strategies/strategy-error.js';
import type { ClosedTrade } from './positions.js';
import type { RiskEvent } from './risk-gate.js';

/** A fill as the engine attributes it: which trade it belongs to and why it happened. */
export interface EngineFill {
  readonly id: string;
  readonly orderId: string;
  readonly tradeId: string;
  readonly symbol: MarketSymbol;
  readonly side: OrderSide;
  /** Bar open time of the bar the fill happened in (or the close time for a time exit). */
  readonly time: number;
  readonly price: number;
  readonly qty: number;
  readonly fee: number;
  readonly liquidity: 'maker' | 'taker';
  readonly purpose: 'enter' | 'add' | 'exit';
  /** Entry: the strategy's reason; exit: the exit reason. */
  readonly reason: string;
}

/** Where the engine reports what happened; every member optional, all called synchronously. */
export interface EngineListener {
  onFill?(fill: EngineFill): void;
  onTrade?(trade: ClosedTrade): void;
  onRiskEvent?(event: RiskEvent): void;
  onStrategyError?(error: StrategyError): void;
  /** The strategy was stopped on `symbol` (a fatal error, or too many in a row); its other symbols go on. */
  onStrategyStopped?(symbol: MarketSymbol, detail: string): void;
  onPosition?(symbol: MarketSymbol, position: PositionView | null): void;
}
