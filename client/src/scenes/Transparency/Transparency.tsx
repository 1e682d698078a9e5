/**
 * `/transparencia`: the public figures of the mechanism, no login — per company, topic, municipality and
 * quarter, with every count under 5 hidden (and the rule explained), and the same figures as CSV.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublicCount, TransparencyDto, TransparencyRow } from '../../../../shared/types/oversight';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/useApiQuery';
import { usePageTitle } from '../../hooks/usePageTitle';
import { currentLanguage } from '../../i18n';
import { TableScroll } from '../../components/TableScroll';
import { AuditDigests } from './AuditDigests';
import { OpenCollectives } from '../JoinCollective/CollectiveInvite';
import '../../styles/screens.css';

function Cell({ value }: { value: PublicCount | null }) {
  const { t, i18n } = useTranslation(['transparency']);
  if (value === null) return <td className="numeric">—</td>;
  if (value === '<5')
    return (
      <td className="numeric suppressed">
        <abbr title={t('suppressed')}>&lt;5</abbr>
      </td>
    );
  return <td className="numeric">{new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 }).format(value)}</td>;
}

function Table({ title, rows, note }: { title: string; rows: TransparencyRow[]; note?: string }) {
  const { t } = useTranslation(['transparency']);
  const id = useId();
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {note && <p className="hint">{note}</p>}
      <TableScroll label={title}>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('column.group')}</th>
              <th scope="col">{t('column.filed')}</th>
              <th scope="col">{t('column.resolved')}</th>
              <th scope="col">{t('column.closedUnresolved')}</th>
              <th scope="col">{t('column.medianAcknowledge')}</th>
              <th scope="col">{t('column.medianResolve')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.label}</th>
                <Cell value={r.filed} />
                <Cell value={r.resolved} />
                <Cell value={r.closedUnresolved} />
                <Cell value={r.medianDaysToAcknowledge} />
                <Cell value={r.medianDaysToResolve} />
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}

/** The public page. */
export function Transparency() {
  const { t } = useTranslation(['transparency']);
  usePageTitle(t('title'));
  const language = currentLanguage();
  const figures = useApiQuery<TransparencyDto>(`/api/transparency?lang=${language}`);
  const data = figures.data;
  return (
    <div className="stack transparency">
      <h1>{t('title')}</h1>
      {data && <p className="lead">{t('intro', { mechanism: data.mechanism.name })}</p>}
      <p className="callout">{t('privacy')}</p>
      <p className="hint">{t('daysNote')}</p>
      <p>
        <a className="button button-secondary" href={`/api/transparency.csv?lang=${language}`} download>
          {t('download')}
        </a>
      </p>
      {figures.error && <ErrorMessage message={figures.error.message} onRetry={() => void figures.reload()} busy={figures.loading} />}
      {!data && figures.loading && <Loading label={t('loading')} />}
      {data && (
        <>
          <Table title={t('table.total')} rows={[data.total]} />
          <Table title={t('table.company')} rows={data.byCompany} />
          <Table title={t('table.category')} rows={data.byCategory} note={t('table.categoryNote')} />
          <Table title={t('table.municipality')} rows={data.byMunicipality} />
          <Table title={t('table.quarter')} rows={data.byQuarter} />
        </>
      )}
      <OpenCollectives />
      <AuditDigests />
    </div>
  );
}
