/**
 * `/admin/empresas`: add, rename, deactivate and reactivate the mechanism's companies, and say whether each
 * is Dutch-linked or IFC-financed (its cases not admitted or closed without agreement are then offered
 * the Dutch NCP or the CAO on the referral ladder).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminCompanyDto } from '../../../../shared/types/admin';
import { companyCreateSchema } from '../../../../shared/validation/admin';
import { apiSend } from '../../api/client';
import { TextField, useIssueMessages } from '../../components/FormField';
import { useApiQuery } from '../../hooks/useApiQuery';
import { usePageTitle } from '../../hooks/usePageTitle';
import { ADMIN_NAMESPACES, useAdminMechanism } from '../AdminShared/adminShared';
import { ActiveBadge, ActiveToggle, AdminCard, AdminCardList, AdminFormPanel, AdminScreen } from '../AdminShared/AdminSections';
import { useSubmit } from '../../hooks/useSubmit';
import '../../styles/desk.css';
import '../../styles/screens.css';

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

  async function change(company: AdminCompanyDto, body: { name?: string; active?: boolean; dutchLinked?: boolean; ifcFinanced?: boolean }) {
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
    <AdminScreen title={t('companies.title')} intro={t('companies.intro')}>
      <AdminFormPanel
        id="company-add"
        title={t('companies.add')}
        submit={form}
        onSubmit={(e) => void add(e)}
        submitLabel={t('common.add')}
        busyLabel={t('common.adding')}
      >
        <TextField label={t('common.name')} value={name} onChange={setName} error={form.fieldErrors.name} required />
        <TextField label={t('companies.slug')} hint={t('companies.slugHint')} value={slug} onChange={setSlug} error={form.fieldErrors.slug} required />
      </AdminFormPanel>
      <AdminCardList
        id="company-list"
        title={t('companies.list')}
        query={companies}
        row={row}
        empty={t('companies.empty')}
        renderItem={(company) => (
          <AdminCard
            key={company.id}
            inactive={!company.active}
            name={
              <>
                <strong>{company.name}</strong> <code>{company.slug}</code>
              </>
            }
          >
            <p>
              <ActiveBadge active={company.active} /> {t('companies.liaisons', { count: company.liaisons })}
            </p>
            {renaming[company.id] !== undefined && (
              <TextField
                label={t('companies.newName', { name: company.name })}
                value={renaming[company.id]!}
                onChange={(value) => setRenaming((r) => ({ ...r, [company.id]: value }))}
                error={row.fieldErrors.name}
              />
            )}
            <fieldset className="company-referral-flags">
              <legend>{t('learning:admin.referralFlags')}</legend>
              {(['dutchLinked', 'ifcFinanced'] as const).map((flag) => (
                <div key={flag} className="field field-checkbox">
                  <input
                    id={`company-${company.id}-${flag}`}
                    type="checkbox"
                    checked={company[flag]}
                    disabled={row.busy}
                    onChange={(event) => void change(company, { [flag]: event.target.checked })}
                  />
                  <label htmlFor={`company-${company.id}-${flag}`}>{t(`learning:admin.${flag}`)}</label>
                </div>
              ))}
            </fieldset>
            <div className="row-actions">
              {renaming[company.id] === undefined ? (
                <button
                  type="button"
                  className="button button-secondary button-small"
                  onClick={() => setRenaming((r) => ({ ...r, [company.id]: company.name }))}
                >
                  {t('common.rename')}
                </button>
              ) : (
                <button
                  type="button"
                  className="button button-primary button-small"
                  disabled={row.busy}
                  onClick={() => void change(company, { name: renaming[company.id] })}
                >
                  {t('common.save')}
                </button>
              )}
              <ActiveToggle active={company.active} busy={row.busy} onToggle={() => void change(company, { active: !company.active })} />
            </div>
          </AdminCard>
        )}
      />
    </AdminScreen>
  );
}
