import type { HaltState } from './halt-state.js';

/** Thrown by the last check before a send: trading is HALTED, nothing was sent or journaled. */
export class HaltedError extends Error {
  override readonly name = 'HaltedError';
}

export const NOT_HALTED: HaltState = { halted: false, since: null, reason: null, source: null };

/** Where the halted flag lives between runs. It must be durable: a restart never un-halts. */
export interface HaltStateRepository {
  load(): HaltState;
  save(state: HaltState): void;
}

export class InMemoryHaltStateRepository implements HaltStateRepository {
  private state: HaltState = NOT_HALTED;
  load(): HaltState {
    return this.state;
  }
  save(state: HaltState): void {
    this.state = state;
  }
}

/**
 * The emergency-stop switch. Halting is synchronous and persisted before anything else
 * happens, so the engine's next check — in the same event-loop turn — already sees it.
 */
export class HaltSwitch {
  private state: HaltState;
  private readonly listeners = new Set<(state: HaltState) => void>();

  constructor(
    private readonly repository: HaltStateRepository,
    private readonly now: () => number = Date.now,
  ) {
    this.state = repository.load();
  }

  get current(): HaltState {
    return this.state;
  }

  get halted(): boolean {
    return this.state.halted;
  }

  halt(source: string, reason: string): HaltState {
    const { state, notify } = this.haltBeforeListeners(source, reason);
    notify();
    return state;
  }

  /**
   * HALTED persisted and in force now; the listeners (audit log, status pushed to the UI) run when the
   * caller calls `notify` — the emergency stop calls it once its cancels are on the wire.
   */
  haltBeforeListeners(source: string, reason: string): { readonly state: HaltState; readonly notify: () => void } {
    if (this.state.halted) return { state: this.state, notify: () => undefined };
    const state: HaltState = { halted: true, since: this.now(), reason, source };
    this.repository.save(state);
    this.state = state;
    return { state, notify: () => this.notify(state) };
  }

  rearm(): HaltState {
    if (!this.state.halted) return this.state;
    this.set({ halted: false, since: null, reason: null, source: null });
    return this.state;
  }

  onChange(listener: (state: HaltState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(state: HaltState): void {
    this.repository.save(state);
    this.state = state;
    this.notify(state);
  }

  private notify(state: HaltState): void {
    for (const listener of this.listeners) listener(state);
  }
}
