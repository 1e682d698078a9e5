/** Companies side by side, for the whole period and per quarter; each company's count links to its cases. */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { ScorecardFigures, ScorecardsDto } from '../../../../shared/types/oversight';
import { TableScroll } from '../../components/TableScroll';
import '../../styles/desk.css';
import '../../styles/screens.css';

function Cells({ f }: { f: ScorecardFigures }) {
  const { t, i18n } = useTranslation(['oversight']);
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 });
  const none = t('scorecards.none');
  return (
    <>
      <td className="numeric">{f.medianDaysToAcknowledge === null ? none : number.format(f.medianDaysToAcknowledge)}</td>
      <td className="numeric">{f.medianDaysToResolve === null ? none : number.format(f.medianDaysToResolve)}</td>
      <td className="numeric">
        {f.deadlinesMet === null
          ? none
          : t('scorecards.share', { percent: number.format(f.deadlinesMet * 100), met: Math.round(f.deadlinesMet * f.deadlinesDue), due: f.deadlinesDue })}
      </td>
      <td className="numeric">{f.agreementsReached}</td>
      <td className="numeric">{f.agreementsKept}</td>
      <td className="numeric">{f.satisfaction === null ? none : number.format(f.satisfaction)}</td>
    </>
  );
}

function Head({ first }: { first: string }) {
  const { t } = useTranslation(['oversight']);
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        <th scope="col">{t('scorecards.cases')}</th>
        <th scope="col">{t('scorecards.medianAcknowledge')}</th>
        <th scope="col">{t('scorecards.medianResolve')}</th>
        <th scope="col">{t('scorecards.deadlinesMet')}</th>
        <th scope="col">{t('scorecards.agreementsReached')}</th>
        <th scope="col">{t('scorecards.agreementsKept')}</th>
        <th scope="col">{t('scorecards.satisfaction')}</th>
      </tr>
    </thead>
  );
}

/** The scorecards table; `hrefFor` gives the drill-down address of a company. */
export function Scorecards({ data, hrefFor }: { data: ScorecardsDto; hrefFor: (companyId: string) => string }) {
  const { t } = useTranslation(['oversight']);
  const id = useId();
  return (
    <section className="oversight-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('scorecards.title')}</h2>
      <p className="hint">{t('scorecards.ruleDeadlines')}</p>
      <TableScroll label={t('scorecards.title')}>
        <table className="data-table">
          <Head first={t('scorecards.company')} />
          <tbody>
            {data.scorecards.map((s) => (
              <tr key={s.company.id}>
                <th scope="row">{s.company.name}</th>
                <td className="numeric">
                  <Link to={hrefFor(s.company.id)}>{s.cases}</Link>
                </td>
                <Cells f={s} />
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {data.scorecards.map((s) =>
        s.quarters.some((q) => q.cases > 0) ? (
          <details key={s.company.id} className="chart-table">
            <summary>
              {s.company.name} — {t('scorecards.overTime')}
            </summary>
            <TableScroll label={`${s.company.name} — ${t('scorecards.overTime')}`}>
              <table className="data-table">
                <Head first={t('scorecards.quarter')} />
                <tbody>
                  {s.quarters.map((q) => (
                    <tr key={q.quarter}>
                      <th scope="row">{q.quarter}</th>
                      <td className="numeric">{q.cases}</td>
                      <Cells f={q} />
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </details>
        ) : null,
      )}
    </section>
  );
}
