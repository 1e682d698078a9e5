/** `/admin/empresas`: add, rename, deactivate and reactivate the mechanism's companies. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminCompanyDto } from '../../../../shared/types/admin';
import { companyCreateSchema } from '../../../../shared/validation/admin';
import { apiSend } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { TextField, useIssueMessages } from '../../components/FormField';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/useApiQuery';
import { usePageTitle } from '../../hooks/usePageTitle';
import { ADMIN_NAMESPACES, AdminNav, Done, useAdminMechanism, useSubmit } from '../AdminShared/adminShared';

/** `/admin/empresas` */
export function AdminCompanies() {
  const { t } = useTranslation(ADMIN_NAMESPACES);
  usePageTitle(t('companies.title'));
  const { base } = useAdminMechanism();
  const companies = useApiQuery<AdminCompanyDto[]>(`${base}/companies`);
  const form = useSubmit();
  const row = useSubmit();
  const issues = useIssueMessages();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [renaming, setRenaming] = useState<Record<string, string>>({});

  async function add(event: FormEvent) {
    event.preventDefault();
    const parsed = companyCreateSchema.safeParse({ name, slug });
    if (!parsed.success) return form.setFieldErrors(issues(parsed.error.issues));
    const ok = await form.run(async () => {
      await apiSend('POST', `${base}/companies`, parsed.data);
      return t('common.saved');
    });
    if (ok) {
      setName('');
      setSlug('');
      await companies.reload();
    }
  }

  async function change(company: AdminCompanyDto, body: { name?: string; active?: boolean }) {
    const ok = await row.run(async () => {
      await apiSend('PATCH', `${base}/companies/${company.id}`, body);
      return t('common.saved');
    });
    if (ok) {
      setRenaming(({ [company.id]: _gone, ...rest }) => rest);
      await companies.reload();
    }
  }

  return (
    <div className="stack">
      <h1>{t('companies.title')}</h1>
      <AdminNav />
      <p>{t('companies.intro')}</p>
      <section className="panel stack" aria-labelledby="company-add">
        <h2 id="company-add">{t('companies.add')}</h2>
        {form.formError && <ErrorMessage message={form.formError} />}
        <Done message={form.done} />
        <form className="form" noValidate onSubmit={(e) => void add(e)} aria-busy={form.busy}>
          <TextField label={t('common.name')} value={name} onChange={setName} error={form.fieldErrors.name} required />
          <TextField label={t('companies.slug')} hint={t('companies.slugHint')} value={slug} onChange={setSlug} error={form.fieldErrors.slug} required />
          <button type="submit" className="button button-primary" disabled={form.busy}>
            {form.busy ? t('common.adding') : t('common.add')}
          </button>
        </form>
      </section>
      <section aria-labelledby="company-list" className="stack">
        <h2 id="company-list">{t('companies.list')}</h2>
        {companies.error && <ErrorMessage message={companies.error.message} onRetry={() => void companies.reload()} />}
        {row.formError && <ErrorMessage message={row.formError} />}
        <Done message={row.done} />
        {!companies.data && companies.loading && <Loading />}
        {companies.data?.length === 0 && <p className="empty">{t('companies.empty')}</p>}
        <ul className="user-list">
          {companies.data?.map((company) => (
            <li key={company.id} className={`user-card${company.active ? '' : ' user-card-inactive'}`}>
              <p className="user-card-name">
                <strong>{company.name}</strong> <code>{company.slug}</code>
              </p>
              <p>
                <span className={`badge ${company.active ? 'badge-active' : 'badge-inactive'}`}>{company.active ? t('common.active') : t('common.inactive')}</span>{' '}
                {t('companies.liaisons', { count: company.liaisons })}
              </p>
              {renaming[company.id] !== undefined && (
                <TextField
                  label={t('companies.newName', { name: company.name })}
                  value={renaming[company.id]!}
                  onChange={(value) => setRenaming((r) => ({ ...r, [company.id]: value }))}
                  error={row.fieldErrors.name}
                />
              )}
              <div className="row-actions">
                {renaming[company.id] === undefined ? (
                  <button type="button" className="button button-secondary button-small" onClick={() => setRenaming((r) => ({ ...r, [company.id]: company.name }))}>
                    {t('common.rename')}
                  </button>
                ) : (
                  <button type="button" className="button button-primary button-small" disabled={row.busy} onClick={() => void change(company, { name: renaming[company.id] })}>
                    {t('common.save')}
                  </button>
                )}
                <button type="button" className="button button-secondary button-small" disabled={row.busy} onClick={() => void change(company, { active: !company.active })}>
                  {company.active ? t('common.deactivate') : t('common.reactivate')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
