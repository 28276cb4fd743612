/**
 * The alerts domain's vocabulary: what an alert is about (its kind), how urgent it is (its level),
 * which services can carry it, and a channel's routing. Pure constants and types: the API contract
 * builds its schemas from them and the renderer shows their labels.
 */

/** What an alert is about; a channel's routing picks which of these it receives. */
export const ALERT_KINDS = [
  'fills',
  'orders_rejected',
  'exits',
  'risk',
  'halt',
  'reconciliation',
  'price_alerts',
  'strategy_errors',
  'reports',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_KIND_LABELS: Readonly<Record<AlertKind, string>> = {
  fills: 'Fills',
  orders_rejected: 'Orders rejected',
  exits: 'Exits (reason and P&L)',
  risk: 'Risk events (breaker, cooldowns, regime)',
  halt: 'HALT and re-arm',
  reconciliation: 'Reconciliation differences',
  price_alerts: 'Price alerts',
  strategy_errors: 'Strategy errors',
  reports: 'Daily and weekly reports',
};

/** Lowest first: a channel's minimum level lets through that level and everything above it. */
export const ALERT_LEVELS = ['info', 'warning', 'critical'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

export function levelRank(level: AlertLevel): number {
  return ALERT_LEVELS.indexOf(level);
}

export const CHANNEL_KINDS = ['telegram', 'slack', 'discord', 'webhook'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const CHANNEL_KIND_LABELS: Readonly<Record<ChannelKind, string>> = {
  telegram: 'Telegram',
  slack: 'Slack',
  discord: 'Discord',
  webhook: 'Webhook (signed JSON)',
};

export interface ChannelRouting {
  readonly kinds: readonly AlertKind[];
  readonly minLevel: AlertLevel;
}

/** A new channel gets everything from `info` up; the trader narrows it in Settings → Alerts. */
export const DEFAULT_ROUTING: ChannelRouting = { kinds: ALERT_KINDS, minLevel: 'info' };

/** One message for the trader's phone. `text` is final: formatted, short, with the account named. */
export interface Alert {
  readonly kind: AlertKind | 'test' | 'remote';
  /** Other kinds it also belongs to (an exit is also a fill): a channel routing any of them gets it, once. */
  readonly also?: readonly AlertKind[];
  readonly level: AlertLevel;
  readonly text: string;
  readonly time: number;
}

/** Whether `routing` sends `alert` to its channel. Test messages and command replies always go. */
export function routes(routing: ChannelRouting, alert: Alert): boolean {
  if (alert.kind === 'test' || alert.kind === 'remote') return true;
  const kinds = [alert.kind, ...(alert.also ?? [])];
  return kinds.some((kind) => (routing.kinds as readonly string[]).includes(kind)) && levelRank(alert.level) >= levelRank(routing.minLevel);
}
