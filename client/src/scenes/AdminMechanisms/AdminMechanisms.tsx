/** `/admin/mecanismos`: the mechanisms this admin manages, and creating one for a new region. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminMechanismDto } from '../../../../shared/types/admin';
import { mechanismSchema } from '../../../../shared/validation/admin';
import { apiSend } from '../../api/client';
import { TextField, useIssueMessages } from '../../components/FormField';
import { usePageTitle } from '../../hooks/usePageTitle';
import { AdminFormPanel } from '../AdminShared/AdminSections';
import { ADMIN_NAMESPACES, AdminNav } from '../AdminShared/adminShared';
import { useAdminMechanisms } from '../AdminShared/AdminMechanismList';
import { useSubmit } from '../../hooks/useSubmit';
import '../../styles/desk.css';
import '../../styles/screens.css';

/** `/admin/mecanismos` */
export function AdminMechanisms() {
  const { t } = useTranslation(ADMIN_NAMESPACES);
  usePageTitle(t('mechanisms.title'));
  const mechanisms = useAdminMechanisms();
  const form = useSubmit();
  const issues = useIssueMessages();
  const [values, setValues] = useState({ name: '', region: '', slug: '', referencePrefix: '' });
  const set = (key: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [key]: value }));

  async function create(event: FormEvent) {
    event.preventDefault();
    const parsed = mechanismSchema.safeParse(values);
    if (!parsed.success) return form.setFieldErrors(issues(parsed.error.issues));
    const ok = await form.run(async () => {
      const created = await apiSend<AdminMechanismDto>('POST', '/api/admin/mechanisms', parsed.data);
      return t('mechanisms.created', { name: created.name });
    });
    if (ok) {
      setValues({ name: '', region: '', slug: '', referencePrefix: '' });
      await mechanisms.reload();
    }
  }

  return (
    <div className="stack">
      <h1>{t('mechanisms.title')}</h1>
      <AdminNav />
      <p>{t('mechanisms.intro')}</p>
      <section aria-labelledby="mechanism-list">
        <h2 id="mechanism-list">{t('mechanisms.list')}</h2>
        <ul className="user-list">
          {mechanisms.list.map((m) => (
            <li key={m.id} className="user-card">
              <strong>{m.name}</strong> — {m.region} <code>{m.referencePrefix}</code> <code>{m.slug}</code>
            </li>
          ))}
        </ul>
      </section>
      <AdminFormPanel
        id="mechanism-add"
        title={t('mechanisms.add')}
        submit={form}
        onSubmit={(e) => void create(e)}
        submitLabel={t('mechanisms.add')}
        busyLabel={t('common.adding')}
      >
        <TextField label={t('common.name')} value={values.name} onChange={set('name')} error={form.fieldErrors.name} required />
        <TextField label={t('mechanisms.region')} value={values.region} onChange={set('region')} error={form.fieldErrors.region} required />
        <TextField
          label={t('mechanisms.slug')}
          hint={t('companies.slugHint')}
          value={values.slug}
          onChange={set('slug')}
          error={form.fieldErrors.slug}
          required
        />
        <TextField
          label={t('mechanisms.prefix')}
          hint={t('mechanisms.prefixHint')}
          value={values.referencePrefix}
          onChange={(v) => set('referencePrefix')(v.toUpperCase())}
          error={form.fieldErrors.referencePrefix}
          required
        />
      </AdminFormPanel>
    </div>
  );
}
