/**
 * `/admin/causas`: the mechanism's taxonomy of root causes under its categories (issue #17 item 1), the
 * companies' sites or operations that tags may name, and whether companies may propose causes.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminRootCausesDto } from '../../../../shared/types/learning';
import { rootCauseCreateSchema, siteCreateSchema } from '../../../../shared/validation/learning';
import { apiSend } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { CheckboxField, SelectField, TextField, useIssueMessages } from '../../components/FormField';
import { useApiQuery } from '../../hooks/useApiQuery';
import { usePageTitle } from '../../hooks/usePageTitle';
import { ActiveBadge, ActiveToggle, AdminFormPanel } from '../AdminShared/AdminSections';
import { ADMIN_NAMESPACES, AdminNav, useAdminMechanism } from '../AdminShared/adminShared';
import { useSubmit } from '../../hooks/useSubmit';
import { Done } from '../../components/SubmitForm';
import '../../styles/desk.css';
import '../../styles/screens.css';

const EMPTY_CAUSE = { categoryId: '', code: '', nameEs: '', nameEn: '' };

/** `/admin/causas` */
export function AdminRootCauses() {
  const { t, i18n } = useTranslation(ADMIN_NAMESPACES);
  usePageTitle(t('learning:admin.title'));
  const { base } = useAdminMechanism();
  const query = useApiQuery<AdminRootCausesDto>(`${base}/root-causes`);
  const [fromAction, setFromAction] = useState<AdminRootCausesDto | null>(null);
  const data = fromAction ?? query.data;
  const row = useSubmit();
  const causeForm = useSubmit();
  const siteForm = useSubmit();
  const issues = useIssueMessages();
  const [cause, setCause] = useState(EMPTY_CAUSE);
  const [site, setSite] = useState({ companyId: '', name: '' });
  const language = i18n.language === 'en' ? 'en' : 'es';

  const send = (method: 'POST' | 'PATCH' | 'PUT', path: string, body: unknown) => async () => {
    setFromAction(await apiSend<AdminRootCausesDto>(method, `${base}/${path}`, body));
    return t('common.saved');
  };

  async function addCause(event: FormEvent) {
    event.preventDefault();
    const parsed = rootCauseCreateSchema.safeParse({ categoryId: cause.categoryId, code: cause.code, name: { es: cause.nameEs, en: cause.nameEn } });
    if (!parsed.success) return causeForm.setFieldErrors(issues(parsed.error.issues));
    if (await causeForm.run(send('POST', 'root-causes', parsed.data))) setCause(EMPTY_CAUSE);
  }

  async function addSite(event: FormEvent) {
    event.preventDefault();
    const parsed = siteCreateSchema.safeParse({ name: site.name });
    if (!site.companyId) return siteForm.setFieldErrors({ companyId: t('errors:validation.required') });
    if (!parsed.success) return siteForm.setFieldErrors(issues(parsed.error.issues));
    if (await siteForm.run(send('POST', `companies/${site.companyId}/sites`, parsed.data))) setSite({ companyId: site.companyId, name: '' });
  }

  const ce = causeForm.fieldErrors;
  return (
    <div className="stack">
      <h1>{t('learning:admin.title')}</h1>
      <AdminNav />
      <p>{t('learning:admin.intro')}</p>
      {query.error && <ErrorMessage message={query.error.message} onRetry={() => void query.reload()} />}
      {row.formError && <ErrorMessage message={row.formError} />}
      <Done message={row.done} />
      {data && (
        <>
          <CheckboxField
            label={t('learning:admin.companyProposes')}
            checked={data.companyProposesCauses}
            onChange={(on) => void row.run(send('PUT', 'learning-settings', { companyProposesCauses: on }))}
          />
          {data.categories.map((category) => (
            <section key={category.id} aria-labelledby={`causes-${category.code}`} className="stack">
              <h2 id={`causes-${category.code}`}>{t('learning:admin.causesOf', { category: category.name[language] })}</h2>
              {category.causes.length === 0 ? (
                <p className="empty">{t('learning:admin.noCauses')}</p>
              ) : (
                <ul className="user-list">
                  {category.causes.map((c) => (
                    <li key={c.id} className={`user-card${c.active ? '' : ' user-card-inactive'}`}>
                      <p className="user-card-name">
                        <strong>{c.name[language]}</strong> <code>{c.code}</code> <ActiveBadge active={c.active} />
                      </p>
                      <div className="row-actions">
                        <ActiveToggle
                          active={c.active}
                          busy={row.busy}
                          onToggle={() => void row.run(send('PATCH', `root-causes/${c.id}`, { active: !c.active }))}
                        />
                      </div>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          ))}
          <AdminFormPanel
            id="cause-add"
            title={t('learning:admin.addCause')}
            submit={causeForm}
            onSubmit={(ev) => void addCause(ev)}
            submitLabel={t('common.add')}
            busyLabel={t('common.adding')}
          >
            <SelectField
              label={t('learning:admin.category')}
              value={cause.categoryId}
              onChange={(categoryId) => setCause((c) => ({ ...c, categoryId }))}
              error={ce.categoryId}
              required
            >
              <option value="">—</option>
              {data.categories.map((category) => (
                <option key={category.id} value={category.id}>
                  {category.name[language]}
                </option>
              ))}
            </SelectField>
            <TextField label={t('learning:admin.code')} value={cause.code} onChange={(code) => setCause((c) => ({ ...c, code }))} error={ce.code} required />
            <TextField
              label={t('learning:admin.nameEs')}
              value={cause.nameEs}
              onChange={(nameEs) => setCause((c) => ({ ...c, nameEs }))}
              error={ce['name.es']}
              required
            />
            <TextField
              label={t('learning:admin.nameEn')}
              value={cause.nameEn}
              onChange={(nameEn) => setCause((c) => ({ ...c, nameEn }))}
              error={ce['name.en']}
              required
            />
          </AdminFormPanel>
          <section aria-labelledby="sites-title" className="stack">
            <h2 id="sites-title">{t('learning:admin.sites')}</h2>
            {data.companies.map((company) => (
              <div key={company.id}>
                <h3>{company.name}</h3>
                {company.sites.length === 0 ? (
                  <p className="empty">{t('learning:admin.noSites')}</p>
                ) : (
                  <ul>
                    {company.sites.map((s) => (
                      <li key={s.id}>{s.name}</li>
                    ))}
                  </ul>
                )}
              </div>
            ))}
          </section>
          <AdminFormPanel
            id="site-add"
            title={t('learning:admin.addSite')}
            submit={siteForm}
            onSubmit={(ev) => void addSite(ev)}
            submitLabel={t('common.add')}
            busyLabel={t('common.adding')}
          >
            <SelectField
              label={t('learning:admin.company')}
              value={site.companyId}
              onChange={(companyId) => setSite((s) => ({ ...s, companyId }))}
              error={siteForm.fieldErrors.companyId}
              required
            >
              <option value="">—</option>
              {data.companies.map((company) => (
                <option key={company.id} value={company.id}>
                  {company.name}
                </option>
              ))}
            </SelectField>
            <TextField
              label={t('learning:admin.siteName')}
              value={site.name}
              onChange={(name) => setSite((s) => ({ ...s, name }))}
              error={siteForm.fieldErrors.name}
              required
            />
          </AdminFormPanel>
        </>
      )}
    </div>
  );
}
