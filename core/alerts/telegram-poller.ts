import type { Clock } from './clock.js';
import { z } from 'zod';
import type { TelegramBotApi, TelegramUpdate } from './channels/telegram.js';
import type { JsonSettingsStore } from './ports.js';

/** Where each bot's getUpdates offset is kept between runs, so no command is carried out twice. */
export interface TelegramOffsets {
  /** The saved offset for the bot with this id, or null. */
  load(botId: string): number | null;
  save(botId: string, offset: number): void;
}

/**
 * Telegram keeps an update at most 24 h, so an offset saved longer ago has nothing left to guard; and
 * after a week without updates a bot's next update_id is chosen at random, possibly below an old offset,
 * which would hide new commands (https://core.telegram.org/bots/api#getting-updates).
 */
const OFFSET_KEPT_MS = 24 * 3_600_000;
const savedOffsetSchema = z.object({ offset: z.number().int().positive(), savedAt: z.number() });

/** Offsets in the settings table (`alerts.telegram.offset.<bot id>`). */
export function settingsOffsets(settings: JsonSettingsStore, now: () => number): TelegramOffsets {
  const key = (botId: string) => `alerts.telegram.offset.${botId}`;
  return {
    load(botId) {
      const saved = savedOffsetSchema.safeParse(settings.getRaw(key(botId)));
      return saved.success && now() - saved.data.savedAt < OFFSET_KEPT_MS ? saved.data.offset : null;
    },
    save: (botId, offset) => settings.set(key(botId), { offset, savedAt: now() }),
  };
}

export interface TelegramPollerOptions {
  readonly bot: Pick<TelegramBotApi, 'getUpdates'>;
  /**
   * Called in the turn the update arrives, so a /halt is HALTED before the next poll starts.
   * `telegramAheadMs` is how far Telegram's clock (its answer's Date header) is ahead of this
   * computer's: a message's `date` is on Telegram's clock, so its age must be read on that clock too.
   */
  readonly onUpdate: (update: TelegramUpdate, telegramAheadMs: number) => void;
  /** The current polling problem, or null once polling works again. */
  readonly onProblem: (problem: string | null) => void;
  readonly clock: Clock;
  /** getUpdates `timeout`: Telegram answers as soon as an update arrives, or after this many seconds. */
  readonly timeoutSeconds: number;
  /** The first `offset` to poll with: the one saved after the last update a previous run handled. */
  readonly offset?: number | null;
  /** Called after each update is handled with the offset that confirms it, to be saved for the next run. */
  readonly onHandled?: (nextOffset: number) => void;
}

/**
 * Long-polls Telegram for commands. A command reaches `onUpdate` as soon as Telegram answers the
 * poll that carries it — one long-poll round trip after it was sent — and the next poll starts right
 * away (which also confirms the update). Sending alerts never waits on this loop, nor it on them.
 * Failures back off: 429 as long as Telegram asks, 5xx and network errors 2 s doubling to a minute,
 * refusals (a revoked token, a 409 from a second poller on the same bot) every minute.
 *
 * Telegram confirms an update only when the next getUpdates carries a higher `offset`. If Halyard stops
 * before that poll reaches Telegram (it quits at once, or Telegram is unreachable for a while), the
 * update comes again; so the offset is saved after every handled update and the next run starts from it.
 */
export class TelegramPoller {
  private readonly abort = new AbortController();
  private offset: number | null;
  private failures = 0;
  private running = false;
  private cancelWait: (() => void) | null = null;
  private wake: (() => void) | null = null;

  constructor(private readonly options: TelegramPollerOptions) {
    this.offset = options.offset ?? null;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.loop();
  }

  stop(): void {
    this.running = false;
    this.abort.abort();
    this.cancelWait?.();
    this.wake?.();
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const answer = await this.options.bot.getUpdates(this.offset, this.options.timeoutSeconds, this.abort.signal);
      if (!this.running) return;
      if (answer.ok) {
        this.failures = 0;
        this.options.onProblem(null);
        // Without a Date header the computer's clock is all there is.
        const telegramAheadMs = answer.serverTime == null ? 0 : answer.serverTime - this.options.clock.now();
        for (const update of answer.result) {
          this.offset = Math.max(this.offset ?? 0, update.update_id + 1);
          try {
            this.options.onUpdate(update, telegramAheadMs);
          } catch (error) {
            // One bad update must not stop the commands that follow (a /halt may be next).
            this.options.onProblem(`a command failed: ${error instanceof Error ? error.message : String(error)}`);
          }
          this.options.onHandled?.(this.offset);
        }
        continue;
      }
      const outcome = answer.outcome;
      this.failures++;
      this.options.onProblem(`commands: ${outcome.detail}`);
      const wait = outcome.kind === 'rate_limited' ? outcome.retryAfterMs : outcome.kind === 'temporary' ? Math.min(60_000, 2_000 * 2 ** Math.min(5, this.failures - 1)) : 60_000;
      await this.sleep(wait);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.cancelWait = this.options.clock.setTimer(() => {
        this.cancelWait = null;
        this.wake = null;
        resolve();
      }, ms);
    });
  }
}
