/**
 * The effectiveness report (`/supervision/efectividad`, ombudsman only; issue #17 item 4): the SEAT/ICMM
 * figures of a mechanism for a period, each broken down by gender, ethnic self-identification, age band
 * and municipality (suppressed on the server: "<5"), the PQRSD figures of Resolución 1519 de 2020 and
 * the referrals. The same figures as a CSV, and printed as a document (the print rules hide the form).
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'wouter';
import { BREAKDOWNS, type EffectivenessDto, type ReferralTally, type ReportCell, type ReportRow } from '../../../../shared/types/effectiveness';
import type { ReferralOutcome } from '../../../../shared/referralRemedies';
import { ErrorMessage } from '../../components/ErrorMessage';
import { DataTable, type DataColumn } from '../../components/TableScroll';
import { useApiQuery } from '../../hooks/useApiQuery';
import { usePageTitle } from '../../hooks/usePageTitle';
import '../../styles/screens.css';

/** The report page. */
export function Effectiveness() {
  const { t, i18n } = useTranslation(['effectiveness', 'app']);
  usePageTitle(t('effectiveness:page.title'));
  const id = useId();
  const [params, setParams] = useSearchParams();
  const [from, setFrom] = useState(params.get('from') ?? '');
  const [to, setTo] = useState(params.get('to') ?? '');
  const query = new URLSearchParams([...params.entries()].filter(([k, v]) => ['from', 'to', 'mechanism'].includes(k) && v)).toString();
  const report = useApiQuery<EffectivenessDto>(`/api/oversight/effectiveness${query ? `?${query}` : ''}`);
  const data = report.data;
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 });
  const show = (cell: ReportCell, row: ReportRow) => {
    if (cell.value === null) return '—';
    if (cell.value === '<5') return '<5';
    const value = row.kind === 'percent' ? `${number.format(cell.value)} %` : number.format(cell.value);
    return row.kind === 'count' ? value : `${value} (${cell.base} ${t('effectiveness:page.base')})`;
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams(params);
    for (const [k, v] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next);
  };
  return (
    <div className="stack effectiveness">
      <h1>{t('effectiveness:page.title')}</h1>
      <form className="no-print filter-row" onSubmit={submit}>
        <label htmlFor={`${id}-from`}>{t('effectiveness:page.from')}</label>
        <input id={`${id}-from`} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        <label htmlFor={`${id}-to`}>{t('effectiveness:page.to')}</label>
        <input id={`${id}-to`} type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        <button type="submit">{t('effectiveness:page.show')}</button>
        <button type="button" onClick={() => window.print()}>
          {t('effectiveness:page.print')}
        </button>
        <a href={`/api/oversight/effectiveness.csv?${new URLSearchParams([...new URLSearchParams(query).entries(), ['lang', i18n.language]])}`} download>
          {t('effectiveness:page.csv')}
        </a>
      </form>
      {report.loading && !data && <p role="status">{t('effectiveness:page.loading')}</p>}
      {report.error && <ErrorMessage message={report.error.message} onRetry={() => void report.reload()} busy={report.loading} />}
      {data && (
        <>
          <p className="lead">
            {data.mechanism.name} · {data.period.from} — {data.period.to}
          </p>
          <p>{t('effectiveness:page.intro', { minimum: data.minimumCell })}</p>
          <p>{t('effectiveness:page.cases', { count: data.cases })}</p>
          <p>{t('effectiveness:page.declared', { ...data.declared, cases: data.cases })}</p>
          {BREAKDOWNS.map((dimension) => (
            <section key={dimension} aria-labelledby={`${id}-${dimension}`}>
              <h2 id={`${id}-${dimension}`}>{t(`effectiveness:dimension.${dimension}`)}</h2>
              {data.tables
                .filter((table) => table.dimension === dimension)
                .map((table) => (
                  <DataTable
                    key={table.id}
                    label={`${t(`effectiveness:table.${table.id}`)} — ${t(`effectiveness:dimension.${dimension}`)}`}
                    caption={t(`effectiveness:table.${table.id}`)}
                    columns={[
                      { label: t('effectiveness:page.row'), cell: (row) => row.label },
                      { label: t('effectiveness:page.total'), numeric: true, cell: (row) => show(row.total, row) },
                      ...table.columns.map((c, i): DataColumn<ReportRow> => ({ label: c.label, numeric: true, cell: (row) => show(row.cells[i]!, row) })),
                    ]}
                    rows={table.rows}
                    rowKey={(row) => row.key}
                  />
                ))}
            </section>
          ))}
          <section aria-labelledby={`${id}-pqrsd`}>
            <h2 id={`${id}-pqrsd`}>{t('effectiveness:page.pqrsd')}</h2>
            <DataTable
              label={t('effectiveness:page.pqrsd')}
              columns={[
                { label: t('effectiveness:page.pqrsdKind'), cell: (p) => t(`effectiveness:page.kind.${p.kind}`) },
                { label: t('effectiveness:page.received'), numeric: true, cell: (p) => p.received },
                { label: t('effectiveness:page.forwarded'), numeric: true, cell: (p) => p.forwarded },
                { label: t('effectiveness:page.refused'), numeric: true, cell: (p) => p.refused },
                { label: t('effectiveness:page.answered'), numeric: true, cell: (p) => p.answered },
                {
                  label: t('effectiveness:page.medianResponse'),
                  numeric: true,
                  cell: (p) => (p.medianResponseDays === null ? '—' : number.format(p.medianResponseDays)),
                },
                { label: t('effectiveness:page.answeredInTerm'), numeric: true, cell: (p) => p.answeredInTerm },
              ]}
              rows={data.pqrsd}
              rowKey={(p) => p.kind}
            />
          </section>
          <section aria-labelledby={`${id}-referrals`}>
            <h2 id={`${id}-referrals`}>{t('effectiveness:page.referrals')}</h2>
            <DataTable
              label={t('effectiveness:page.referrals')}
              columns={[
                { label: t('effectiveness:page.remedy'), cell: (r) => t(`effectiveness:remedy.${r.remedy}.name`) },
                { label: t('effectiveness:page.offered'), numeric: true, cell: (r) => r.offered },
                ...(Object.keys(data.referrals[0]?.outcomes ?? {}) as ReferralOutcome[]).map((o): DataColumn<ReferralTally> => ({
                  label: t(`effectiveness:outcome.${o}` as never),
                  numeric: true,
                  cell: (r) => r.outcomes[o],
                })),
              ]}
              rows={data.referrals}
              rowKey={(r) => r.remedy}
            />
          </section>
        </>
      )}
    </div>
  );
}
