import { useState } from 'react';
import { notificationsSupported, requestNotificationPermission } from './notifier';

/** Shows whether desktop notifications can appear, and asks for permission on a click (browsers require a gesture). */
export function NotificationPermission() {
  const [permission, setPermission] = useState<NotificationPermission | 'unsupported'>(notificationsSupported() ? Notification.permission : 'unsupported');
  if (permission === 'unsupported') return <span className="muted small">This browser cannot show desktop notifications.</span>;
  if (permission === 'granted') return <span className="muted small" data-testid="notifications-enabled">Desktop notifications on</span>;
  if (permission === 'denied') return <span className="small warn-text">Notifications blocked — allow them in the browser's site settings.</span>;
  return (
    <button type="button" className="small-btn" onClick={() => void requestNotificationPermission().then(setPermission)}>
      Enable desktop notifications
    </button>
  );
}
