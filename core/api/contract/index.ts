import type { z } from 'zod';
import { accountCommands } from './accounts.js';
import { alertCommands, alertEvents } from './alerts.js';
import { appCommands, appEvents } from './app.js';
import { chartCommands } from './chart.js';
import { viewStateCommands } from './view-state.js';
import { auditCommands } from './audit.js';
import { dataCommands, dataEvents } from './data.js';
import { exchangeCommands } from './exchanges.js';
import type { CommandSpec } from './define.js';
import { marketCommands, marketEvents, marketSourceCommands, watchlistCommands } from './market.js';
import { pnlCommands } from './pnl.js';
import { riskCommands, riskEvents } from './risk.js';
import { strategyCommands, strategyEvents } from './strategies.js';
import { sweepCommands, sweepEvents } from './sweeps.js';
import { tradingCommands, tradingEvents } from './trading.js';
import { tradeCommands } from './trades.js';
import { depthCommands, depthEvents } from './depth.js';
import { scannerCommands } from './scanner.js';
import { liveStrategyCommands, liveStrategyEvents } from './live-strategies.js';
import { strategyShadowCommands, strategyShadowEvents } from './strategy-shadows.js';
import { orchestratorCommands, orchestratorEvents } from './orchestrator.js';

/**
 * The whole core API. Each domain contributes a command map and an event map; adding a domain
 * means adding its maps here. Names are `domain.verb` and are promises to scripts: never rename.
 */
export const commands = {
  ...appCommands,
  ...accountCommands,
  ...auditCommands,
  ...exchangeCommands,
  ...marketCommands,
  ...marketSourceCommands,
  ...watchlistCommands,
  ...depthCommands,
  ...riskCommands,
  ...tradingCommands,
  ...tradeCommands,
  ...pnlCommands,
  ...strategyCommands,
  ...sweepCommands,
  ...liveStrategyCommands,
  ...scannerCommands,
  ...strategyShadowCommands,
  ...dataCommands,
  ...alertCommands,
  ...chartCommands,
  ...viewStateCommands,
  ...orchestratorCommands,
} as const satisfies Record<string, CommandSpec>;

export const events = {
  ...appEvents,
  ...marketEvents,
  ...depthEvents,
  ...riskEvents,
  ...tradingEvents,
  ...strategyEvents,
  ...sweepEvents,
  ...liveStrategyEvents,
  ...strategyShadowEvents,
  ...dataEvents,
  ...alertEvents,
  ...orchestratorEvents,
} as const satisfies Record<string, z.ZodType>;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type CommandArgs<K extends CommandName> = z.input<Commands[K]['request']>;
export type CommandParsedArgs<K extends CommandName> = z.output<Commands[K]['request']>;
export type CommandResult<K extends CommandName> = z.output<Commands[K]['response']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = z.output<Events[K]>;

/** The server side: one async function per command, receiving validated arguments. */
export type Handlers = { [K in CommandName]: (args: CommandParsedArgs<K>) => Promise<CommandResult<K>> };

export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(commands, name);
}

export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}

export * from './accounts.js';
export * from './alerts.js';
export * from './app.js';
export * from './audit.js';
export * from './data.js';
export * from './exchanges.js';
export * from './market.js';
export * from './risk.js';
export * from './trading.js';
export * from './trades.js';
export * from './depth.js';
export * from './scanner.js';
export * from './pnl.js';
export * from './strategies.js';
export * from './sweeps.js';
export * from './live-strategies.js';
export * from './strategy-shadows.js';
export * from './orchestrator.js';
