import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { AppStatus } from '../../core/api/contract/app.js';
import { commands } from '../../core/api/contract/index.js';
import { TerminalStorage } from '../../core/app/storage.js';
import { Terminal } from '../../core/app/terminal.js';
import { electronModuleStub } from '../helpers/electron-stub.js';

vi.mock('electron', () => electronModuleStub());

const { confirmQuit, installQuitGuard, quitDialog } = await import('../../electron/quit.js');
const { liveOrderControlFromHandlers, quitEmergencyStopArgs } = await import('../../electron/live-orders.js');
const { acquireSingleInstance } = await import('../../electron/single-instance.js');
const { EMERGENCY_STOP_ACCELERATOR, registerEmergencyStopShortcut } = await import('../../electron/shortcuts.js');
const { watchPower } = await import('../../electron/power.js');
const { trayMenuTemplate, trayTooltip } = await import('../../electron/tray.js');

type Control = Parameters<typeof confirmQuit>[0];

function control(openOrders: number | null, options: { canFlatten?: boolean; cancelFails?: boolean } = {}) {
  const calls: string[] = [];
  const value: Control = {
    canFlatten: options.canFlatten ?? true,
    countOpenLiveOrders: async () => openOrders,
    cancelAll: async () => {
      calls.push('cancel');
      if (options.cancelFails) throw new Error('exchange unreachable');
    },
    cancelAllAndFlatten: async () => {
      calls.push('cancel-and-flatten');
    },
  };
  return { value, calls };
}

const prompts = (choice: 'leave' | 'cancel' | 'cancel-and-flatten' | 'stay', quitAfterFailure = false) => ({
  asked: [] as unknown[],
  failures: [] as string[],
  async askAboutOpenOrders(question: unknown) {
    this.asked.push(question);
    return choice;
  },
  async askQuitAfterFailure(message: string) {
    this.failures.push(message);
    return quitAfterFailure;
  },
});

describe('quitting with open live orders', () => {
  it('quits at once when there are none, without asking', async () => {
    const p = prompts('stay');
    expect(await confirmQuit(control(0).value, p, () => undefined)).toBe(true);
    expect(p.asked).toEqual([]);
  });

  it('asks, and "Don\'t quit" keeps the app running with orders untouched', async () => {
    const c = control(3);
    const p = prompts('stay');
    expect(await confirmQuit(c.value, p, () => undefined)).toBe(false);
    expect(p.asked).toEqual([{ openOrders: 3, canFlatten: true }]);
    expect(c.calls).toEqual([]);
  });

  it('leaves them, cancels them, or cancels and flattens, as chosen', async () => {
    const leave = control(2);
    expect(await confirmQuit(leave.value, prompts('leave'), () => undefined)).toBe(true);
    expect(leave.calls).toEqual([]);
    const cancel = control(2);
    expect(await confirmQuit(cancel.value, prompts('cancel'), () => undefined)).toBe(true);
    expect(cancel.calls).toEqual(['cancel']);
    const flatten = control(2);
    expect(await confirmQuit(flatten.value, prompts('cancel-and-flatten'), () => undefined)).toBe(true);
    expect(flatten.calls).toEqual(['cancel-and-flatten']);
  });

  it('asks even when the count is unknown, and reports a failed cancel before quitting', async () => {
    const c = control(null, { cancelFails: true });
    const stay = prompts('cancel', false);
    expect(await confirmQuit(c.value, stay, () => undefined)).toBe(false);
    expect(stay.asked).toEqual([{ openOrders: null, canFlatten: true }]);
    expect(stay.failures).toEqual(['exchange unreachable']);
    expect(await confirmQuit(control(1, { cancelFails: true }).value, prompts('cancel', true), () => undefined)).toBe(true);
  });

  it('offers the three choices plus "Don\'t quit", which is the default and what Esc does', () => {
    const box = quitDialog({ openOrders: 4, canFlatten: true });
    expect(box.buttons).toEqual(['Leave them open', 'Cancel them', 'Cancel and flatten', "Don't quit"]);
    expect(box.choices).toEqual(['leave', 'cancel', 'cancel-and-flatten', 'stay']);
    expect(box.choices[box.defaultId]).toBe('stay');
    expect(box.choices[box.cancelId]).toBe('stay');
    expect(box.message).toBe('4 live orders are open.');
    expect(quitDialog({ openOrders: 1, canFlatten: true }).message).toBe('1 live order is open.');
    expect(quitDialog({ openOrders: null, canFlatten: true }).message).toMatch(/may still be open/);
    const noFlatten = quitDialog({ openOrders: 4, canFlatten: false });
    expect(noFlatten.choices).toEqual(['leave', 'cancel', 'stay']);
    expect(noFlatten.choices[noFlatten.cancelId]).toBe('stay');
  });
});

