import { Menu, Tray, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import type { AppStatus } from '../core/api/contract/app.js';
import { EMERGENCY_STOP_ACCELERATOR } from './shortcuts.js';

export interface TrayActions {
  emergencyStop(): void;
  showWindow(): void;
  quit(): void;
}

function modeLabel(status: AppStatus): string {
  return status.mode.kind === 'live' ? `LIVE${status.mode.account ? ` (${status.mode.account})` : ''}` : 'PAPER';
}

function haltLabel(status: AppStatus): string {
  if (!status.halt.halted) return 'Trading: running';
  const since = status.halt.since === null ? '' : ` since ${new Date(status.halt.since).toLocaleTimeString()}`;
  return `HALTED${since}${status.halt.reason ? ` — ${status.halt.reason}` : ''}`;
}

/** One line a trader can read at a glance when hovering the tray icon. */
export function trayTooltip(status: AppStatus): string {
  return `Halyard ${status.version} — ${modeLabel(status)} — ${status.halt.halted ? 'HALTED' : status.dataSource.label}`;
}

/**
 * The tray menu: what is going on, the emergency stop (always enabled: pressing it again while
 * halted retries the cancels), the window, quit. Re-arming is deliberately not here — it needs
 * the dialog that shows what will resume.
 */
export function trayMenuTemplate(status: AppStatus, actions: TrayActions): MenuItemConstructorOptions[] {
  return [
    { label: `Halyard ${status.version} — ${modeLabel(status)}`, enabled: false },
    { label: haltLabel(status), enabled: false },
    { label: `Data: ${status.dataSource.label} (${status.connection.state})`, enabled: false },
    { type: 'separator' },
    { label: 'Emergency Stop', accelerator: EMERGENCY_STOP_ACCELERATOR, registerAccelerator: false, click: () => actions.emergencyStop() },
    { label: 'Show Halyard', click: () => actions.showWindow() },
    { type: 'separator' },
    { label: 'Quit Halyard', click: () => actions.quit() },
  ];
}

export interface TrayIcons {
  readonly normal: NativeImage | string;
  readonly halted: NativeImage | string;
}

/** The tray icon, kept in step with the app status the core pushes. */
export class StatusTray {
  private readonly tray: Tray;

  constructor(
    private readonly icons: TrayIcons,
    private readonly actions: TrayActions,
    status: AppStatus,
  ) {
    this.tray = new Tray(icons.normal);
    this.tray.on('click', () => actions.showWindow());
    this.update(status);
  }

  update(status: AppStatus): void {
    this.tray.setImage(status.halt.halted ? this.icons.halted : this.icons.normal);
    this.tray.setToolTip(trayTooltip(status));
    this.tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(status, this.actions)));
  }

  destroy(): void {
    this.tray.destroy();
  }
}
