/**
 * The oversight's "what keeps coming back" section (issue #17 item 3): totals of each kind of
 * recurrence and a table per month, company, cause and place. It follows the dashboard's mechanism and
 * period filters; figures come from `GET /api/oversight/recurrence` (ombudsman only).
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { RECURRENCE_KINDS, type RecurrenceDto } from '../../../../shared/types/learning';
import { ErrorMessage } from '../../components/ErrorMessage';
import { DataTable } from '../../components/TableScroll';
import { useApiQuery } from '../../hooks/useApiQuery';
import '../../styles/desk.css';
import '../../styles/screens.css';

/** The recurrence section, for the dashboard's `mechanism`, `from` and `to` filters. */
export function Recurrence({ filters }: { filters: { mechanism?: string; from?: string; to?: string } }) {
  const { t } = useTranslation(['learning', 'app']);
  const id = useId();
  const params = new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string] => Boolean(entry[1])));
  const query = useApiQuery<RecurrenceDto>(`/api/oversight/recurrence${params.size ? `?${params}` : ''}`);
  const data = query.data;
  return (
    <section className="oversight-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('learning:recurrence.title')}</h2>
      <p className="hint">{t('learning:recurrence.intro')}</p>
      {query.error && <ErrorMessage message={query.error.message} onRetry={() => void query.reload()} busy={query.loading} />}
      {data && (
        <>
          <ul className="figure-grid">
            {RECURRENCE_KINDS.map((kind) => (
              <li key={kind} className="figure">
                <span className="figure-number">{data.totals[kind]}</span>
                <span className="figure-label">{t(`learning:recurrence.kind_${kind}`)}</span>
              </li>
            ))}
          </ul>
          {data.rows.length === 0 ? (
            <p>{t('learning:recurrence.empty')}</p>
          ) : (
            <DataTable
              label={t('learning:recurrence.title')}
              rowHeaders={false}
              columns={[
                { label: t('learning:recurrence.month'), cell: (row) => row.month },
                { label: t('learning:recurrence.kind'), cell: (row) => t(`learning:recurrence.kind_${row.kind}`) },
                { label: t('learning:recurrence.company'), cell: (row) => row.company ?? t('learning:recurrence.noCompany') },
                { label: t('learning:recurrence.cause'), cell: (row) => row.cause ?? t('learning:recurrence.noCause') },
                { label: t('learning:recurrence.place'), cell: (row) => (row.vereda ? `${row.municipality}, ${row.vereda}` : row.municipality) },
                { label: t('learning:recurrence.count'), numeric: true, cell: (row) => row.count },
              ]}
              rows={data.rows}
              rowKey={(row) => `${row.month}|${row.kind}|${row.company}|${row.cause}|${row.municipality}|${row.vereda}`}
            />
          )}
        </>
      )}
    </section>
  );
}
