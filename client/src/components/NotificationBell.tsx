/**
 * The bell in the header: how many notices are unread, and the list (unread first) in a disclosure.
 * New notices arrive live (`notifications.new`); opening one marks it read.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { DIGEST_KINDS, digestPath, type NotificationDto, type NotificationListDto } from '../../../shared/types/notifications';
import type { SessionUser } from '../../../shared/types/api';
import { apiSend } from '../api/client';
import { useApiQuery } from '../hooks/useApiQuery';
import { calendarDate } from '../forms/format';
import { useSocketEvent, useSocketReconnect } from '../realtime/socket';
import '../styles/public.css';
import '../styles/screens.css';

/** The text of each kind of notice; kinds this screen does not know yet read as a generic notice. */
const KIND_TEXT = {
  new_case: 'new_case',
  message: 'message',
  agreement_proposed: 'agreement_proposed',
  commitment_due: 'commitment_due',
  status_changed: 'status_changed',
  'deadlines.reminder': 'deadline_reminder',
  'cases.escalated': 'escalation',
  [DIGEST_KINDS['deadlines.reminder']]: 'deadline_reminder_digest',
  [DIGEST_KINDS['cases.escalated']]: 'escalation_digest',
  'deadlines.extended': 'deadlines_extended',
  'deadlines.paused': 'deadlines_paused',
  'deadlines.resumed': 'deadlines_resumed',
  information_requested: 'information_requested',
  information_lapsed: 'information_lapsed',
  referral_sent: 'referral_sent',
  'reprisal.reported': 'reprisal_reported',
  'identity.reveal_requested': 'reveal_requested',
} as const;

function kindText(kind: string) {
  return kind in KIND_TEXT ? KIND_TEXT[kind as keyof typeof KIND_TEXT] : 'other';
}

const DIGESTS: readonly string[] = Object.values(DIGEST_KINDS);

/**
 * Where a notice about a case leads: the ombudsman's audit view, everyone else's case page — except a
 * request to approve a reveal, which leads the second officer to the case page, where the custody panel
 * has the approve and refuse buttons. A sweep's digest (many cases at once) leads to the reader's queue.
 */
function caseHref(user: SessionUser, n: NotificationDto): string {
  if (DIGESTS.includes(n.kind)) return digestPath(user.role, n.kind);
  if (!n.caseId) return '/';
  return user.role === 'ombudsman' && n.kind !== 'identity.reveal_requested' ? `/supervision/casos/${n.caseId}` : `/casos/${n.caseId}`;
}

/** The bell for `user`. */
export function NotificationBell({ user }: { user: SessionUser }) {
  const { t, i18n } = useTranslation(['oversight']);
  const id = useId();
  const [open, setOpen] = useState(false);
  const list = useApiQuery<NotificationListDto>('/api/notifications');
  useSocketEvent('notifications.new', () => void list.reload());
  useSocketReconnect(() => void list.reload());
  const unread = list.data?.unread ?? 0;
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short', timeZone: 'America/Bogota' });

  async function markRead(body: { ids: number[] } | { all: true }) {
    try {
      await apiSend('POST', '/api/notifications/read', body);
    } finally {
      void list.reload();
    }
  }

  return (
    <div className="bell">
      <button type="button" className="button button-secondary button-small" aria-expanded={open} aria-controls={`${id}-list`} onClick={() => setOpen(!open)}>
        <span aria-hidden="true">🔔 </span>
        {unread > 0 ? t('notifications.bellUnread', { count: unread }) : t('notifications.bell')}
      </button>
      {open && (
        <div id={`${id}-list`} className="bell-panel">
          <h2 className="bell-title">{t('notifications.title')}</h2>
          {list.data && list.data.notifications.length === 0 && <p>{t('notifications.empty')}</p>}
          {unread > 0 && (
            <button type="button" className="button button-secondary button-small" onClick={() => void markRead({ all: true })}>
              {t('notifications.markAll')}
            </button>
          )}
          <ul className="bell-list">
            {list.data?.notifications.map((n) => (
              <li key={n.id} className={n.read ? 'bell-item' : 'bell-item bell-item-unread'}>
                <Link
                  to={caseHref(user, n)}
                  onClick={() => {
                    setOpen(false);
                    if (!n.read) void markRead({ ids: [n.id] });
                  }}
                >
                  {!n.read && <span className="visually-hidden">{t('notifications.unread')}: </span>}
                  {t(`notifications.kind.${kindText(n.kind)}`, {
                    reference: typeof n.data.reference === 'string' ? n.data.reference : '',
                    // A digest's facts: how many cases, and the first references.
                    count: typeof n.data.count === 'number' ? n.data.count : undefined,
                    references: Array.isArray(n.data.references) ? n.data.references.join(', ') : '',
                    // A new due date or the last day to answer (a 'YYYY-MM-DD' fact), in the reader's words.
                    date: typeof n.data.dueOn === 'string' ? calendarDate(n.data.dueOn, i18n.language) : '',
                  })}
                </Link>{' '}
                <time dateTime={n.createdAt} className="hint">
                  {when.format(new Date(n.createdAt))}
                </time>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
