import { useState } from 'react';
import { ALERT_KIND_LABELS, CHANNEL_KIND_LABELS, type ChannelView } from '../../../../../core/api/contract/alerts';
import { api } from '../../../api/client';
import { describeError, fieldErrors, formError } from '../../../api/errors';
import { formatClockOrDateTime } from '../../../app/format';
import { describedBy, FieldError } from '../../../app/forms/FieldRow';
import { AddChannel } from './AddChannel';
import { DeliveryLog } from './DeliveryLog';
import { RoutingEditor, type Routing } from './RoutingEditor';
import { PanelNote, useAlertsList } from './shared';

function routingText(channel: ChannelView): string {
  if (channel.routing.kinds.length === 0) return 'nothing';
  const kinds = channel.routing.kinds.length === Object.keys(ALERT_KIND_LABELS).length ? 'all alerts' : channel.routing.kinds.map((k) => ALERT_KIND_LABELS[k].split(' (')[0]).join(', ');
  return `${kinds} · ${channel.routing.minLevel} and up`;
}

function EditChannel({ channel, onSaved, onCancel }: { channel: ChannelView; onSaved(): void; onCancel(): void }) {
  const [routing, setRouting] = useState<Routing>({ kinds: [...channel.routing.kinds], minLevel: channel.routing.minLevel });
  const [allowed, setAllowed] = useState(channel.allowedChatIds.join(', '));
  const [enabled, setEnabled] = useState(channel.enabled);
  const [error, setError] = useState<string | null>(null);
  const [allowedError, setAllowedError] = useState<string | undefined>(undefined);
  const allowedId = `alert-${channel.id}-allowed`;
  const save = async () => {
    const allowedChatIds = allowed.split(/[\s,]+/).filter(Boolean);
    setAllowedError(undefined);
    try {
      await api.call('alerts.channels.update', { id: channel.id, routing, enabled, ...(channel.kind === 'telegram' ? { allowedChatIds } : {}) });
      onSaved();
    } catch (reason) {
      // A bad chat id is named beside the field that holds it; under the group only what it does not show.
      const lists = { allowedChatIds };
      setAllowedError(fieldErrors(reason, lists)['allowedChatIds']);
      setError(formError(reason, (path) => path === 'allowedChatIds', lists));
    }
  };
  return (
    <div className="alert-edit" role="group" aria-label={`Edit ${channel.name}`}>
      <RoutingEditor value={routing} onChange={setRouting} idPrefix={`alert-${channel.id}`} />
      {channel.kind === 'telegram' ? (
        <span className="field-box">
          <label>
            Allowed chat IDs <input value={allowed} onChange={(e) => setAllowed(e.target.value)} autoComplete="off" {...describedBy(allowedId, allowedError)} />
          </label>
          <FieldError id={`${allowedId}-error`} message={allowedError} />
        </span>
      ) : null}
      <label>
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Enabled
      </label>
      <div className="actions">
        <button type="button" onClick={() => void save()}>
          Save
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {error ? <p role="alert" className="form-error small">{error}</p> : null}
    </div>
  );
}

/**
 * Settings → Alerts: the channels that carry alerts off the desk, what each one gets, a test message
 * and its delivery log. Tokens and webhook URLs never come back from the core: only a target such as
 * "@my_bot → chat 123" or "hooks.slack.com".
 */
export function AlertsPanel() {
  // Problems and backlogs change as deliveries happen.
  const { items: channels, refresh, message, setMessage } = useAlertsList(() => api.call('alerts.channels.list', {}), () => true);
  const [open, setOpen] = useState<{ id: number; view: 'log' | 'edit' } | null>(null);

  const test = async (channel: ChannelView) => {
    try {
      await api.call('alerts.channels.test', { id: channel.id });
      setMessage({ kind: 'ok', text: `Test message queued for ${channel.name}: see its delivery log.` });
      setOpen({ id: channel.id, view: 'log' });
    } catch (reason) {
      setMessage({ kind: 'error', text: describeError(reason) });
    }
  };
  const remove = async (channel: ChannelView) => {
    if (!window.confirm(`Delete the alert channel ${channel.name} and its token or URL from the keychain?`)) return;
    try {
      await api.call('alerts.channels.remove', { id: channel.id });
      setMessage({ kind: 'ok', text: `Deleted ${channel.name}.` });
      await refresh();
    } catch (reason) {
      setMessage({ kind: 'error', text: describeError(reason) });
    }
  };
  const toggle = (id: number, view: 'log' | 'edit') => setOpen(open?.id === id && open.view === view ? null : { id, view });

  return (
    <section className="alerts" aria-label="Alerts">
      <h3>Alerts</h3>
      <p className="muted small">Fills, exits, risk events, HALTs and reports on your phone. Tokens and webhook URLs are kept in your OS keychain.</p>
      {channels.length === 0 ? <p className="muted">No alert channel yet.</p> : null}
      {channels.length > 0 ? (
        <table className="grid-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Service</th>
              <th scope="col">Sends to</th>
              <th scope="col">Routing</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          {channels.map((channel) => (
            <tbody key={channel.id} data-channel={channel.name}>
              <tr>
                <td>{channel.name}</td>
                <td>{CHANNEL_KIND_LABELS[channel.kind]}</td>
                <td className="mono" data-testid="channel-target">
                  {channel.target}
                  {channel.allowedChatIds.length > 0 ? <div className="muted small">commands from {channel.allowedChatIds.join(', ')}</div> : null}
                </td>
                <td className="small">{routingText(channel)}</td>
                <td className="small" data-testid="channel-status">
                  {!channel.enabled ? 'off' : channel.problem ? <span className="form-error">{channel.problem}</span> : channel.lastSentAt ? `ok · last sent ${formatClockOrDateTime(channel.lastSentAt, Date.now())}` : 'ok'}
                  {channel.backlog > 0 ? <div className="muted">{channel.backlog} waiting</div> : null}
                </td>
                <td className="actions">
                  <button type="button" onClick={() => void test(channel)} aria-label={`Send test message to ${channel.name}`}>
                    Send test message
                  </button>
                  <button type="button" aria-expanded={open?.id === channel.id && open.view === 'log'} onClick={() => toggle(channel.id, 'log')} aria-label={`Delivery log of ${channel.name}`}>
                    Delivery log
                  </button>
                  <button type="button" onClick={() => toggle(channel.id, 'edit')} aria-label={`Edit ${channel.name}`}>
                    Edit…
                  </button>
                  <button type="button" className="danger" onClick={() => void remove(channel)} aria-label={`Delete ${channel.name}`}>
                    Delete
                  </button>
                </td>
              </tr>
              {open?.id === channel.id ? (
                <tr>
                  <td colSpan={6}>
                    {open.view === 'log' ? (
                      <DeliveryLog channelId={channel.id} name={channel.name} />
                    ) : (
                      <EditChannel
                        channel={channel}
                        onCancel={() => setOpen(null)}
                        onSaved={() => {
                          setOpen(null);
                          void refresh();
                        }}
                      />
                    )}
                  </td>
                </tr>
              ) : null}
            </tbody>
          ))}
        </table>
      ) : null}
      <AddChannel
        onAdded={(channel) => {
          setMessage({ kind: 'ok', text: `Added ${channel.name} (${channel.target}). Its secret is in your OS keychain.` });
          void refresh();
        }}
      />
      <PanelNote message={message} />
    </section>
  );
}
