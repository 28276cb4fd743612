import { TERMINAL_ORDER_STATUSES } from '../exchange/port.js';
import { MANUAL } from '../positions/ledger.js';
import type { AuditLog } from '../store/repositories/audit-log.js';
import type { HaltSwitch } from '../risk/halt.js';
import type { EventBus } from './event-bus.js';
import { fillView, orderView, positionView } from './handlers/views.js';
import type { CoreServices } from './services.js';
import type { Terminal } from './terminal.js';

interface Wiring {
  readonly terminal: Pick<Terminal, 'status'>;
  readonly core: CoreServices;
  readonly halt: HaltSwitch;
  readonly events: EventBus;
  readonly audit: Pick<AuditLog, 'append'>;
}

/**
 * What the domain tells, forwarded as the API's events; and the few reactions across services: every
 * journaled order change and new fill reaches the workspace, the ledger's closed trades feed the
 * cooldowns, the regime and each account's daily-loss breaker watch every closed bar. Returns the
 * unsubscribers.
 */
export function wireEvents({ terminal, core, halt, events }: Wiring): (() => void)[] {
  const { market, journal, ledger, registry, risk, runner, board, portfolios, brackets } = core;
  let positionsQueued = false;
  // Many fills can land in one tick: the Positions list is sent once per turn.
  const positionsChanged = () => {
    if (positionsQueued) return;
    positionsQueued = true;
    queueMicrotask(() => {
      positionsQueued = false;
      events.emit('positions.updated', { positions: board.list().map((position) => positionView(position, registry)) });
    });
  };
  const statusChanged = () => events.emit('app.status', terminal.status());
  // What the Strategies tab shows moves with the market — readiness each bar, open positions and realized
  // P&L with each fill — not only when a configuration is saved: sent once per turn, when it differs.
  let strategiesQueued = false;
  let strategiesSent = '';
  const strategiesChanged = () => {
    if (strategiesQueued || runner.enabled().length === 0) return;
    strategiesQueued = true;
    queueMicrotask(() => {
      strategiesQueued = false;
      const configs = runner.statuses();
      const text = JSON.stringify(configs);
      if (text === strategiesSent) return;
      strategiesSent = text;
      events.emit('strategies.updated', { configs });
    });
  };
  let lastBar = Number.NaN;
  return [
    journal.onOrderChange((order) => {
      events.emit('orders.updated', { order: orderView(order, registry) });
      if (order.strategy === null && TERMINAL_ORDER_STATUSES.has(order.status)) brackets.entryEnded(order.clientOrderId, order.filled);
      else if (order.strategy === null && order.filled > 0) brackets.entryFilled(order.clientOrderId);
    }),
    // Registered after the ledger's own listener (services.ts): the fill already carries its trade.
    journal.onNewFill((venue, fill, order) => {
      events.emit('fills.new', { fill: fillView({ ...fill, venue }, order, ledger, registry) });
      // A paper configuration's realized P&L is the P&L tab's, kept running: every paper fill moves it.
      if (venue === 'paper') core.realized.paperFill(fill, order);
    }),
    ledger.onChange((change) => {
      positionsChanged();
      if (change.owner !== MANUAL) strategiesChanged();
      if (change.owner === MANUAL) {
        // The trader's bracket follows their position: the venue stop's quantity, and gone with the position.
        if (ledger.entry(change.account, MANUAL, change.fill.symbol)) brackets.positionChanged(change.account, change.fill.symbol);
        else brackets.positionClosed(change.account, change.fill.symbol);
      }
      const trade = change.trade;
      if (!trade) return;
      let tier: 'large' | 'mid' | 'small' | 'meme' = 'small';
      try {
        tier = registry.get(change.account)?.port.market(trade.symbol).tier ?? 'small';
      } catch {
        // a market the account no longer lists: the cooldown uses the cautious tier
      }
      // Stop-loss streaks and trade cooldowns count every owner's exits, the trader's included.
      risk.controls.recordExit({ time: trade.exitTime, symbol: trade.symbol, strategy: change.owner, reason: trade.reason, closed: ledger.entry(change.account, change.owner, trade.symbol) === null, tier });
    }),
    market.onConnectionChange(statusChanged),
    registry.onChange(statusChanged),
    halt.onChange(() => {
      statusChanged();
      // Strategies show "halted" and positions "exits paused (HALTED)" while it lasts.
      events.emit('strategies.updated', { configs: runner.statuses() });
      positionsChanged();
    }),
    market.onCandle((update) => {
      if (!update.closed || update.timeframe !== '1m') return;
      strategiesChanged();
      brackets.onBar(update.symbol, update.candle);
      // The regime and volatility switches follow the closed 1m bars of the market the terminal watches.
      risk.controls.observeCandle(update.symbol, update.candle);
      if (update.candle.time === lastBar) return;
      lastBar = update.candle.time;
      // Each account's daily-loss breaker watches every bar: it trips when the loss happens, not at the next order.
      for (const account of registry.list()) {
        const portfolio = portfolios.of(account);
        if (portfolio) risk.controls.gate.watchPortfolio(portfolio, account.quote);
      }
      positionsChanged();
    }),
  ];
}
