import { useEventsStore, type FeedEntry } from '../../stores/events';
import { ALERT_KINDS, usePreferencesStore, type AlertKind } from '../../stores/preferences';

function isAlertKind(kind: FeedEntry['kind']): kind is AlertKind {
  return (ALERT_KINDS as readonly string[]).includes(kind);
}

export function notificationsSupported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window;
}

/**
 * Adds an entry to the in-app feed and, unless the trader muted its kind, raises a desktop
 * notification (the browser's Notification API; Electron implements the same API in its renderer).
 */
export function report(entry: Omit<FeedEntry, 'id' | 'time'> & { time?: number }, options: { desktop?: boolean } = {}): FeedEntry {
  const full = useEventsStore.getState().push(entry);
  if (options.desktop === false) return full;
  if (!isAlertKind(full.kind) || usePreferencesStore.getState().muted.includes(full.kind)) return full;
  if (!notificationsSupported() || Notification.permission !== 'granted') return full;
  try {
    // The tag collapses bursts of the same kind and symbol into one visible notification.
    new Notification(full.title, { body: full.detail, tag: `${full.kind}:${full.symbol ?? ''}`, silent: full.severity === 'info' });
  } catch (error) {
    // Some platforms only allow notifications from a service worker; the feed still has the entry.
    useEventsStore.getState().push({ kind: 'info', severity: 'warning', title: 'Desktop notification failed', detail: error instanceof Error ? error.message : String(error) });
  }
  return full;
}

export async function requestNotificationPermission(): Promise<NotificationPermission | 'unsupported'> {
  if (!notificationsSupported()) return 'unsupported';
  return Notification.requestPermission();
}
