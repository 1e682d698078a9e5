/**
 * `/admin/mensajes`: the SMS and WhatsApp messages Puente sent (or could not send) through the
 * mechanism's gateways. Never the text nor the number (identities): the channel, a short tag that tells
 * one number's messages apart, the kind of message in words, and how many SMS segments it took.
 */
import { useTranslation } from 'react-i18next';
import type { ChannelOutboxEntryDto } from '../../../../shared/types/outbox';
import { UI_NAMESPACES } from '../../i18n';
import { OutboxList, type OutboxTexts } from './OutboxList';
import '../../styles/screens.css';

/** The kinds the server writes (server/channels/outbound.ts, CHANNEL_MESSAGE_KINDS), named in words. */
const KINDS = ['conversation', 'receipt', 'status', 'reply_received', 'relay', 'notice', 'opt_out'] as const;

type Kind = (typeof KINDS)[number];

function isKind(kind: string): kind is Kind {
  return (KINDS as readonly string[]).includes(kind);
}

/** `/admin/mensajes` */
export function AdminChannelOutbox() {
  const { t, i18n } = useTranslation(UI_NAMESPACES);
  const contact = (entry: ChannelOutboxEntryDto) =>
    t('adminOutbox:messages.contact', { channel: t(`adminOutbox:messages.channel.${entry.channel}`), tag: entry.contactTag });
  const texts: OutboxTexts<ChannelOutboxEntryDto> = {
    title: t('adminOutbox:messages.title'),
    intro: t('adminOutbox:messages.intro'),
    empty: (status) => t(`adminOutbox:messages.empty.${status}`),
    count: (count, total) => t('adminOutbox:messages.count', { count, total }),
    showing: (count, shown, total) => t('adminOutbox:messages.showing', { count, shown, total }),
    loadingMore: t('adminOutbox:messages.loadingMore'),
    noMechanism: t('adminOutbox:messages.noMechanism'),
    retryLabel: (entry, busy) => t(busy ? 'adminOutbox:messages.retryingLabel' : 'adminOutbox:messages.retryLabel', { contact: contact(entry) }),
    retried: (entry) => t('adminOutbox:messages.retried', { contact: contact(entry) }),
    retriedAll: (count) => t('adminOutbox:messages.retriedAll', { count }),
  };
  return (
    <OutboxList<ChannelOutboxEntryDto>
      api="/api/admin/channel-outbox"
      texts={texts}
      heading={contact}
      facts={(entry) => [
        {
          label: t('adminOutbox:messages.fields.kind'),
          value: isKind(entry.kind) ? t(`adminOutbox:messages.kind.${entry.kind}`) : t('adminOutbox:messages.kind.other'),
        },
        { label: t('adminOutbox:messages.fields.segments'), value: new Intl.NumberFormat(i18n.language).format(entry.segments) },
      ]}
    />
  );
}
