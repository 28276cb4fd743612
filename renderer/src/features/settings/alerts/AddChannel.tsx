import { useState, type FormEvent } from 'react';
import { ALERT_KINDS, CHANNEL_KIND_LABELS, CHANNEL_KINDS, type ChannelView } from '../../../../../core/api/contract/alerts';
import type { CommandArgs } from '../../../../../core/api/contract/index';
import { api } from '../../../api/client';
import { describeError, fieldErrors } from '../../../api/errors';
import { RoutingEditor, type Routing } from './RoutingEditor';

type ChannelKind = (typeof CHANNEL_KINDS)[number];

const EMPTY = { name: '', botToken: '', chatId: '', allowedChatIds: '', apiBaseUrl: '', webhookUrl: '', signingSecret: '' };

function request(kind: ChannelKind, f: typeof EMPTY, routing: Routing): CommandArgs<'alerts.channels.add'> {
  const common = { name: f.name, routing };
  switch (kind) {
    case 'telegram':
      return {
        kind,
        ...common,
        botToken: f.botToken,
        chatId: f.chatId,
        allowedChatIds: f.allowedChatIds.split(/[\s,]+/).filter(Boolean),
        ...(f.apiBaseUrl.trim() ? { apiBaseUrl: f.apiBaseUrl.trim() } : {}),
      };
    case 'webhook':
      return { kind, ...common, url: f.webhookUrl, signingSecret: f.signingSecret };
    default:
      return { kind, ...common, webhookUrl: f.webhookUrl };
  }
}

/**
 * Adds a channel. Tokens, webhook URLs and signing secrets go to the core, which keeps them in the OS
 * keychain; the form forgets them as soon as the channel is saved.
 */
export function AddChannel({ onAdded }: { onAdded(channel: ChannelView): void }) {
  const [kind, setKind] = useState<ChannelKind>('telegram');
  const [fields, setFields] = useState(EMPTY);
  const [routing, setRouting] = useState<Routing>({ kinds: [...ALERT_KINDS], minLevel: 'info' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (name: keyof typeof EMPTY) => (e: { target: { value: string } }) => setFields({ ...fields, [name]: e.target.value });
  const error = (name: string) => (errors[name] ? <span className="form-error small">{errors[name]}</span> : null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    setErrors({});
    try {
      const channel = await api.call('alerts.channels.add', request(kind, fields, routing));
      setFields(EMPTY);
      onAdded(channel);
    } catch (reason) {
      setErrors(fieldErrors(reason));
      setMessage(describeError(reason));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form-grid alert-form" onSubmit={(e) => void submit(e)} aria-label="Add alert channel">
      <label htmlFor="alert-kind">Service</label>
      <select id="alert-kind" value={kind} onChange={(e) => setKind(e.target.value as ChannelKind)}>
        {CHANNEL_KINDS.map((k) => (
          <option key={k} value={k}>
            {CHANNEL_KIND_LABELS[k]}
          </option>
        ))}
      </select>
      <label htmlFor="alert-name">Name</label>
      <span>
        <input id="alert-name" value={fields.name} onChange={set('name')} placeholder="e.g. phone" autoComplete="off" />
        {error('name')}
      </span>
      {kind === 'telegram' ? (
        <>
          <label htmlFor="alert-bot-token">Bot token</label>
          <span>
            <input id="alert-bot-token" type="password" autoComplete="off" value={fields.botToken} onChange={set('botToken')} placeholder="from @BotFather" />
            {error('botToken')}
          </span>
          <label htmlFor="alert-chat-id">Chat ID</label>
          <span>
            <input id="alert-chat-id" value={fields.chatId} onChange={set('chatId')} placeholder="where alerts go, e.g. 123456789" autoComplete="off" />
            {error('chatId')}
          </span>
          <label htmlFor="alert-allowed">Allowed chat IDs</label>
          <span>
            <input id="alert-allowed" value={fields.allowedChatIds} onChange={set('allowedChatIds')} placeholder="chats whose /status, /pnl, /halt are obeyed" autoComplete="off" />
            {error('allowedChatIds')}
          </span>
          <label htmlFor="alert-api-base">Bot API test server</label>
          <span>
            <input id="alert-api-base" value={fields.apiBaseUrl} onChange={set('apiBaseUrl')} placeholder="empty = api.telegram.org (loopback only, for tests)" autoComplete="off" />
            {error('apiBaseUrl')}
          </span>
        </>
      ) : (
        <>
          <label htmlFor="alert-url">{kind === 'webhook' ? 'URL' : 'Webhook URL'}</label>
          <span>
            <input id="alert-url" type="password" autoComplete="off" value={fields.webhookUrl} onChange={set('webhookUrl')} placeholder={kind === 'slack' ? 'https://hooks.slack.com/services/…' : kind === 'discord' ? 'https://discord.com/api/webhooks/…' : 'https://your-server/halyard'} />
            {error(kind === 'webhook' ? 'url' : 'webhookUrl')}
          </span>
        </>
      )}
      {kind === 'webhook' ? (
        <>
          <label htmlFor="alert-signing">Signing secret</label>
          <span>
            <input id="alert-signing" type="password" autoComplete="off" value={fields.signingSecret} onChange={set('signingSecret')} placeholder="at least 16 characters; your receiver checks X-Halyard-Signature with it" />
            {error('signingSecret')}
          </span>
        </>
      ) : null}
      <span />
      <RoutingEditor value={routing} onChange={setRouting} idPrefix="alert-new" />
      <span />
      <button type="submit" disabled={busy}>
        {busy ? 'Checking…' : 'Add channel'}
      </button>
      {message ? (
        <p role="alert" className="form-error small alert-form-message">
          {message}
        </p>
      ) : null}
    </form>
  );
}
