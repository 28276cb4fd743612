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
 * The emergency-stop switch. Halting is synchronous, so the engine's next check — in the same
 * event-loop turn — already sees it; it is persisted at once (`halt`), or by the emergency stop
 * right after its cancels leave (`haltBeforeListeners`). A restart never un-halts.
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
    const { state, commit } = this.haltBeforeListeners(source, reason);
    commit();
    return state;
  }

  /**
   * HALTED in force now (every check in this process sees it at once); `commit` writes it to disk and
   * runs the listeners (audit log, status pushed to the UI). The emergency stop commits once its cancels
   * are on the wire: a cancel is always safe to send, and the disk's fsync (milliseconds) would otherwise
   * stand between the button and the first cancel. The stop's answer waits for the commit.
   */
  haltBeforeListeners(source: string, reason: string): { readonly state: HaltState; readonly commit: () => void } {
    if (this.state.halted) return { state: this.state, commit: () => undefined };
    const state: HaltState = { halted: true, since: this.now(), reason, source };
    this.state = state;
    return {
      state,
      commit: () => {
        this.repository.save(state);
        this.notify(state);
      },
    };
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
