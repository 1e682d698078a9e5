/**
 * One outbox as the admin sees it — e-mails (`/admin/correos`) or SMS/WhatsApp messages
 * (`/admin/mensajes`): failed, queued or sent, for the mechanisms this admin manages, with attempts and
 * the last answer of the mail server or gateway, and a button to queue a failed one again. Never the
 * message content. A page at a time ("Ver más" appends the next, older one) with how many there are in
 * all. Each outbox gives its texts, its API and what its cards show first.
 */
import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'wouter';
import { OUTBOX_STATUSES, type OutboxEntryBase, type OutboxPage, type OutboxRetryAllDto, type OutboxStatus } from '../../../../shared/types/outbox';
import { apiGet, apiSend, toApiError } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { bogotaDateTime } from '../../forms/format';
import { useApiQuery } from '../../hooks/useApiQuery';
import { usePageTitle } from '../../hooks/usePageTitle';
import { UI_NAMESPACES } from '../../i18n';
import { AdminNav, useAdminMechanism } from '../AdminShared/adminShared';
import '../../styles/desk.css';
import '../../styles/screens.css';

/** The words of one outbox, translated by its screen (so each key stays type-checked). */
export interface OutboxTexts<E> {
  title: string;
  intro: string;
  empty: (status: OutboxStatus) => string;
  count: (count: number, total: string) => string;
  showing: (count: number, shown: string, total: string) => string;
  loadingMore: string;
  noMechanism: string;
  /** The retry button's name, which must contain its visible word ("Reintentar" or, while it works, "Reintentando…"). */
  retryLabel: (entry: E, busy: boolean) => string;
  retried: (entry: E) => string;
  retriedAll: (count: number) => string;
}

/** One outbox: its API (`/api/admin/outbox`), words, and the card's heading and first facts. */
export interface OutboxListProps<E extends OutboxEntryBase> {
  api: string;
  texts: OutboxTexts<E>;
  heading: (entry: E) => ReactNode;
  facts: (entry: E) => { label: string; value: string }[];
}

/** Entries per page: enough to scan, small enough for a phone on a weak signal. */
const PAGE_SIZE = 50;

/**
 * What the admin has loaded beyond the first page, and what changed since: the older pages appended,
 * where the next one starts, the total as last known, and the entries retried here (they left the list).
 * It belongs to one first page (`base`): a new first page — another status or mechanism, a language
 * switch, a reload after "retry all" — starts the paging over.
 */
interface Paging<E> {
  base: OutboxPage<E>;
  older: E[];
  nextCursor: string | null;
  total: number;
  retried: readonly number[];
}

function pagingFrom<E>(base: OutboxPage<E>): Paging<E> {
  return { base, older: [], nextCursor: base.nextCursor, total: base.total, retried: [] };
}

/** The status in the address (`?estado=`), so a reload or a shared link opens the same list. */
function statusParam(value: string | null): OutboxStatus {
  return OUTBOX_STATUSES.find((s) => s === value) ?? 'failed';
}

