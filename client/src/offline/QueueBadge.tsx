/**
 * The layout's small sign that complaints wait on this phone ("2"), linking to the list; it also starts
 * the send queue on every page, so a complaint saved without signal goes out whichever page is opened.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { QUEUE_LIST_ID } from './queueListId';
import { isPending, runQueue, useSendQueue } from './sendQueue';
import { useFiler } from './useFiler';
import '../styles/intake.css';

/** The badge; nothing when nothing of this person's waits. */
export function QueueBadge() {
  const { t } = useTranslation('offline');
  const queue = useSendQueue();
  const filer = useFiler();
  // Someone logged in or out: that person's complaints may go now.
  useEffect(() => {
    void runQueue(true);
  }, [filer.owner]);
  const waiting = queue.items.filter((i) => i.owner === filer.owner && isPending(i)).length;
  if (waiting === 0) return null;
  return (
    <Link to={`/presentar-queja#${QUEUE_LIST_ID}`} className="queue-badge" aria-label={t('badge.label', { count: waiting })} data-testid="queue-badge">
      <span aria-hidden="true">⇡ {waiting}</span>
    </Link>
  );
}
