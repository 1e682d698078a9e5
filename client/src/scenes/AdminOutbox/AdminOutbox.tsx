/** `/admin/correos`: the e-mails Puente sent (or could not send), by address and kind of e-mail in words. */
import { useTranslation } from 'react-i18next';
import type { OutboxEntryDto } from '../../../../shared/types/outbox';
import { UI_NAMESPACES } from '../../i18n';
import { OutboxList, type OutboxTexts } from './OutboxList';
import '../../styles/screens.css';

/** The templates the server writes (server/mail/emailTemplates.ts, `emails` namespace), named in words. */
const KINDS = [
  'new_case',
  'message',
  'agreement_proposed',
  'commitment_due',
  'status_changed',
  'deadline_reminder',
  'deadline_reminder_digest',
  'escalation',
  'escalation_digest',
  'invitation',
  'passwordReset',
  'test',
] as const;

type Kind = (typeof KINDS)[number];

function isKind(template: string): template is Kind {
  return (KINDS as readonly string[]).includes(template);
}

/** `/admin/correos` */
export function AdminOutbox() {
  const { t } = useTranslation(UI_NAMESPACES);
  const texts: OutboxTexts<OutboxEntryDto> = {
    title: t('adminOutbox:title'),
    intro: t('adminOutbox:intro'),
    empty: (status) => t(`adminOutbox:empty.${status}`),
    count: (count, total) => t('adminOutbox:count', { count, total }),
    showing: (count, shown, total) => t('adminOutbox:showing', { count, shown, total }),
    loadingMore: t('adminOutbox:loadingMore'),
    noMechanism: t('adminOutbox:fields.noMechanism'),
    retryLabel: (entry, busy) => t(busy ? 'adminOutbox:retryingLabel' : 'adminOutbox:retryLabel', { address: entry.toAddress }),
    retried: (entry) => t('adminOutbox:retried', { address: entry.toAddress }),
    retriedAll: (count) => t('adminOutbox:retriedAll', { count }),
  };
  return (
    <OutboxList<OutboxEntryDto>
      api="/api/admin/outbox"
      texts={texts}
      heading={(entry) => entry.toAddress}
      facts={(entry) => [
        { label: t('adminOutbox:fields.kind'), value: isKind(entry.template) ? t(`adminOutbox:kind.${entry.template}`) : t('adminOutbox:kind.other') },
      ]}
    />
  );
}
