/**
 * `/supervision/casos`: the cases behind a figure, with the same filters, each opening its audit trail.
 * A page at a time, most urgent first, with how many match in all; "Ver más casos" appends the next page
 * from the server's cursor, so cases that change meanwhile neither repeat nor vanish between pages.
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { OversightCaseListDto } from '../../../../shared/types/oversight';
import { apiGet, toApiError } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { StatusBadge } from '../../components/StatusBadge';
import { useApiQuery } from '../../hooks/useApiQuery';
import { usePageTitle } from '../../hooks/usePageTitle';
import { useSocketEvent } from '../../realtime/socket';
import { ExportLink } from './ExportLink';
import { InterpreterNote } from '../../languages/InterpreterNote';
import { MechanismPicker } from './MechanismPicker';
import { OversightFilters } from './OversightFilters';
import { useOversightFilters } from './useOversightFilters';
import '../../styles/desk.css';
import '../../styles/screens.css';

/** The drill-down list. */
export function OversightCases() {
  const { t, i18n } = useTranslation(['oversight', 'domain', 'app']);
  usePageTitle(t('cases.title'));
  const { values, query, setFilter, clear, active } = useOversightFilters();
  const path = `/api/oversight/cases${query ? `?${query}` : ''}`;
  const list = useApiQuery<OversightCaseListDto>(path);
  useSocketEvent('cases.changed', () => void list.reload());
  // Pages appended to one first page; a new first page (other filters, a reload) starts over.
  const [more, setMore] = useState<{ base: OversightCaseListDto; pages: OversightCaseListDto[] } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  const countRef = useRef<HTMLParagraphElement>(null);
  const first = list.source === path ? list.data : undefined;
  const pages = first ? [first, ...(more?.base === first ? more.pages : [])] : [];
  const last = pages.at(-1);
  const cases = pages.flatMap((p) => p.cases);

  async function loadMore() {
    if (!first || !last?.nextCursor) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const next = await apiGet<OversightCaseListDto>(`${path}${query ? '&' : '?'}after=${encodeURIComponent(last.nextCursor)}`);
      setMore((m) => ({ base: first, pages: [...(m?.base === first ? m.pages : []), next] }));
      // The button goes away with the last page: keep the reader's place on the count.
      if (!next.nextCursor) countRef.current?.focus();
    } catch (error) {
      setMoreError(toApiError(error).message);
    } finally {
      setLoadingMore(false);
    }
  }
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeZone: 'America/Bogota' });
  const back = `/supervision${query ? `?${query}` : ''}`;
  return (
    <div className="stack">
      <p className="no-print">
        <Link to={back}>← {t('cases.back')}</Link>
      </p>
      <h1>{t('cases.title')}</h1>
      <MechanismPicker value={values.mechanism} onChange={(slug) => setFilter('mechanism', slug)} />
      <OversightFilters values={values} onChange={setFilter} onClear={clear} active={active} />
      {list.error && <ErrorMessage message={list.error.message} onRetry={() => void list.reload()} busy={list.loading} />}
      {!first && list.loading && <Loading />}
      {first && last && (
        <div aria-busy={list.loading || loadingMore}>
          <p className="list-count" role="status" tabIndex={-1} ref={countRef}>
            {cases.length < last.total ? t('cases.showing', { shown: cases.length, count: last.total }) : t('cases.count', { count: last.total })}
          </p>
          {cases.length === 0 ? (
            <p className="empty">{t('cases.empty')}</p>
          ) : (
            <ul className="case-list">
              {cases.map((c) => (
                <li key={c.id} className={`case-card${c.redFlag ? ' case-card-flagged' : ''}`}>
                  <div className="case-card-top">
                    <h2 className="case-reference">
                      <Link to={`/supervision/casos/${c.id}${query ? `?${query}` : ''}`} aria-label={t('cases.open', { reference: c.reference })}>
                        {c.reference}
                      </Link>
                    </h2>
                    <StatusBadge status={c.status} />
                  </div>
                  <p className="case-meta">
                    {c.company?.name ?? t('unrouted')} · {c.municipality} · {c.categories.map((k) => k.name).join(', ')}
                  </p>
                  <p className="case-meta">
                    {t('cases.filedOn', { date: date.format(new Date(c.createdAt)) })}
                    {c.escalationLevel > 0 && ` · ${t('filters.escalationLevel', { level: c.escalationLevel })}`}
                    {c.redFlag && ` · ${t('queue.red_flag')}`}
                    {c.interpreterLanguage && ' · '}
                    <InterpreterNote language={c.interpreterLanguage} short />
                  </p>
                </li>
              ))}
            </ul>
          )}
          {moreError && <ErrorMessage message={moreError} onRetry={() => void loadMore()} busy={loadingMore} />}
          {last.nextCursor && (
            <p className="no-print">
              <button type="button" className="button button-secondary" onClick={() => void loadMore()} disabled={loadingMore}>
                {loadingMore ? t('cases.loadingMore') : t('cases.more')}
              </button>
            </p>
          )}
        </div>
      )}
      <ExportLink query={query} />
    </div>
  );
}