describe('the quit guard', () => {
  function fakeApp() {
    const emitter = new EventEmitter();
    const app = {
      quits: 0,
      on: (event: 'before-quit', listener: (e: { preventDefault(): void }) => void) => emitter.on(event, listener),
      quit() {
        this.quits++;
        const event = { prevented: false, preventDefault() {
          this.prevented = true;
        } };
        emitter.emit('before-quit', event);
        return event;
      },
    };
    return app;
  }

  it('holds the quit until the trader agrees and the core has shut down', async () => {
    const app = fakeApp();
    const order: string[] = [];
    let answer!: (value: boolean) => void;
    const guard = installQuitGuard(app, {
      confirm: () => new Promise<boolean>((resolve) => (answer = resolve)),
      shutdown: async () => {
        order.push('shutdown');
      },
      log: () => undefined,
    });
    const first = app.quit();
    expect(first.prevented).toBe(true);
    expect(app.quit().prevented).toBe(true); // a second Cmd+Q while the dialog is open
    answer(true);
    await vi.waitFor(() => expect(app.quits).toBe(3));
    expect(order).toEqual(['shutdown']);
    expect(guard.isQuitting()).toBe(true);
  });

  it('stays open when the trader says no, and asks again next time', async () => {
    const app = fakeApp();
    const answers = [false, true];
    const confirm = vi.fn(async () => answers.shift() ?? true);
    const shutdown = vi.fn(async () => undefined);
    installQuitGuard(app, { confirm, shutdown, log: () => undefined });
    app.quit();
    await vi.waitFor(() => expect(confirm).toHaveBeenCalledTimes(1));
    await Promise.resolve();
    expect(shutdown).not.toHaveBeenCalled();
    app.quit();
    await vi.waitFor(() => expect(shutdown).toHaveBeenCalledTimes(1));
    expect(confirm).toHaveBeenCalledTimes(2);
  });
});

describe('quit actions against the real core', () => {
  it('counts no live orders in paper mode and cancels through the emergency stop', async () => {
    const terminal = await Terminal.create({ dataDir: '/nonexistent-unused', tickMs: 5_000 }, { storage: TerminalStorage.inMemory() });
    try {
      const log: string[] = [];
      const orders = liveOrderControlFromHandlers(terminal.handlers, (line) => log.push(line));
      expect(await orders.countOpenLiveOrders()).toBe(0);
      await orders.cancelAll();
      expect(terminal.status().halt).toMatchObject({ halted: true, reason: 'Quit: cancel open orders' });
    } finally {
      await terminal.close();
    }
  });

  it('asks the core to cancel, or to cancel and flatten, with arguments the contract keeps', () => {
    for (const flatten of [false, true]) {
      const args = quitEmergencyStopArgs(flatten);
      const parsed = commands['risk.emergencyStop'].request.parse(args);
      expect(parsed).toMatchObject({ source: 'quit', ...(flatten ? { flatten: true } : {}) });
    }
    expect(quitDialog({ openOrders: 1, canFlatten: true }).buttons).toContain('Cancel and flatten');
  });
});

describe('single instance', () => {
  const window = () => ({ isDestroyed: () => false, isMinimized: vi.fn(() => true), restore: vi.fn(), show: vi.fn(), focus: vi.fn() });

  it('a second launch gets no lock and opens nothing', () => {
    const on = vi.fn();
    expect(acquireSingleInstance({ requestSingleInstanceLock: () => false, on }, () => null)).toBe(false);
    expect(on).not.toHaveBeenCalled();
  });

  it('the first instance brings its window forward when launched again', () => {
    const emitter = new EventEmitter();
    const existing = window();
    expect(acquireSingleInstance({ requestSingleInstanceLock: () => true, on: (e, l) => emitter.on(e, l) }, () => existing)).toBe(true);
    emitter.emit('second-instance');
    expect(existing.restore).toHaveBeenCalled();
    expect(existing.show).toHaveBeenCalled();
    expect(existing.focus).toHaveBeenCalled();
  });
});

