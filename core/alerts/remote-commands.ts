import { randomInt } from 'node:crypto';
import type { FlattenReport, StopReport } from '../api/contract/risk.js';

/**
 * Telegram commands from the trader's phone. Only chats on the channel's allow-list are obeyed, and
 * only these: /status, /positions, /pnl and /halt (the emergency stop; `/halt flatten` also asks to
 * close the bot's positions, after a second, confirming message). Re-arming, placing orders and
 * arming live accounts are never possible remotely: they add risk, and a lost or stolen phone (or a
 * hijacked Telegram account) must only ever be able to make things safer. Every command — obeyed or
 * not — goes to the audit log with its chat id.
 *
 * Telegram keeps a message for up to 24 h until a poll collects it, so commands sent while Halyard was
 * closed (or offline) arrive when it polls again. A command older than LATE_COMMAND_MS is not carried
 * out — the trader typed it for the situation back then — and the chat is told so. The one exception is
 * /halt: it only makes things safer, and a trader who asked to stop trading while the desk was closed
 * must not find strategies trading when it opens; it still halts, and the reply says it ran late.
 */

export interface RemoteMessage {
  readonly chatId: string;
  readonly fromId: string | null;
  readonly text: string;
  /** When the trader sent it (Telegram's `date`, in ms); null when unknown (treated as just sent). */
  readonly sentAt?: number | null;
}

export interface RemoteDesk {
  /** HALTED in the caller's turn; resolves with the cancel results. */
  halt(reason: string): Promise<StopReport>;
  flatten(): Promise<FlattenReport>;
  statusText(): Promise<string>;
  positionsText(): Promise<string>;
  pnlText(): Promise<string>;
}

export interface RemoteCommandsOptions {
  readonly channel: string;
  readonly allowed: (chatId: string) => boolean;
  readonly desk: RemoteDesk;
  readonly reply: (chatId: string, text: string) => void;
  readonly audit: (action: string, detail: Readonly<Record<string, unknown>>) => void;
  readonly now: () => number;
}

/** A flatten asked for with `/halt flatten` waits this long for its confirming `/confirm <code>`. */
export const FLATTEN_CONFIRM_MS = 120_000;

/**
 * A command older than this when Halyard reads it is stale. Long enough for a slow network or a few
 * failed polls (they back off up to a minute), short enough that the situation it was typed for still holds.
 */
export const LATE_COMMAND_MS = 120_000;

/** "45 s", "12 min", "3 h", "3 h 20 min": how long ago a command was sent, for the chat. */
export function describeAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return `${Math.max(0, Math.floor(ms / 1000))} s`;
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}

export const REMOTE_HELP =
  'Halyard remote commands:\n/status — trading state\n/positions — open positions\n/pnl — profit and loss\n/halt — emergency stop (cancels open orders)\n/halt flatten — emergency stop, then asks to confirm closing the bot’s positions\n\nRe-arming, orders and arming live accounts are only possible at the desk.';

/** The commands the phone may use; any other is refused whenever it was sent. */
const KNOWN = new Set(['/halt', '/confirm', '/status', '/positions', '/pnl', '/start', '/help']);

const NOT_REMOTE = 'Not available remotely. Re-arming, placing orders and arming live accounts are only possible at the desk: from here you can only look (/status, /positions, /pnl) or stop (/halt).';

function describeStop(report: StopReport): string {
  const cancelled = report.orders.filter((order) => order.outcome === 'canceled').length;
  const failed = report.orders.filter((order) => order.outcome === 'failed').length;
  const accounts = report.accounts.map((a) => `${a.label}${a.error ? ` (${a.error})` : ''}`).join(', ') || 'no accounts';
  return `Emergency stop done on ${accounts}: ${cancelled} order${cancelled === 1 ? '' : 's'} cancelled, ${failed} failed, ${report.remainingOpen} still open.${failed + report.remainingOpen > 0 ? ' Check the Risk tab.' : ''}`;
}

function describeFlatten(report: FlattenReport): string {
  if (report.positions.length === 0) return 'Flatten: the bot held no positions.';
  const lines = report.positions.map((p) => `${p.account} ${p.symbol}: ${p.outcome}${p.remaining > 0 ? `, ${p.remaining} left` : ''}`);
  return `Flatten ${report.verified ? 'verified with the exchange' : 'INCOMPLETE'}:\n${lines.join('\n')}`;
}

export class RemoteCommands {
  private readonly pendingFlatten = new Map<string, { code: string; expires: number }>();

  constructor(private readonly options: RemoteCommandsOptions) {}

