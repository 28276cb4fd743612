import type { LiveOrderControl } from './live-orders.js';

export type QuitChoice = 'leave' | 'cancel' | 'cancel-and-flatten' | 'stay';

export interface QuitQuestion {
  /** null: the core could not count them (asked anyway, never assumed zero). */
  readonly openOrders: number | null;
  readonly canFlatten: boolean;
}

export interface QuitPrompts {
  askAboutOpenOrders(question: QuitQuestion): Promise<QuitChoice>;
  /** The cancel failed: quit anyway (true) or stay (false)? */
  askQuitAfterFailure(message: string): Promise<boolean>;
}

export interface QuitDialog {
  readonly type: 'warning';
  readonly title: string;
  readonly message: string;
  readonly detail: string;
  readonly buttons: string[];
  readonly defaultId: number;
  readonly cancelId: number;
  /** The choice behind each button, by index. */
  readonly choices: QuitChoice[];
}

/** The question as a message box. "Don't quit" is both the default and what Esc means. */
export function quitDialog(question: QuitQuestion): QuitDialog {
  const entries: [string, QuitChoice][] = [
    ['Leave them open', 'leave'],
    ['Cancel them', 'cancel'],
    ...(question.canFlatten ? ([['Cancel and flatten', 'cancel-and-flatten']] as [string, QuitChoice][]) : []),
    ["Don't quit", 'stay'],
  ];
  const stayIndex = entries.length - 1;
  const count = question.openOrders;
  return {
    type: 'warning',
    title: 'Quit Halyard',
    message: count === null ? 'Live orders may still be open.' : `${count} live order${count === 1 ? ' is' : 's are'} open.`,
    detail:
      'Orders left open keep working on the exchange while Halyard is closed. ' +
      'Cancelling halts trading: after the next start Halyard stays HALTED until you re-arm it.' +
      (question.canFlatten ? ' Flattening also closes the positions the bot opened, at market.' : ''),
    buttons: entries.map(([label]) => label),
    defaultId: stayIndex,
    cancelId: stayIndex,
    choices: entries.map(([, choice]) => choice),
  };
}

/**
 * Decides whether quitting may go ahead. With no live orders it just does; otherwise the trader
 * chooses, and a cancel that fails is reported before anything closes.
 */
export async function confirmQuit(control: LiveOrderControl, prompts: QuitPrompts, log: (line: string) => void): Promise<boolean> {
  const openOrders = await control.countOpenLiveOrders();
  if (openOrders === 0) return true;
  const choice = await prompts.askAboutOpenOrders({ openOrders, canFlatten: control.canFlatten });
  log(`quit with ${openOrders ?? 'unknown'} live orders: ${choice}`);
  if (choice === 'stay') return false;
  if (choice === 'leave') return true;
  try {
    if (choice === 'cancel-and-flatten') await control.cancelAllAndFlatten();
    else await control.cancelAll();
    return true;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`quit: ${choice} failed: ${message}`);
    return prompts.askQuitAfterFailure(message);
  }
}

/** The slice of Electron's `app` the guard uses. */
export interface QuitGuardApp {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

export interface QuitSteps {
  confirm(): Promise<boolean>;
  /** Closes the core (feeds, database) before the process goes. */
  shutdown(): Promise<void>;
  log(line: string): void;
}

/**
 * Holds every quit (menu, Cmd+Q, tray, last window closed) until `confirm` agrees and the core
 * has shut down cleanly; a second quit while the question is open is swallowed.
 */
export function installQuitGuard(app: QuitGuardApp, steps: QuitSteps): { isQuitting(): boolean } {
  let state: 'running' | 'deciding' | 'quitting' = 'running';
  app.on('before-quit', (event) => {
    if (state === 'quitting') return;
    event.preventDefault();
    if (state === 'deciding') return;
    state = 'deciding';
    void (async () => {
      let proceed: boolean;
      try {
        proceed = await steps.confirm();
      } catch (error) {
        // A broken check must not trap the trader in the app; the log says what happened.
        steps.log(`quit check failed, quitting anyway: ${error instanceof Error ? error.message : String(error)}`);
        proceed = true;
      }
      if (!proceed) {
        state = 'running';
        return;
      }
      state = 'quitting';
      try {
        await steps.shutdown();
      } catch (error) {
        steps.log(`shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      app.quit();
    })();
  });
  return { isQuitting: () => state === 'quitting' };
}
