import { useState, type FormEvent } from 'react';
import { ALERT_KINDS, CHANNEL_KIND_LABELS, CHANNEL_KINDS, type ChannelView } from '../../../../../core/api/contract/alerts';
import type { CommandArgs } from '../../../../../core/api/contract/index';
import { api } from '../../../api/client';
import { fieldErrors, formError } from '../../../api/errors';
import { TextRow } from '../../../app/forms/FieldRow';
import { RoutingEditor, type Routing } from './RoutingEditor';

type ChannelKind = (typeof CHANNEL_KINDS)[number];

const PLACEHOLDERS: Record<ChannelKind, string> = { telegram: '', slack: 'https://hooks.slack.com/services/…', discord: 'https://discord.com/api/webhooks/…', webhook: 'https://your-server/halyard' };

const EMPTY = { name: '', botToken: '', chatId: '', allowedChatIds: '', apiBaseUrl: '', webhookUrl: '', signingSecret: '' };

/** The arguments this form shows beside a field of its own (an allowed chat id: beside Allowed chat IDs). */
const SHOWN = ['name', 'botToken', 'chatId', 'allowedChatIds', 'apiBaseUrl', 'webhookUrl', 'url', 'signingSecret'];

/** Chat ids typed into one field: `allowedChatIds` as sent. */
const chatIds = (text: string) => text.split(/[\s,]+/).filter(Boolean);

function request(kind: ChannelKind, f: typeof EMPTY, routing: Routing): CommandArgs<'alerts.channels.add'> {
  const common = { name: f.name, routing };
  switch (kind) {
    case 'telegram':
      return {
        kind,
        ...common,
        botToken: f.botToken,
        chatId: f.chatId,
        allowedChatIds: chatIds(f.allowedChatIds),
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
  const set = (name: keyof typeof EMPTY) => (value: string) => setFields({ ...fields, [name]: value });

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
      // Each field's problem beside it, naming the chat id at fault; under the form only what no field shows.
      const lists = { allowedChatIds: chatIds(fields.allowedChatIds) };
      setErrors(fieldErrors(reason, lists));
      setMessage(formError(reason, (path) => SHOWN.includes(path), lists));
    } finally {
      setBusy(false);
    }
  };

  // Another service has other fields: what was said about the last one's goes with them.
  const pickKind = (next: ChannelKind) => {
    setKind(next);
    setErrors({});
  };
  return (
    <form className="form-grid alert-form" onSubmit={(e) => void submit(e)} aria-label="Add alert channel">
      <label htmlFor="alert-kind">Service</label>
      <select id="alert-kind" value={kind} onChange={(e) => pickKind(e.target.value as ChannelKind)}>
        {CHANNEL_KINDS.map((k) => (
          <option key={k} value={k}>
            {CHANNEL_KIND_LABELS[k]}
          </option>
        ))}
      </select>
      <TextRow id="alert-name" label="Name" error={errors['name']} placeholder="e.g. phone" value={fields.name} onChange={set('name')} />
      {kind === 'telegram' ? (
        <>
          <TextRow id="alert-bot-token" label="Bot token" error={errors['botToken']} type="password" placeholder="from @BotFather" value={fields.botToken} onChange={set('botToken')} />
          <TextRow id="alert-chat-id" label="Chat ID" error={errors['chatId']} placeholder="where alerts go, e.g. 123456789" value={fields.chatId} onChange={set('chatId')} />
          <TextRow id="alert-allowed" label="Allowed chat IDs" error={errors['allowedChatIds']} placeholder="chats whose /status, /pnl, /halt are obeyed" value={fields.allowedChatIds} onChange={set('allowedChatIds')} />
          <TextRow id="alert-api-base" label="Bot API test server" error={errors['apiBaseUrl']} placeholder="empty = api.telegram.org (loopback only, for tests)" value={fields.apiBaseUrl} onChange={set('apiBaseUrl')} />
        </>
      ) : (
        <TextRow id="alert-url" label={kind === 'webhook' ? 'URL' : 'Webhook URL'} error={errors[kind === 'webhook' ? 'url' : 'webhookUrl']} type="password" placeholder={PLACEHOLDERS[kind]} value={fields.webhookUrl} onChange={set('webhookUrl')} />
      )}
      {kind === 'webhook' ? (
        <TextRow
          id="alert-signing"
          label="Signing secret"
          error={errors['signingSecret']}
          type="password"
          placeholder="at least 16 characters; your receiver checks X-Halyard-Signature with it"
          value={fields.signingSecret}
          onChange={set('signingSecret')}
        />
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
