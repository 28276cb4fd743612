import { Component, type ReactNode } from 'react';
import { EmptyState } from './EmptyState';

interface Props {
  /** What the trader calls the part that failed ("The Settings screen", "The Backtests tab"). */
  readonly what: string;
  /** A new key (another tab, another screen) tries again. */
  readonly resetKey: string;
  readonly children: ReactNode;
}

interface State {
  readonly failed: { readonly key: string; readonly message: string } | null;
}

/**
 * A part of the window that fails to load or render (a code chunk the network lost, a bug) says so in
 * its own place; without it React unmounts the whole window — the Emergency Stop button and its shortcut
 * with it.
 */
export class PanelBoundary extends Component<Props, State> {
  override state: State = { failed: null };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { failed: { key: '', message: error instanceof Error ? error.message : String(error) } };
  }

  override componentDidCatch(): void {
    // Remember which key failed, so moving to another tab or screen tries again.
    this.setState((state) => (state.failed ? { failed: { ...state.failed, key: this.props.resetKey } } : state));
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return state.failed && state.failed.key !== '' && state.failed.key !== props.resetKey ? { failed: null } : null;
  }

  override render(): ReactNode {
    const { failed } = this.state;
    if (!failed) return this.props.children;
    return (
      <EmptyState tone="error" title={`${this.props.what} could not be shown`} detail={`${failed.message}. The rest of the window (and the Emergency Stop) still works.`}>
        <button type="button" onClick={() => window.location.reload()}>
          Reload the window
        </button>
      </EmptyState>
    );
  }
}
