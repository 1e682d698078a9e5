/**
 * The oversight's "what keeps coming back" section (issue #17 item 3): totals of each kind of
 * recurrence and a table per month, company, cause and place. It follows the dashboard's mechanism and
 * period filters; figures come from `GET /api/oversight/recurrence` (ombudsman only).
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { RECURRENCE_KINDS, type RecurrenceDto } from '../../../../shared/types/learning';
import { ErrorMessage } from '../../components/ErrorMessage';
import { TableScroll } from '../../components/TableScroll';
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
            <TableScroll label={t('learning:recurrence.title')}>
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">{t('learning:recurrence.month')}</th>
                    <th scope="col">{t('learning:recurrence.kind')}</th>
                    <th scope="col">{t('learning:recurrence.company')}</th>
                    <th scope="col">{t('learning:recurrence.cause')}</th>
                    <th scope="col">{t('learning:recurrence.place')}</th>
                    <th scope="col" className="numeric">
                      {t('learning:recurrence.count')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.rows.map((row) => (
                    <tr key={`${row.month}|${row.kind}|${row.company}|${row.cause}|${row.municipality}|${row.vereda}`}>
                      <td>{row.month}</td>
                      <td>{t(`learning:recurrence.kind_${row.kind}`)}</td>
                      <td>{row.company ?? t('learning:recurrence.noCompany')}</td>
                      <td>{row.cause ?? t('learning:recurrence.noCause')}</td>
                      <td>{row.vereda ? `${row.municipality}, ${row.vereda}` : row.municipality}</td>
                      <td className="numeric">{row.count}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </>
      )}
    </section>
  );
}