describe('emergency stop shortcut', () => {
  it('registers Ctrl/Cmd+Shift+X in the host and triggers the stop', () => {
    const registered = new Map<string, () => void>();
    const trigger = vi.fn();
    const result = registerEmergencyStopShortcut(
      { register: (accelerator, callback) => (registered.set(accelerator, callback), true), unregister: (accelerator) => void registered.delete(accelerator) },
      trigger,
      () => undefined,
    );
    expect(EMERGENCY_STOP_ACCELERATOR).toBe('CommandOrControl+Shift+X');
    expect(result.registered).toBe(true);
    registered.get('CommandOrControl+Shift+X')?.();
    expect(trigger).toHaveBeenCalledTimes(1);
    result.release();
    expect(registered.size).toBe(0);
  });

  it('says so when another application holds the combination', () => {
    const log: string[] = [];
    const result = registerEmergencyStopShortcut({ register: () => false, unregister: vi.fn() }, vi.fn(), (line) => log.push(line));
    expect(result.registered).toBe(false);
    expect(log.join()).toMatch(/could not register CommandOrControl\+Shift\+X/);
  });
});

describe('sleep and wake', () => {
  it('reconciles on resume, logs a failure, and can be unhooked', async () => {
    const monitor = new EventEmitter();
    const reconcile = vi.fn(async () => {
      throw new Error('exchange down');
    });
    const log: string[] = [];
    const stop = watchPower(monitor, { onSuspend: vi.fn(), reconcile, log: (line) => log.push(line) });
    monitor.emit('suspend');
    monitor.emit('resume');
    expect(reconcile).toHaveBeenCalledWith('resume');
    await vi.waitFor(() => expect(log.join('\n')).toMatch(/reconciliation after wake failed: exchange down/));
    stop();
    monitor.emit('resume');
    expect(reconcile).toHaveBeenCalledTimes(1);
    expect(monitor.listenerCount('resume') + monitor.listenerCount('suspend')).toBe(0);
  });
});

describe('tray', () => {
  const status = (halted: boolean): AppStatus => ({
    version: '0.1.0',
    dataSource: { kind: 'simulated', label: 'Simulated market', exchange: null },
    connection: { state: 'connected', transport: 'simulated', lastUpdate: null, message: null },
    mode: { kind: 'paper', account: null },
    halt: halted ? { halted: true, since: Date.UTC(2026, 0, 1, 12), reason: 'Emergency Stop pressed', source: 'tray' } : { halted: false, since: null, reason: null, source: null },
    keychain: { ok: true, message: null },
    database: { ok: true, message: null },
    serverTime: 0,
  });

  it('has the Emergency Stop, wired to the stop, and shows the status', () => {
    const actions = { emergencyStop: vi.fn(), showWindow: vi.fn(), quit: vi.fn() };
    const menu = trayMenuTemplate(status(false), actions);
    const stop = menu.find((item) => item.label === 'Emergency Stop');
    expect(stop?.accelerator).toBe('CommandOrControl+Shift+X');
    expect(stop?.enabled).not.toBe(false);
    stop?.click?.({} as never, undefined, {} as never);
    expect(actions.emergencyStop).toHaveBeenCalledTimes(1);
    expect(menu.map((item) => item.label)).toContain('Halyard 0.1.0 — PAPER');
    expect(menu.some((item) => item.label?.startsWith('Trading: running'))).toBe(true);
    expect(menu.some((item) => /re-?arm/i.test(item.label ?? ''))).toBe(false);
    expect(trayTooltip(status(false))).toBe('Halyard 0.1.0 — PAPER — Simulated market');
  });

  it('shows HALTED with the reason, and keeps the stop available to retry cancels', () => {
    const menu = trayMenuTemplate(status(true), { emergencyStop: vi.fn(), showWindow: vi.fn(), quit: vi.fn() });
    expect(menu.some((item) => /^HALTED since .* — Emergency Stop pressed$/.test(item.label ?? ''))).toBe(true);
    expect(menu.find((item) => item.label === 'Emergency Stop')?.enabled).not.toBe(false);
    expect(trayTooltip(status(true))).toMatch(/HALTED/);
  });
});