  /** Handles one incoming message. The HALT of `/halt` happens before this returns. */
  handle(message: RemoteMessage): void {
    const text = message.text.trim();
    if (!text.startsWith('/')) return;
    const [head = '', ...args] = text.split(/\s+/);
    // In groups Telegram appends the bot's name: /halt@halyard_bot.
    const command = head.split('@')[0]!.toLowerCase().slice(0, 32);
    const base = { chatId: message.chatId, fromId: message.fromId, channel: this.options.channel, command, args: args.slice(0, 4).map((arg) => arg.slice(0, 32)) };
    if (!this.options.allowed(message.chatId)) {
      // Not a word back: a stranger learns nothing, not even that the bot listens.
      this.options.audit('remote_command_refused', { ...base, reason: 'chat is not on the allow-list' });
      return;
    }
    const age = message.sentAt == null ? 0 : this.options.now() - message.sentAt;
    const late = age > LATE_COMMAND_MS ? describeAge(age) : null;
    if (late !== null && command !== '/halt' && KNOWN.has(command)) return this.ignoreLate(message.chatId, base, command, late);
    switch (command) {
      case '/halt':
        return this.halt(message.chatId, base, args[0]?.toLowerCase() === 'flatten', late);
      case '/confirm':
        return this.confirmFlatten(message.chatId, base, args[0] ?? '');
      case '/status':
        return this.answer(message.chatId, base, () => this.options.desk.statusText());
      case '/positions':
        return this.answer(message.chatId, base, () => this.options.desk.positionsText());
      case '/pnl':
        return this.answer(message.chatId, base, () => this.options.desk.pnlText());
      case '/start':
      case '/help':
        this.options.audit('remote_command', base);
        this.options.reply(message.chatId, REMOTE_HELP);
        return;
      default:
        this.options.audit('remote_command_refused', { ...base, reason: 'not available remotely' });
        this.options.reply(message.chatId, NOT_REMOTE);
    }
  }

  private halt(chatId: string, base: Record<string, unknown>, flatten: boolean, late: string | null): void {
    // First: the stop. Everything else (audit, replies) comes after HALTED is persisted.
    const done = this.options.desk.halt(`/halt from Telegram chat ${chatId}${late ? `, sent ${late} before Halyard read it` : ''}`);
    this.options.audit('remote_halt', { ...base, flatten, ...(late ? { late: true, sentAgo: late } : {}) });
    let ask = '';
    if (flatten) {
      const code = String(randomInt(1000, 10000));
      this.pendingFlatten.set(chatId, { code, expires: this.options.now() + FLATTEN_CONFIRM_MS });
      ask = `\nTo also close the bot’s positions at market, send /confirm ${code} within ${FLATTEN_CONFIRM_MS / 60_000} minutes.`;
    }
    const lateNote = late ? `\nThis is your /halt sent ${late} ago, while Halyard was closed or offline: carried out now, as it only stops trading. Re-arm at the desk if that is not what you want any more.` : '';
    this.options.reply(chatId, `🛑 HALTED. No new orders; cancelling open orders…${lateNote}${ask}`);
    done.then(
      (report) => this.options.reply(chatId, describeStop(report)),
      (error: unknown) => this.options.reply(chatId, `Emergency stop problem: ${error instanceof Error ? error.message : String(error)}. Halyard stays HALTED; check the Risk tab.`),
    );
  }

  private ignoreLate(chatId: string, base: Record<string, unknown>, command: string, late: string): void {
    this.options.audit('remote_command_refused', { ...base, reason: `sent ${late} before Halyard read it (commands older than ${LATE_COMMAND_MS / 60_000} minutes are not carried out)` });
    this.options.reply(chatId, `Ignored ${command} sent ${late} ago, while Halyard was closed or offline: only /halt is carried out that late. Send it again if you still want it.`);
  }

  private confirmFlatten(chatId: string, base: Record<string, unknown>, code: string): void {
    const pending = this.pendingFlatten.get(chatId);
    if (!pending || pending.expires < this.options.now() || pending.code !== code) {
      this.options.audit('remote_command_refused', { ...base, reason: pending && pending.expires >= this.options.now() ? 'wrong confirmation code' : 'no flatten waiting for confirmation' });
      this.options.reply(chatId, 'No flatten is waiting for that code (it may have expired). Send /halt flatten again.');
      return;
    }
    this.pendingFlatten.delete(chatId);
    this.options.audit('remote_flatten_confirmed', base);
    this.options.reply(chatId, 'Flattening the bot’s positions at market…');
    this.options.desk.flatten().then(
      (report) => this.options.reply(chatId, describeFlatten(report)),
      (error: unknown) => this.options.reply(chatId, `Flatten failed: ${error instanceof Error ? error.message : String(error)}. Check the Risk tab.`),
    );
  }

  private answer(chatId: string, base: Record<string, unknown>, build: () => Promise<string>): void {
    this.options.audit('remote_command', base);
    build().then(
      (text) => this.options.reply(chatId, text),
      (error: unknown) => this.options.reply(chatId, `Could not answer: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
}
