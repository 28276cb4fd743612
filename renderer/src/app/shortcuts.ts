import { useEffect } from 'react';
import { TIMEFRAMES } from '../../../core/market/candle';
import { api } from '../api/client';
import { report } from '../features/alerts/notifier';
import { describeError } from '../api/errors';
import { useLayoutStore, WORKSPACE_TABS, TAB_LABELS } from '../stores/layout';
import { usePreferencesStore } from '../stores/preferences';
import { useUiStore } from '../stores/ui';

export const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = IS_MAC ? '⌘' : 'Ctrl';

/** What the help overlay lists; the handler below implements exactly these. */
export const SHORTCUTS: { keys: string; action: string }[] = [
  { keys: `${MOD}+Shift+X`, action: 'Emergency Stop (halts everything)' },
  { keys: `${MOD}+K`, action: 'Search symbols' },
  { keys: 'B', action: 'Order ticket: buy' },
  { keys: 'S', action: 'Order ticket: sell' },
  ...WORKSPACE_TABS.map((tab, i) => ({ keys: `Alt+${i + 1}`, action: `Show ${TAB_LABELS[tab]}` })),
  { keys: '[ / ]', action: 'Previous / next chart timeframe' },
  { keys: '?', action: 'Show this help' },
  { keys: 'Esc', action: 'Close dialog or menu; put a drawing tool down' },
];

function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

function emergencyStop() {
  api.call('risk.emergencyStop', { source: 'shortcut' }).catch((reason: unknown) =>
    report({ kind: 'emergency_stop', severity: 'error', title: 'Emergency Stop failed', detail: describeError(reason) }),
  );
}

/**
 * Focus follows Alt+1…9 to the tab it showed, so the next Tab key lands in that panel instead of at the top
 * of the page (the dock renders it within a frame or two, after a switch from Settings).
 */
function focusTabSoon(tab: string, framesLeft = 5): void {
  requestAnimationFrame(() => {
    const element = document.getElementById(`tab-${tab}`);
    if (element) element.focus();
    else if (framesLeft > 0) focusTabSoon(tab, framesLeft - 1);
  });
}

/** One keydown listener for the whole app. Plain-letter shortcuts never fire while typing in a field. */
export function useShortcuts() {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const mod = IS_MAC ? event.metaKey : event.ctrlKey;
      const key = event.key.toLowerCase();
      if (mod && event.shiftKey && key === 'x') {
        event.preventDefault();
        emergencyStop();
        return;
      }
      if (mod && !event.shiftKey && key === 'k') {
        event.preventDefault();
        useUiStore.getState().setOverlay('symbol-search');
        return;
      }
      if (event.altKey && !mod && /^Digit[1-9]$/.test(event.code)) {
        const tab = WORKSPACE_TABS[Number(event.code.slice(5)) - 1];
        if (tab) {
          event.preventDefault();
          useUiStore.getState().setScreen('trade');
          useLayoutStore.getState().setTab(tab);
          focusTabSoon(tab);
        }
        return;
      }
      if (event.key === 'Escape') {
        useUiStore.getState().setOverlay('none');
        return;
      }
      if (mod || event.altKey || typingInField(event.target)) return;
      if (event.key === '?') {
        event.preventDefault();
        useUiStore.getState().setOverlay('help');
      } else if (key === 'b' || key === 's') {
        event.preventDefault();
        useUiStore.getState().setScreen('trade');
        useUiStore.getState().requestTicket(key === 'b' ? 'buy' : 'sell');
      } else if (event.key === '[' || event.key === ']') {
        const prefs = usePreferencesStore.getState();
        const index = TIMEFRAMES.indexOf(prefs.timeframe) + (event.key === ']' ? 1 : -1);
        const next = TIMEFRAMES[Math.min(TIMEFRAMES.length - 1, Math.max(0, index))];
        if (next) prefs.setTimeframe(next);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
