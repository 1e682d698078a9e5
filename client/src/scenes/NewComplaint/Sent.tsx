/**
 * The intake's screen after "Enviar" (`/presentar-queja?comprobante=…`): the receipt of the saved
 * complaint, following it in the send queue. Its own download (with the receipt and the queue), so the
 * form's first question does not wait for it.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { Loading } from '../../components/Loading';
import { formatBytes } from '../../forms/format';
import { UI_NAMESPACES } from '../../i18n';
import { VISITOR, type FirstReader, type QueuedComplaint } from '../../offline/queueTypes';
import { confirmKeySaved, useSendQueue, type QueueSnapshot } from '../../offline/sendQueue';
import { useFiler } from '../../offline/useFiler';
import { useKeepsWork } from '../../shell/formsInProgress';
import { Receipt, receiptKeyOf } from './Receipt';
import { savedInThisTab } from './receiptsOfThisTab';
import { ListenButton } from '../../components/ListenButton';
import { useMechanism } from '../../hooks/useMechanism';
import '../../styles/intake.css';
import '../../styles/screens.css';

/** The files of a saved complaint and how each is going. */
function QueuedFiles({ item, active }: { item: QueuedComplaint; active: QueueSnapshot['active'] }) {
  const { t } = useTranslation([...UI_NAMESPACES, 'offline']);
  if (item.files.length === 0) return null;
  return (
    <section className="no-print" aria-labelledby="uploads-title">
      <h2 id="uploads-title">{t('intakeUi:upload.title')}</h2>
      <ul className="file-list upload-list" aria-label={t('intakeUi:upload.title')}>
        {item.files.map((file) => {
          const sending = active?.id === item.id && active.fileId === file.id && file.state === 'waiting';
          const percent = sending && active.total ? Math.round(((active.loaded ?? 0) / active.total) * 100) : 0;
          return (
            <li key={file.id} className="file-item">
              <span className="file-name">{file.name}</span>
              <span className="hint">{formatBytes(file.size)}</span>
              {sending && <progress max={active.total || 1} value={active.loaded ?? 0} aria-label={t('intakeUi:upload.progressOf', { name: file.name })} />}
              <span
                className={`upload-status upload-${file.state === 'sent' ? 'done' : file.state === 'refused' ? 'failed' : sending ? 'uploading' : 'waiting'}`}
                role={file.state === 'refused' ? 'alert' : undefined}
              >
                {file.state === 'sent' && t('offline:queue.file.sent')}
                {file.state === 'waiting' && (sending ? t('offline:queue.file.sending', { percent }) : t('offline:queue.file.waiting'))}
                {file.state === 'refused' &&
                  (file.reasonCode === 'lost' ? t('offline:queue.file.lost') : t('offline:queue.file.refused', { reason: file.reason ?? '' }))}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/**
 * After "Enviar": the receipt of the saved complaint, following it live (saved, sending, arrived), the
 * forced "Ya guardé mi clave" while a key is shown, its files, and where to follow the case.
 */
export function Sent({ id, onAnother }: { id: string; onAnother: () => void }) {
  const { t } = useTranslation([...UI_NAMESPACES, 'offline']);
  const queue = useSendQueue();
  const filer = useFiler();
  const headingRef = useRef<HTMLHeadingElement>(null);
  // The receipt can be heard too (issue #14 §6); the mechanism's lists are on the phone already.
  const receiptClip = useMechanism().data?.spokenHelp?.clips?.receipt;
  const item = queue.items.find((i) => i.id === id && i.owner === filer.owner);
  // A visitor's unconfirmed key shows again only in the tab that saved it: the next visitor of a shared phone must not read it.
  const showKey = Boolean(
    item && item.receipt.hasKey && !item.receipt.keyConfirmed && receiptKeyOf(item) && (item.owner !== VISITOR || savedInThisTab(item.id)),
  );
  // A receipt key shown once: an app update must not reload it away.
  useKeepsWork(showKey);
  useEffect(() => headingRef.current?.focus(), [queue.loaded]);
  useEffect(() => {
    if (!showKey) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [showKey]);

  if (!queue.loaded) return <Loading />;
  if (!item) {
    return (
      <div className="stack">
        <h1 ref={headingRef} tabIndex={-1}>
          {t('intakeUi:receipt.pageTitle')}
        </h1>
        <p>{t('offline:receipt.gone')}</p>
        <button type="button" className="button button-secondary" onClick={onAnother}>
          {t('intakeUi:receipt.another')}
        </button>
      </div>
    );
  }
  const active = queue.active?.id === item.id;
  const arrived = item.state === 'filed' || item.state === 'done';
  const heading =
    item.state === 'refused'
      ? t('offline:receipt.refusedHeading')
      : arrived
        ? t('offline:receipt.arrivedHeading')
        : active
          ? t('offline:receipt.sendingHeading')
          : t('offline:receipt.savedHeading');
  // Who answers first (saved with the receipt by this release); an older saved complaint says what any new case is.
  const firstReaderText = (reader: FirstReader | undefined) =>
    !reader
      ? t('domain:statusExplained.received')
      : reader.who === 'company'
        ? t('intakeUi:receipt.next.company', { company: reader.company })
        : t(`intakeUi:receipt.next.${reader.who}`);
  const trackPath = item.reference && item.owner === VISITOR ? `/seguimiento?ref=${encodeURIComponent(item.reference)}` : '/seguimiento';

  return (
    <div className="stack">
      <h1 ref={headingRef} tabIndex={-1} className="no-print">
        {heading}
      </h1>
      <div className="no-print">
        <ListenButton url={receiptClip} label={t('intakeUi:listen.receipt')} />
      </div>
      {item.state === 'waiting' && !active && <p className="no-print">{t('offline:receipt.savedLead')}</p>}
      {item.state === 'refused' && item.refusal && (
        <div className="alert alert-error no-print" role="alert">
          <p>{item.refusal.message}</p>
          <ul>
            {item.refusal.fields.map((f) => (
              <li key={f.field}>{f.message}</li>
            ))}
          </ul>
        </div>
      )}
      <Receipt item={item} showKey={showKey} />
      {item.receipt.hasKey && !item.receipt.keyConfirmed && !showKey && <p className="callout no-print">{t('offline:receipt.keyNotShownHere')}</p>}
      {showKey ? (
        <div className="callout key-confirm no-print">
          <p>{t('offline:receipt.keySavedHint')}</p>
          <button type="button" className="button button-primary" onClick={() => void confirmKeySaved(item.id)}>
            {t('offline:receipt.keySaved')}
          </button>
        </div>
      ) : (
        item.receipt.keyConfirmed && (
          <p className="no-print" role="status">
            {t('offline:receipt.keyConfirmed')}
          </p>
        )
      )}
      <QueuedFiles item={item} active={queue.active} />
      {!showKey && (
        <section className="no-print" aria-labelledby="next-title">
          <h2 id="next-title">{t('intakeUi:receipt.nextTitle')}</h2>
          {arrived ? (
            <p>{firstReaderText(item.receipt.firstReader)}</p>
          ) : (
            item.owner !== VISITOR && !item.receipt.hasKey && <p>{t('offline:receipt.accountFollow')}</p>
          )}
          <div className="button-row">
            {item.receipt.hasKey && (
              <Link className="button button-primary" to={trackPath}>
                {t('intakeUi:receipt.track')}
              </Link>
            )}
            {item.owner !== VISITOR && item.caseId && (
              <Link className="button button-secondary" to={`/casos/${item.caseId}`}>
                {t('intakeUi:receipt.openCase')}
              </Link>
            )}
            <button type="button" className="button button-secondary" onClick={onAnother}>
              {t('intakeUi:receipt.another')}
            </button>
          </div>
        </section>
      )}
    </div>
  );
}
