import type { SqliteDatabase } from './db.js';
import { AccountRepository } from './repositories/accounts.js';
import { AlertChannelRepository } from './repositories/alert-channels.js';
import { AuditLog } from './repositories/audit-log.js';
import { CandleRepository } from './repositories/candles.js';
import { FillRepository } from './repositories/fills.js';
import { SettingsHaltStateRepository } from './repositories/halt-state.js';
import { OrderRepository } from './repositories/orders.js';
import { PaperAccountRepository } from './repositories/paper-account.js';
import { SettingsRepository } from './repositories/settings.js';
import { SignalRepository } from './repositories/signals.js';
import { StrategyConfigRepository } from './repositories/strategy-configs.js';
import { LedgerRepository } from './repositories/ledger.js';
import { StrategyShadowRepository } from './repositories/strategy-shadows.js';
import { RiskEventRepository } from './repositories/risk-events.js';
import { PriceAlertRepository } from './repositories/price-alerts.js';
import { ChartDrawingRepository } from './repositories/chart-drawings.js';
import { DecisionRepository } from './repositories/decisions.js';
import { LearnedModelRepository } from './repositories/learned-models.js';
import { ThresholdAdjustmentRepository } from './repositories/threshold-adjustments.js';
import { TradeOutcomeRepository } from './repositories/trade-outcomes.js';

export interface StoreLocation {
  /** False for the in-memory fallback: nothing survives a restart. */
  readonly persistent: boolean;
  /** The database file, or null in memory. */
  readonly file: string | null;
}

/**
 * Halyard's local store: one repository per aggregate over one migrated database. The rest of the
 * core uses these typed functions and never sees SQL.
 */
export class HalyardStore {
  readonly candles: CandleRepository;
  readonly accounts: AccountRepository;
  readonly orders: OrderRepository;
  readonly fills: FillRepository;
  readonly strategies: StrategyConfigRepository;
  readonly signals: SignalRepository;
  readonly audit: AuditLog;
  readonly settings: SettingsRepository;
  readonly halt: SettingsHaltStateRepository;
  /** The paper exchange's balances, working orders and id counters. */
  readonly paper: PaperAccountRepository;
  /** The position ledger's store: which owner's trade each fill moved, and open positions' exit plans. */
  readonly ledger: LedgerRepository;
  /** Shadow variants of each strategy configuration. */
  readonly shadows: StrategyShadowRepository;
  /** Alert channels (never their secrets) and their delivery log. */
  readonly alerts: AlertChannelRepository;
  /** The risk events log (rejections, regime, cooldowns, halts), kept across restarts. */
  readonly riskEvents: RiskEventRepository;
  /** The trader's price alerts and chart drawings. */
  readonly priceAlerts: PriceAlertRepository;
  readonly drawings: ChartDrawingRepository;
  /** The orchestrator's decision log, trade outcomes, threshold adjustments and learned models. */
  readonly decisions: DecisionRepository;
  readonly outcomes: TradeOutcomeRepository;
  readonly adjustments: ThresholdAdjustmentRepository;
  readonly models: LearnedModelRepository;

  constructor(
    private readonly db: SqliteDatabase,
    readonly location: StoreLocation,
    now: () => number = Date.now,
  ) {
    this.candles = new CandleRepository(db);
    this.accounts = new AccountRepository(db, now);
    this.orders = new OrderRepository(db);
    this.fills = new FillRepository(db);
    this.strategies = new StrategyConfigRepository(db, now);
    this.signals = new SignalRepository(db);
    this.audit = new AuditLog(db, now);
    this.settings = new SettingsRepository(db, now);
    this.halt = new SettingsHaltStateRepository(this.settings);
    this.paper = new PaperAccountRepository(db, now);
    this.ledger = new LedgerRepository(db, now);
    this.shadows = new StrategyShadowRepository(db, now);
    this.alerts = new AlertChannelRepository(db, now);
    this.riskEvents = new RiskEventRepository(db);
    this.priceAlerts = new PriceAlertRepository(db);
    this.drawings = new ChartDrawingRepository(db, now);
    this.decisions = new DecisionRepository(db);
    this.outcomes = new TradeOutcomeRepository(db);
    this.adjustments = new ThresholdAdjustmentRepository(db);
    this.models = new LearnedModelRepository(db);
  }

  /** Runs `work` in one write transaction (nested repository writes become savepoints). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  /** `PRAGMA integrity_check`: ['ok'] for a healthy database, otherwise the problems SQLite found. */
  integrityCheck(): string[] {
    return this.db.prepare<[], string>('PRAGMA integrity_check').pluck(true).all();
  }

  get open(): boolean {
    return this.db.open;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
