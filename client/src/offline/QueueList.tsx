/**
 * The complaints on this phone, for the person using it now (home and intake pages): what waits for the
 * signal, what is being sent, what arrived — each with its receipt — and what the server refused, with
 * its words and a way to correct it. A shared phone shows nobody else's complaints; complaints of an
 * account whose session ended only say how many wait for that person to log in.
 */
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { bogotaDateTime } from '../forms/format';
import { UI_NAMESPACES } from '../i18n';
import { sendBackToForm } from './correction';
import { forgetQueued, isPending, runQueue, useSendQueue, type QueueSnapshot } from './sendQueue';
import { VISITOR, type QueuedComplaint } from './queueTypes';
import { useFiler } from './useFiler';
import { QUEUE_LIST_ID } from './queueListId';
import '../styles/intake.css';

/** Counts of the person's complaints by what the list says of them. */
export function queueCounts(items: QueuedComplaint[], active: QueueSnapshot['active']) {
  const sending = items.filter((i) => isPending(i) && (active?.id === i.id || i.state === 'filed')).length;
  return {
    waiting: items.filter((i) => i.state === 'waiting' && active?.id !== i.id).length,
    sending,
    arrived: items.filter((i) => i.state === 'done').length,
    refused: items.filter((i) => i.state === 'refused').length,
  };
}

/** The list; renders nothing when the phone holds nothing of this person's. */
export function QueueList({ onCorrected }: { onCorrected?: () => void }) {
  const { t, i18n } = useTranslation([...UI_NAMESPACES, 'offline']);
  const queue = useSendQueue();
  const filer = useFiler();
  const [, navigate] = useLocation();
  const mine = queue.items.filter((i) => i.owner === filer.owner);
  // Accounts' complaints waiting for their person: only a count, and only while nobody is logged in.
  const others = filer.owner === VISITOR ? queue.items.filter((i) => i.owner !== VISITOR && isPending(i)).length : 0;
  if (mine.length === 0 && others === 0) return null;
  const counts = queueCounts(mine, queue.active);
  const summary = (['waiting', 'sending', 'refused', 'arrived'] as const)
    .filter((k) => counts[k] > 0)
    .map((k) => t(`offline:queue.${k}`, { count: counts[k] }));

  async function correct(item: QueuedComplaint) {
    // The form's module (and its validation) loads only now, not with the home page.
    const { saveDraft } = await import('../scenes/NewComplaint/draft');
    await sendBackToForm(item, (draft) => saveDraft(draft as unknown as Parameters<typeof saveDraft>[0]));
    if (onCorrected) onCorrected();
    else navigate('/presentar-queja');
  }

  return (
    <section className="queue-list no-print" id={QUEUE_LIST_ID} aria-labelledby={`${QUEUE_LIST_ID}-title`}>
      <h2 id={`${QUEUE_LIST_ID}-title`}>{t('offline:queue.title')}</h2>
      <p className="hint">{t('offline:queue.intro')}</p>
      {summary.length > 0 && (
        <p className="queue-summary" role="status">
          {summary.join(' · ')}
        </p>
      )}
      {others > 0 && (
        <p className="callout">
          {t('offline:queue.othersWaiting', { count: others })} <Link to="/ingresar">{t('offline:queue.logIn')}</Link>
        </p>
      )}
      <ul className="queue-items" aria-label={t('offline:queue.listLabel')}>
        {mine.map((item) => {
          const active = queue.active?.id === item.id;
          const state = active && item.state === 'waiting' ? 'sending' : item.state;
          const sent = item.files.filter((f) => f.state === 'sent').length;
          return (
            <li key={item.id} className={`queue-item queue-${state}`} data-testid="queue-item">
              <p className="queue-item-title">
                <strong>
                  {item.reference
                    ? t('offline:queue.reference', { reference: item.reference })
                    : t('offline:queue.code', { code: item.receipt.provisionalCode ?? '—' })}
                </strong>
                {item.reference && item.receipt.provisionalCode && <span className="hint"> · {item.receipt.provisionalCode}</span>}
              </p>
              <p className="hint">{t('offline:queue.savedOn', { date: bogotaDateTime(item.savedAt, i18n.language) })}</p>
              <p className="queue-state">{t(`offline:queue.state.${state}`)}</p>
              {item.state === 'waiting' && !active && item.nextAttemptAt && (
                <p className="hint">
                  {t('offline:queue.retryAt', {
                    time: new Intl.DateTimeFormat(i18n.language, { timeStyle: 'short', timeZone: 'America/Bogota' }).format(new Date(item.nextAttemptAt)),
                  })}
                </p>
              )}
              {item.files.length > 0 && <p className="hint">{t('offline:queue.filesProgress', { sent, total: item.files.length })}</p>}
              {item.files.some((f) => f.state === 'refused') && (
                <ul className="queue-files">
                  {item.files
                    .filter((f) => f.state === 'refused')
                    .map((f) => (
                      <li key={f.id} className="upload-failed">
                        {f.name}: {f.reasonCode === 'lost' ? t('offline:queue.file.lost') : t('offline:queue.file.refused', { reason: f.reason ?? '' })}
                      </li>
                    ))}
                </ul>
              )}
              {item.state === 'refused' && item.refusal && (
                <div className="alert alert-error" role="alert">
                  <p>
                    {t('offline:queue.refusedIntro')} {item.refusal.message}
                  </p>
                  {item.refusal.fields.length > 0 && (
                    <ul>
                      {item.refusal.fields.map((f) => (
                        <li key={f.field}>{f.message}</li>
                      ))}
                    </ul>
                  )}
                </div>
              )}
              <div className="button-row">
                {item.state === 'waiting' && !active && (
                  <button type="button" className="button button-secondary button-small" onClick={() => void runQueue(true)}>
                    {t('offline:queue.sendNow')}
                  </button>
                )}
                {item.receipt.hasKey && !item.receipt.keyConfirmed && (
                  <Link className="button button-secondary button-small" to={`/presentar-queja?comprobante=${item.id}`}>
                    {t('offline:queue.showReceipt')}
                  </Link>
                )}
                {item.state === 'refused' && item.draft && (
                  <button type="button" className="button button-primary button-small" onClick={() => void correct(item)}>
                    {t('offline:queue.correct')}
                  </button>
                )}
                {item.state === 'refused' && (
                  <button
                    type="button"
                    className="button button-secondary button-small"
                    onClick={() => {
                      if (window.confirm(t('offline:queue.discardConfirm'))) void forgetQueued(item.id);
                    }}
                  >
                    {t('offline:queue.discard')}
                  </button>
                )}
                {item.reference && (
                  <Link
                    className="button button-secondary button-small"
                    to={item.owner === VISITOR || !item.caseId ? `/seguimiento?ref=${encodeURIComponent(item.reference)}` : `/casos/${item.caseId}`}
                  >
                    {t('offline:queue.follow')}
                  </Link>
                )}
                {item.state === 'done' && (
                  <button type="button" className="button button-secondary button-small" onClick={() => void forgetQueued(item.id)}>
                    {t('offline:queue.remove')}
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
