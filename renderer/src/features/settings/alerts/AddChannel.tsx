import { useState, type FormEvent } from 'react';
import { ALERT_KINDS, CHANNEL_KIND_LABELS, CHANNEL_KINDS, type ChannelView } from '../../../../../core/api/contract/alerts';
import type { CommandArgs } from '../../../../../core/api/contract/index';
import { api } from '../../../api/client';
import { describeError, fieldErrors } from '../../../api/errors';
import { RoutingEditor, type Routing } from './RoutingEditor';
import { FieldRow } from './shared';

type ChannelKind = (typeof CHANNEL_KINDS)[number];

const PLACEHOLDERS: Record<ChannelKind, string> = { telegram: '', slack: 'https://hooks.slack.com/services/…', discord: 'https://discord.com/api/webhooks/…', webhook: 'https://your-server/halyard' };

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
      <FieldRow id="alert-name" label="Name" error={errors['name']}>
        <input id="alert-name" value={fields.name} onChange={set('name')} placeholder="e.g. phone" autoComplete="off" />
      </FieldRow>
      {kind === 'telegram' ? (
        <>
          <FieldRow id="alert-bot-token" label="Bot token" error={errors['botToken']}>
            <input id="alert-bot-token" type="password" autoComplete="off" value={fields.botToken} onChange={set('botToken')} placeholder="from @BotFather" />
          </FieldRow>
          <FieldRow id="alert-chat-id" label="Chat ID" error={errors['chatId']}>
            <input id="alert-chat-id" value={fields.chatId} onChange={set('chatId')} placeholder="where alerts go, e.g. 123456789" autoComplete="off" />
          </FieldRow>
          <FieldRow id="alert-allowed" label="Allowed chat IDs" error={errors['allowedChatIds']}>
            <input id="alert-allowed" value={fields.allowedChatIds} onChange={set('allowedChatIds')} placeholder="chats whose /status, /pnl, /halt are obeyed" autoComplete="off" />
          </FieldRow>
          <FieldRow id="alert-api-base" label="Bot API test server" error={errors['apiBaseUrl']}>
            <input id="alert-api-base" value={fields.apiBaseUrl} onChange={set('apiBaseUrl')} placeholder="empty = api.telegram.org (loopback only, for tests)" autoComplete="off" />
          </FieldRow>
        </>
      ) : (
        <FieldRow id="alert-url" label={kind === 'webhook' ? 'URL' : 'Webhook URL'} error={errors[kind === 'webhook' ? 'url' : 'webhookUrl']}>
          <input id="alert-url" type="password" autoComplete="off" value={fields.webhookUrl} onChange={set('webhookUrl')} placeholder={PLACEHOLDERS[kind]} />
        </FieldRow>
      )}
      {kind === 'webhook' ? (
        <FieldRow id="alert-signing" label="Signing secret" error={errors['signingSecret']}>
          <input id="alert-signing" type="password" autoComplete="off" value={fields.signingSecret} onChange={set('signingSecret')} placeholder="at least 16 characters; your receiver checks X-Halyard-Signature with it" />
        </FieldRow>
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
