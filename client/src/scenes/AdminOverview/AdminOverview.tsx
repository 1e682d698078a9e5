/**
 * `/admin`: the administrator's first screen — the mechanism's configuration at a glance: companies,
 * users, how many cases are in each status, and how many e-mails could not be delivered. Never the
 * contents of a case.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { CASE_STATUSES } from '../../../../shared/caseLifecycle';
import type { AdminOverviewDto } from '../../../../shared/types/api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { StatusBadge } from '../../components/StatusBadge';
import { useApiQuery } from '../../hooks/useApiQuery';
import { usePageTitle } from '../../hooks/usePageTitle';
import { UI_NAMESPACES } from '../../i18n';
import { AdminNav } from '../AdminShared/adminShared';
import { TableScroll } from '../../components/TableScroll';
import '../../styles/desk.css';
import '../../styles/screens.css';

/** `/admin` */
export function AdminOverview() {
  const { t, i18n } = useTranslation(UI_NAMESPACES);
  const { data, error, loading, reload } = useApiQuery<AdminOverviewDto>('/api/admin/overview');
  usePageTitle(t('admin.title'));
  const number = new Intl.NumberFormat(i18n.language);

  return (
    <div className="stack">
      <h1>{t('admin.title')}</h1>
      <AdminNav />
      {error && <ErrorMessage message={error.message} onRetry={() => void reload()} busy={loading} />}
      {!data && loading && <Loading />}
      {data && (
        <>
          <section aria-labelledby="admin-mechanism">
            <h2 id="admin-mechanism">{t('admin.mechanism.title')}</h2>
            <dl className="facts">
              <div>
                <dt>{t('admin.mechanism.name')}</dt>
                <dd>{data.mechanism.name}</dd>
              </div>
              <div>
                <dt>{t('admin.mechanism.referencePrefix')}</dt>
                <dd>
                  <code>{data.mechanism.referencePrefix}</code>
                </dd>
              </div>
            </dl>
          </section>

          <section aria-labelledby="admin-emails">
            <h2 id="admin-emails">{t('adminOutbox:overview.title')}</h2>
            {/* E-mails that failed for good reached nobody: say so loudly until the admin has dealt with them. */}
            <div className={data.failedEmails > 0 ? 'callout callout-warning mail-failed-count' : 'callout mail-failed-count'}>
              <p>
                {data.failedEmails > 0 ? <strong>{t('adminOutbox:overview.failed', { count: data.failedEmails })}</strong> : t('adminOutbox:overview.none')}
              </p>
              <p>
                <Link to="/admin/correos">{t('adminOutbox:overview.open')}</Link>
              </p>
            </div>
          </section>

          <section aria-labelledby="admin-companies">
            <h2 id="admin-companies">{t('admin.companies.title')}</h2>
            {data.companies.length === 0 ? (
              <p className="empty">{t('admin.companies.empty')}</p>
            ) : (
              <TableScroll label={t('admin.companies.title')}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('admin.companies.name')}</th>
                      <th scope="col" className="numeric">
                        {t('admin.companies.liaisons')}
                      </th>
                      <th scope="col" className="numeric">
                        {t('admin.companies.cases')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.companies.map((company) => (
                      <tr key={company.id}>
                        <th scope="row">{company.name}</th>
                        <td className="numeric">{number.format(company.liaisons)}</td>
                        <td className="numeric">{number.format(company.cases)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )}
          </section>

          <section aria-labelledby="admin-statuses">
            <h2 id="admin-statuses">{t('admin.statuses.title')}</h2>
            <TableScroll label={t('admin.statuses.title')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('admin.statuses.status')}</th>
                    <th scope="col" className="numeric">
                      {t('admin.statuses.cases')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {CASE_STATUSES.map((status) => (
                    <tr key={status}>
                      <th scope="row">
                        <StatusBadge status={status} />
                      </th>
                      <td className="numeric">{number.format(data.casesByStatus[status] ?? 0)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{t('admin.statuses.total')}</th>
                    <td className="numeric">{number.format(CASE_STATUSES.reduce((sum, status) => sum + (data.casesByStatus[status] ?? 0), 0))}</td>
                  </tr>
                </tfoot>
              </table>
            </TableScroll>
          </section>

          <section aria-labelledby="admin-users">
            <h2 id="admin-users">{t('admin.users.title')}</h2>
            {data.users.length === 0 ? (
              <p className="empty">{t('admin.users.empty')}</p>
            ) : (
              <ul className="user-list">
                {data.users.map((person) => (
                  <li key={person.id} className={`user-card${person.active ? '' : ' user-card-inactive'}`}>
                    <p className="user-card-name">
                      <strong>{person.displayName}</strong>
                    </p>
                    <dl className="facts">
                      <div>
                        <dt>{t('admin.users.email')}</dt>
                        <dd className="break">{person.email}</dd>
                      </div>
                      <div>
                        <dt>{t('admin.users.role')}</dt>
                        <dd>{t(`domain:role.${person.role}`)}</dd>
                      </div>
                      {person.company && (
                        <div>
                          <dt>{t('admin.users.company')}</dt>
                          <dd>{person.company}</dd>
                        </div>
                      )}
                      <div>
                        <dt>{t('admin.users.state')}</dt>
                        <dd>
                          <span className={`badge ${person.active ? 'badge-active' : 'badge-inactive'}`}>
                            {person.active ? t('admin.users.active') : t('admin.users.inactive')}
                          </span>
                        </dd>
                      </div>
                    </dl>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </div>
  );
}
