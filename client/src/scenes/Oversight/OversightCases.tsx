/** `/supervision/casos`: the cases behind a figure, with the same filters, each opening its audit trail. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OversightCaseListDto } from '../../../../shared/types/oversight';
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

/** The drill-down list. */
export function OversightCases() {
  const { t, i18n } = useTranslation(['oversight', 'domain', 'app']);
  usePageTitle(t('cases.title'));
  const { values, query, setFilter, clear, active } = useOversightFilters();
  const list = useApiQuery<OversightCaseListDto>(`/api/oversight/cases${query ? `?${query}` : ''}`);
  useSocketEvent('cases.changed', () => void list.reload());
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
      {!list.data && list.loading && <Loading />}
      {list.data && (
        <div aria-busy={list.loading}>
          <p className="list-count" role="status">
            {list.data.cases.length < list.data.total
              ? t('cases.showing', { shown: list.data.cases.length, count: list.data.total })
              : t('cases.count', { count: list.data.total })}
          </p>
          {list.data.cases.length === 0 ? (
            <p className="empty">{t('cases.empty')}</p>
          ) : (
            <ul className="case-list">
              {list.data.cases.map((c) => (
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
        </div>
      )}
      <ExportLink query={query} />
    </div>
  );
}
