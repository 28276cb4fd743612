import { isCommandName } from '../../../../core/api/contract/index';
import { EmptyState } from '../../app/EmptyState';
import { SHORTCUTS } from '../../app/shortcuts';
import { useLayoutStore } from '../../stores/layout';
import { ALERT_KINDS, ALERT_LABELS, usePreferencesStore } from '../../stores/preferences';
import { NotificationPermission } from '../alerts/NotificationPermission';
import { AccountsPanel } from './AccountsPanel';
import { AlertsPanel } from './alerts/AlertsPanel';
import { PriceAlerts } from './alerts/PriceAlerts';
import { ReportsPanel } from './alerts/ReportsPanel';
import { Backfill } from './Backfill';
import { FilesCard } from './FilesCard';
import { MarketSource } from './MarketSource';
import { PaperAccount } from './PaperAccount';

/** Settings: exchange accounts, alerts off the desk, appearance, notifications, layout. */
export function SettingsScreen() {
  const theme = usePreferencesStore((s) => s.theme);
  const setTheme = usePreferencesStore((s) => s.setTheme);
  const muted = usePreferencesStore((s) => s.muted);
  const toggleMuted = usePreferencesStore((s) => s.toggleMuted);
  const resetLayout = useLayoutStore((s) => s.reset);
  return (
    <main className="settings" aria-label="Settings">
      <h2 className="settings-title">Settings</h2>
      <div className="settings-grid">
        <section className="settings-card" aria-label="Exchange accounts">
          {isCommandName('accounts.list') ? (
            <AccountsPanel />
          ) : (
            <>
              <h3>Accounts</h3>
              <EmptyState title="No exchange account — trading on paper." detail="Exchange accounts (keys kept in your OS keychain) can be added here once this build's core offers them." />
            </>
          )}
        </section>
        {isCommandName('alerts.channels.list') ? (
          <>
            <section className="settings-card settings-wide" aria-label="Alert channels">
              <AlertsPanel />
            </section>
            <section className="settings-card" aria-label="Scheduled reports">
              <ReportsPanel />
            </section>
            <section className="settings-card" aria-label="Price alert settings">
              <PriceAlerts />
            </section>
          </>
        ) : null}
        {isCommandName('accounts.resetPaper') ? (
          <section className="settings-card" aria-label="Paper account">
            <h3>Paper account</h3>
            <PaperAccount />
          </section>
        ) : null}
        {isCommandName('market.setSource') ? (
          <section className="settings-card" aria-label="Market data">
            <h3>Market data</h3>
            <MarketSource />
            {isCommandName('data.backfill') ? (
              <>
                <h3>History (candle store)</h3>
                <Backfill />
              </>
            ) : null}
          </section>
        ) : null}
        <section className="settings-card" aria-label="Files">
          <h3>Files</h3>
          <FilesCard />
        </section>
        <section className="settings-card" aria-label="Appearance">
          <h3>Appearance</h3>
          <fieldset className="segmented">
            <legend className="field-label">Theme</legend>
            {(['dark', 'light'] as const).map((t) => (
              <label key={t} className={theme === t ? 'active' : undefined}>
                <input type="radio" name="theme" checked={theme === t} onChange={() => setTheme(t)} />
                {t === 'dark' ? 'Dark' : 'Light'}
              </label>
            ))}
          </fieldset>
          <p className="muted small">Panel sizes and the active tab are remembered on this computer.</p>
          <button type="button" onClick={resetLayout}>
            Reset layout
          </button>
        </section>
        <section className="settings-card" aria-label="Notifications">
          <h3>Notifications</h3>
          <NotificationPermission />
          <ul className="check-list">
            {ALERT_KINDS.map((kind) => (
              <li key={kind}>
                <label>
                  <input type="checkbox" checked={!muted.includes(kind)} onChange={() => toggleMuted(kind)} />
                  {ALERT_LABELS[kind]}
                </label>
              </li>
            ))}
          </ul>
          <p className="muted small">Muted kinds still appear in the Logs/Events tab.</p>
        </section>
        <section className="settings-card" aria-label="Keyboard">
          <h3>Keyboard</h3>
          <table className="shortcut-table">
            <tbody>
              {SHORTCUTS.map((s) => (
                <tr key={s.keys}>
                  <td>
                    <kbd>{s.keys}</kbd>
                  </td>
                  <td>{s.action}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </main>
  );
}