/** The screen of one outbox. */
export function OutboxList<E extends OutboxEntryBase>({ api, texts, heading, facts }: OutboxListProps<E>) {
  const { t, i18n } = useTranslation(UI_NAMESPACES);
  usePageTitle(texts.title);
  const [params, setParams] = useSearchParams();
  const status = statusParam(params.get('estado'));
  const { mechanismId, search } = useAdminMechanism();
  // Without an explicit mechanism (`?m=`) the list covers every mechanism the admin manages, like the overview's count.
  const path = `${api}?status=${status}&limit=${PAGE_SIZE}${search ? `&mechanismId=${mechanismId}` : ''}`;
  const list = useApiQuery<OutboxPage<E>>(path);
  const [busyId, setBusyId] = useState<number | 'all' | null>(null);
  const [confirmation, setConfirmation] = useState('');
  const [retryError, setRetryError] = useState<string | null>(null);
  const [stored, setPaging] = useState<Paging<E> | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  // Shown only beside the list whose next page failed to load.
  const [moreError, setMoreError] = useState<{ base: OutboxPage<E>; message: string } | null>(null);
  const countRef = useRef<HTMLParagraphElement>(null);
  const first = list.source === path ? list.data : undefined;
  const paging = first ? (stored?.base === first ? stored : pagingFrom(first)) : undefined;
  const entries = paging ? [...paging.base.entries, ...paging.older].filter((e) => !paging.retried.includes(e.id)) : undefined;
  const showMechanism = entries ? entries.some((e) => e.mechanism === null) || new Set(entries.map((e) => e.mechanism?.id)).size > 1 : false;

  function choose(next: OutboxStatus) {
    const nextParams = new URLSearchParams(params);
    nextParams.set('estado', next);
    setParams(nextParams);
    setConfirmation('');
    setRetryError(null);
  }

  async function loadMore() {
    if (!paging?.nextCursor) return;
    const { base } = paging;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const next = await apiGet<OutboxPage<E>>(`${path}&before=${encodeURIComponent(paging.nextCursor)}`);
      // From the state as it is now: an entry may have been retried while the page was on its way.
      setPaging((s) => {
        const now = s?.base === base ? s : pagingFrom(base);
        return { ...now, older: [...now.older, ...next.entries], nextCursor: next.nextCursor, total: next.total };
      });
      // The button goes away with the last page: keep the reader's place on the count, not the page's top.
      if (!next.nextCursor) countRef.current?.focus();
    } catch (error) {
      setMoreError({ base, message: toApiError(error).message });
    } finally {
      setLoadingMore(false);
    }
  }

  async function retry(target: E | 'all') {
    setBusyId(target === 'all' ? 'all' : target.id);
    setRetryError(null);
    setConfirmation('');
    // Retrying one keeps the pages loaded (the cursor names a position, not a row, so the next page is
    // unaffected); anything else starts the list over from the newest.
    let startOver = true;
    try {
      if (target === 'all') {
        const result = await apiSend<OutboxRetryAllDto>('POST', `${api}/retry-all`);
        setConfirmation(texts.retriedAll(result.retried));
      } else {
        await apiSend<E>('POST', `${api}/${target.id}/retry`);
        setConfirmation(texts.retried(target));
        if (first) {
          // From the state as it is now: a page may have arrived while the retry was on its way.
          setPaging((s) => {
            const now = s?.base === first ? s : pagingFrom(first);
            return { ...now, retried: [...now.retried, target.id], total: Math.max(0, now.total - 1) };
          });
          startOver = false;
        }
      }
    } catch (error) {
      setRetryError(toApiError(error).message);
    } finally {
      setBusyId(null);
      if (startOver) await list.reload();
    }
  }

  const number = (n: number) => new Intl.NumberFormat(i18n.language).format(n);
  const date = (iso: string) => bogotaDateTime(iso, i18n.language);

  return (
    <div className="stack">
      <h1>{texts.title}</h1>
      <AdminNav />
      <p>{texts.intro}</p>
      <div className="row-actions" role="group" aria-label={t('adminOutbox:status.label')}>
        {OUTBOX_STATUSES.map((s) => (
          <button key={s} type="button" className="button button-secondary button-small" aria-pressed={s === status} onClick={() => choose(s)}>
            {t(`adminOutbox:status.${s}`)}
          </button>
        ))}
      </div>
      {/* Always present, so screen readers announce each confirmation as it appears. */}
      <div className="mail-confirmation" role="status" aria-live="polite">
        {confirmation && <p className="alert alert-info">{confirmation}</p>}
      </div>
      {retryError && <ErrorMessage message={retryError} />}
      {list.error && <ErrorMessage message={list.error.message} onRetry={() => void list.reload()} busy={list.loading} />}
      {!entries && list.loading && <Loading />}
      {paging && entries && paging.total === 0 && entries.length === 0 && <p className="empty">{texts.empty(status)}</p>}
      {paging && entries && (paging.total > 0 || entries.length > 0) && (
        <>
          {status === 'failed' && paging.total > 1 && (
            <p>
              <button type="button" className="button button-secondary" disabled={busyId !== null} onClick={() => void retry('all')}>
                {busyId === 'all' ? t('adminOutbox:retrying') : t('adminOutbox:retryAll')}
              </button>
            </p>
          )}
          <p className="list-count" ref={countRef} tabIndex={-1} aria-live="polite">
            {entries.length < paging.total
              ? texts.showing(entries.length, number(entries.length), number(paging.total))
              : texts.count(paging.total, number(paging.total))}
          </p>
          <ul className="user-list" aria-label={t(`adminOutbox:status.${status}`)}>
            {entries.map((entry) => (
              <li key={entry.id} className={`user-card mail-card mail-card-${entry.status}`}>
                <p className="user-card-name break">
                  <strong>{heading(entry)}</strong>
                </p>
                <dl className="facts">
                  {facts(entry).map((fact) => (
                    <div key={fact.label}>
                      <dt>{fact.label}</dt>
                      <dd>{fact.value}</dd>
                    </div>
                  ))}
                  {showMechanism && (
                    <div>
                      <dt>{t('adminOutbox:fields.mechanism')}</dt>
                      <dd>{entry.mechanism?.name ?? texts.noMechanism}</dd>
                    </div>
                  )}
                  <div>
                    <dt>{t('adminOutbox:fields.attempts')}</dt>
                    <dd>{number(entry.attempts)}</dd>
                  </div>
                  {entry.lastError && (
                    <div>
                      <dt>{t('adminOutbox:fields.lastError')}</dt>
                      <dd className="break">{entry.lastError}</dd>
                    </div>
                  )}
                  <div>
                    <dt>{t('adminOutbox:fields.createdAt')}</dt>
                    <dd>{date(entry.createdAt)}</dd>
                  </div>
                  {entry.status === 'pending' && (
                    <div>
                      <dt>{t('adminOutbox:fields.nextAttemptAt')}</dt>
                      <dd>{date(entry.nextAttemptAt)}</dd>
                    </div>
                  )}
                  {entry.sentAt && (
                    <div>
                      <dt>{t('adminOutbox:fields.sentAt')}</dt>
                      <dd>{date(entry.sentAt)}</dd>
                    </div>
                  )}
                </dl>
                {entry.status === 'failed' && (
                  <div className="row-actions">
                    <button
                      type="button"
                      className="button button-primary"
                      aria-label={texts.retryLabel(entry, busyId === entry.id)}
                      disabled={busyId !== null}
                      onClick={() => void retry(entry)}
                    >
                      {busyId === entry.id ? t('adminOutbox:retrying') : t('adminOutbox:retry')}
                    </button>
                  </div>
                )}
              </li>
            ))}
          </ul>
          {moreError?.base === paging.base && <ErrorMessage message={moreError.message} onRetry={() => void loadMore()} busy={loadingMore} />}
          {paging.nextCursor && (
            <p>
              <button
                type="button"
                className="button button-secondary"
                disabled={loadingMore || busyId !== null}
                aria-busy={loadingMore}
                onClick={() => void loadMore()}
              >
                {loadingMore ? texts.loadingMore : t('adminOutbox:loadMore')}
              </button>
            </p>
          )}
        </>
      )}
    </div>
  );
}
