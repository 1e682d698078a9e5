/**
 * `/supervision/casos/:id`: a case's full audit trail — every event (who, when, why) and every look at
 * its protected identity — laid out to print as a one-page summary for a meeting (print stylesheet).
 */
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearch } from 'wouter';
import type { AuditEventDto, CaseAuditDto } from '../../../../shared/types/oversight';
import type { AuditVerificationDto } from '../../../../shared/types/audit';
import { caseEventLabel } from '../../../../shared/caseEvents';
import type { Translate } from '../../../../shared/deadlineText';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { StatusBadge } from '../../components/StatusBadge';
import { useApiQuery } from '../../hooks/useApiQuery';
import { usePageTitle } from '../../hooks/usePageTitle';
import { DataTable } from '../../components/TableScroll';
import '../../styles/screens.css';

/** Whether this case's record still verifies (its hash chains), or where it first breaks. */
function AuditVerification({ verification, format }: { verification: AuditVerificationDto; format: (at: string) => string }) {
  const { t } = useTranslation(['oversight']);
  if (verification.ok) {
    return (
      <p className="callout audit-verified" role="status">
        {verification.verifiedThrough ? t('audit.verified', { at: format(verification.verifiedThrough) }) : t('audit.verifiedEmpty')}
      </p>
    );
  }
  return (
    <p className="callout callout-warning audit-broken" role="alert">
      {t('audit.broken', {
        what: t(`audit.brokenTable.${verification.table as 'case_events'}`),
        seq: verification.seq,
        problem: t(`audit.problem.${verification.problem}`),
      })}
    </p>
  );
}

/** The audit page. */
export function CaseAudit() {
  const { t, i18n } = useTranslation(['oversight', 'domain', 'app', 'intake', 'habeas']);
  const { id } = useParams();
  const query = useSearch();
  const search = query ? `?${query}` : '';
  const audit = useApiQuery<CaseAuditDto>(`/api/oversight/cases/${encodeURIComponent(id ?? '')}/audit`);
  const data = audit.data;
  usePageTitle(data ? t('audit.title', { reference: data.case.reference }) : undefined);
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'America/Bogota' });

  const who = (e: AuditEventDto) => {
    if (e.actorRole === 'system') return t('audit.system');
    const role = e.actorRole === 'anonymous' ? t('domain:complainant.anonymous') : t(`domain:role.${e.actorRole as 'complainant'}`);
    return e.actorName ? `${e.actorName} (${role})` : role;
  };
  const what = (e: AuditEventDto) => {
    const label = caseEventLabel(t as Translate, e.kind);
    if (!e.fromStatus || !e.toStatus || e.fromStatus === e.toStatus) return label;
    return t('audit.event.transition', { what: label, from: t(`domain:status.${e.fromStatus}`), to: t(`domain:status.${e.toStatus}`) });
  };

  if (audit.error) return <ErrorMessage message={audit.error.message} onRetry={() => void audit.reload()} busy={audit.loading} />;
  if (!data) return <Loading />;
  const c = data.case;
  const complainant = c.complainantName ?? (c.identityMode === 'anonymous' ? t('domain:complainant.anonymous') : t('domain:complainant.reserved'));
  return (
    <article className="stack case-audit">
      <p className="no-print">
        <Link to={`/supervision/casos${search}`}>← {t('audit.back')}</Link>
      </p>
      <h1>{t('audit.title', { reference: c.reference })}</h1>
      <p className="no-print">
        <button type="button" className="button button-secondary" onClick={() => window.print()}>
          {t('audit.print')}
        </button>
      </p>
      <AuditVerification verification={data.verification} format={(at) => when.format(new Date(at))} />
      {data.reclamosInProcess.map((r) => (
        // Ley 1581 art. 15: while a reclamo is in process the record says so, with its motive.
        <p key={`${r.kind}-${r.receivedOn}`} className="callout callout-warning reclamo-in-process" role="note">
          {t('audit.reclamoInProcess', { motive: t(`habeas:kind.${r.kind}`), date: r.receivedOn })}
        </p>
      ))}
      <section aria-labelledby="audit-summary">
        <h2 id="audit-summary">{t('audit.summary')}</h2>
        <dl className="case-facts">
          <div>
            <dt>{t('csv.status')}</dt>
            <dd>
              <StatusBadge status={c.status} />
            </dd>
          </div>
          <div>
            <dt>{t('csv.company')}</dt>
            <dd>{c.company?.name ?? t('unrouted')}</dd>
          </div>
          <div>
            <dt>{t('csv.categories')}</dt>
            <dd>{c.categories.map((k) => k.name).join(', ')}</dd>
          </div>
          <div>
            <dt>{t('csv.municipality')}</dt>
            <dd>{c.municipality}</dd>
          </div>
          <div>
            <dt>{t('csv.identityMode')}</dt>
            <dd>{t(`domain:identityMode.${c.identityMode}`)}</dd>
          </div>
          <div>
            <dt>{t('csv.complainant')}</dt>
            <dd>{complainant}</dd>
          </div>
          <div>
            <dt>{t('csv.escalationLevel')}</dt>
            <dd>{c.escalationLevel}</dd>
          </div>
          <div>
            <dt>{t('csv.filedOn')}</dt>
            <dd>{when.format(new Date(c.createdAt))}</dd>
          </div>
        </dl>
        {c.summary && <p className="case-summary">{c.summary}</p>}
      </section>

      <section aria-labelledby="audit-events">
        <h2 id="audit-events">{t('audit.events')}</h2>
        <DataTable
          label={t('audit.events')}
          className="data-table audit-table"
          rowHeaders={false}
          columns={[
            { label: t('audit.when'), cell: (e) => <time dateTime={e.at}>{when.format(new Date(e.at))}</time> },
            { label: t('audit.who'), cell: who },
            { label: t('audit.what'), cell: what },
            { label: t('audit.why'), cell: (e) => e.reason ?? '' },
          ]}
          rows={data.events}
          rowKey={(e) => e.id}
        />
      </section>

      <section aria-labelledby="audit-views">
        <h2 id="audit-views">{t('audit.identityViews')}</h2>
        {data.identityViews.length === 0 ? (
          <p>{t('audit.noIdentityViews')}</p>
        ) : (
          <DataTable
            label={t('audit.identityViews')}
            rowHeaders={false}
            columns={[
              { label: t('audit.when'), cell: (v) => <time dateTime={v.at}>{when.format(new Date(v.at))}</time> },
              { label: t('audit.who'), cell: (v) => v.viewerName ?? '' },
              { label: t('audit.purpose'), cell: (v) => t(`audit.viewPurpose.${v.purpose as 'reveal'}`, { defaultValue: v.purpose }) },
              {
                label: t('audit.reason'),
                cell: (v) => (
                  <>
                    {v.reason ?? ''}
                    {v.approvedBy && <span className="audit-approval"> ({t('audit.approvedBy', { name: v.approvedBy })})</span>}
                  </>
                ),
              },
            ]}
            rows={data.identityViews}
            rowKey={(v) => v.id}
          />
        )}
      </section>
      <p className="print-only">{t('audit.printedOn', { date: when.format(new Date()) })}</p>
    </article>
  );
}
