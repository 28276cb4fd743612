/** The slice of Electron's `powerMonitor` we listen to. */
export interface PowerMonitorLike {
  on(event: 'suspend' | 'resume', listener: () => void): unknown;
  removeListener(event: 'suspend' | 'resume', listener: () => void): unknown;
}

export interface PowerHooks {
  /** The machine is going to sleep: orders may fill or be cancelled while we cannot see. */
  onSuspend(): void;
  /** Back from sleep: reconcile with the exchanges before any strategy acts on stale state. */
  reconcile(trigger: 'resume'): Promise<void>;
  log(line: string): void;
}

/** Wires sleep/wake to the core. Returns a function that removes the listeners. */
export function watchPower(powerMonitor: PowerMonitorLike, hooks: PowerHooks): () => void {
  const suspend = () => {
    hooks.log('system is suspending');
    hooks.onSuspend();
  };
  const resume = () => {
    hooks.log('system resumed: reconciling with the exchanges');
    hooks.reconcile('resume').catch((error: unknown) => {
      hooks.log(`reconciliation after wake failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  };
  powerMonitor.on('suspend', suspend);
  powerMonitor.on('resume', resume);
  return () => {
    powerMonitor.removeListener('suspend', suspend);
    powerMonitor.removeListener('resume', resume);
  };
}
