/**
 * `/supervision`: the ombudsman runs the mechanism from here — counts by status, the queues that need
 * attention, charts over time, the map, company scorecards and the export. Every figure links to the
 * cases it counts, with the same filters.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { CASE_STATUSES } from '../../../../shared/caseLifecycle';
import type { OversightSummaryDto, ScorecardsDto } from '../../../../shared/types/oversight';
import { OVERSIGHT_QUEUES } from '../../../../shared/validation/oversight';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/useApiQuery';
import { usePageTitle } from '../../hooks/usePageTitle';
import { useSocketEvent } from '../../realtime/socket';
import { DurationChart, VolumeChart } from './Charts';
import { ExportLink } from './ExportLink';
import { MechanismPicker } from './MechanismPicker';
import { OversightFilters } from './OversightFilters';
import { RegionMap } from './RegionMap';
import { Scorecards } from './Scorecards';
import { Recurrence } from './Recurrence';
import { casesPath, useOversightFilters } from './useOversightFilters';
import '../../styles/desk.css';
import '../../styles/screens.css';

const QUEUE_COUNT = { overdue: 'overdue', escalated: 'escalated', red_flag: 'redFlag' } as const;

/** The dashboard. */
export function Oversight() {
  const { t, i18n } = useTranslation(['oversight', 'domain', 'app', 'effectiveness']);
  usePageTitle(t('title'));
  const id = useId();
  const { values, query, setFilter, clear, active } = useOversightFilters();
  const suffix = query ? `?${query}` : '';
  const summary = useApiQuery<OversightSummaryDto>(`/api/oversight/summary${suffix}`);
  const scorecards = useApiQuery<ScorecardsDto>(`/api/oversight/scorecards${suffix}`);
  useSocketEvent('cases.changed', () => {
    void summary.reload();
    void scorecards.reload();
  });
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 });
  const data = summary.data;
  const days = (v: number | null) => (v === null ? t('summary.noMedian') : t('summary.days', { count: v, formatted: number.format(v) }));

  return (
    <div className="stack oversight">
      <h1>{t('title')}</h1>
      <MechanismPicker value={values.mechanism} onChange={(slug) => setFilter('mechanism', slug)} />
      <p className="lead">{t('intro')}</p>
      <OversightFilters values={values} onChange={setFilter} onClear={clear} active={active} />
      {summary.error && <ErrorMessage message={summary.error.message} onRetry={() => void summary.reload()} busy={summary.loading} />}
      {!data && summary.loading && <Loading label={t('loading')} />}
      {data && (
        <div aria-busy={summary.loading} className="stack">
          <p className="list-count">
            <Link to={casesPath(values)}>{t('summary.total', { count: data.total })}</Link>
          </p>

          <section className="oversight-section" aria-labelledby={`${id}-queues`}>
            <h2 id={`${id}-queues`}>{t('summary.queues')}</h2>
            <ul className="figure-grid">
              {OVERSIGHT_QUEUES.map((queue) => (
                <li key={queue} className={`figure figure-${queue}`}>
                  <Link to={casesPath(values, { queue })}>
                    <span className="figure-number">{data.queues[QUEUE_COUNT[queue]]}</span>
                    <span className="figure-label">{t(`queue.${queue}`)}</span>
                  </Link>
                </li>
              ))}
            </ul>
            <p className="hint">{t('summary.overdueRuleDeadlines')}</p>
            <dl className="facts">
              <div>
                <dt>{t('summary.medianAcknowledge')}</dt>
                <dd>{days(data.medianDaysToAcknowledge)}</dd>
              </div>
              <div>
                <dt>{t('summary.medianResolve')}</dt>
                <dd>{days(data.medianDaysToResolve)}</dd>
              </div>
            </dl>
          </section>

          <section className="oversight-section" aria-labelledby={`${id}-status`}>
            <h2 id={`${id}-status`}>{t('summary.byStatus')}</h2>
            <ul className="figure-grid">
              {CASE_STATUSES.map((status) => (
                <li key={status} className="figure">
                  <Link to={casesPath(values, { status })}>
                    <span className="figure-number">{data.byStatus[status]}</span>
                    <span className="figure-label">{t(`domain:status.${status}`)}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </section>

          <section className="oversight-section" aria-labelledby={`${id}-time`}>
            <h2 id={`${id}-time`}>{t('charts.title')}</h2>
            {data.series.length === 0 ? (
              <p>{t('charts.empty')}</p>
            ) : (
              <>
                <VolumeChart series={data.series} />
                <DurationChart series={data.series} />
              </>
            )}
          </section>

          <RegionMap mechanism={data.mechanism.name} municipalities={data.municipalities} hrefFor={(municipality) => casesPath(values, { municipality })} />
        </div>
      )}
      {scorecards.error && <ErrorMessage message={scorecards.error.message} onRetry={() => void scorecards.reload()} busy={scorecards.loading} />}
      {scorecards.data && <Scorecards data={scorecards.data} hrefFor={(company) => casesPath(values, { company })} />}
      <Recurrence filters={{ mechanism: values.mechanism, from: values.from, to: values.to }} />
      <p>
        <Link
          to={`/supervision/efectividad?${new URLSearchParams(Object.entries({ mechanism: values.mechanism, from: values.from, to: values.to }).filter((e): e is [string, string] => Boolean(e[1])))}`}
        >
          {t('effectiveness:page.link')}
        </Link>
      </p>
      <ExportLink query={query} />
    </div>
  );
}
