/** `/admin/categorias`: complaint categories with icon, names and plain descriptions in both languages. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminCategoryDto } from '../../../../shared/types/admin';
import { categoryCreateSchema } from '../../../../shared/validation/admin';
import { apiSend } from '../../api/client';
import { CategoryIcon } from '../../components/CategoryIcon';
import { ErrorMessage } from '../../components/ErrorMessage';
import { CheckboxField, TextField, useIssueMessages } from '../../components/FormField';
import { useApiQuery } from '../../hooks/useApiQuery';
import { usePageTitle } from '../../hooks/usePageTitle';
import { ADMIN_NAMESPACES, AdminNav, Done, useAdminMechanism, useSubmit } from '../AdminShared/adminShared';

const EMPTY = { code: '', icon: '', nameEs: '', nameEn: '', descriptionEs: '', descriptionEn: '', redFlag: false };

/** `/admin/categorias` */
export function AdminCategories() {
  const { t, i18n } = useTranslation(ADMIN_NAMESPACES);
  usePageTitle(t('categories.title'));
  const { base } = useAdminMechanism();
  const categories = useApiQuery<AdminCategoryDto[]>(`${base}/categories`);
  const form = useSubmit();
  const row = useSubmit();
  const issues = useIssueMessages();
  const [v, setV] = useState(EMPTY);
  const set = (key: keyof typeof EMPTY) => (value: string | boolean) => setV((current) => ({ ...current, [key]: value }));
  const language = i18n.language === 'en' ? 'en' : 'es';

  async function add(event: FormEvent) {
    event.preventDefault();
    const body = { code: v.code, icon: v.icon, name: { es: v.nameEs, en: v.nameEn }, description: { es: v.descriptionEs, en: v.descriptionEn }, redFlag: v.redFlag };
    const parsed = categoryCreateSchema.safeParse(body);
    if (!parsed.success) return form.setFieldErrors(issues(parsed.error.issues));
    const ok = await form.run(async () => {
      await apiSend('POST', `${base}/categories`, parsed.data);
      return t('common.saved');
    });
    if (ok) {
      setV(EMPTY);
      await categories.reload();
    }
  }

  async function change(category: AdminCategoryDto, body: { active?: boolean; redFlag?: boolean }) {
    if (await row.run(async () => (await apiSend('PATCH', `${base}/categories/${category.id}`, body), t('common.saved')))) await categories.reload();
  }

  const e = form.fieldErrors;
  return (
    <div className="stack">
      <h1>{t('categories.title')}</h1>
      <AdminNav />
      <p>{t('categories.intro')}</p>
      <section aria-labelledby="category-list" className="stack">
        <h2 id="category-list">{t('categories.list')}</h2>
        {categories.error && <ErrorMessage message={categories.error.message} onRetry={() => void categories.reload()} />}
        {row.formError && <ErrorMessage message={row.formError} />}
        <Done message={row.done} />
        {categories.data?.length === 0 && <p className="empty">{t('categories.empty')}</p>}
        <ul className="user-list">
          {categories.data?.map((c) => (
            <li key={c.id} className={`user-card${c.active ? '' : ' user-card-inactive'}`}>
              <p className="user-card-name">
                <CategoryIcon icon={c.icon} /> <strong>{c.name[language]}</strong> <code>{c.code}</code>
              </p>
              <p>{c.description[language]}</p>
              <p>
                <span className={`badge ${c.active ? 'badge-active' : 'badge-inactive'}`}>{c.active ? t('common.active') : t('common.inactive')}</span>
                {c.redFlag && <> {t('categories.redFlag')}</>}
              </p>
              <div className="row-actions">
                <button type="button" className="button button-secondary button-small" disabled={row.busy} onClick={() => void change(c, { active: !c.active })}>
                  {c.active ? t('common.deactivate') : t('common.reactivate')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      </section>
      <section className="panel stack" aria-labelledby="category-add">
        <h2 id="category-add">{t('categories.add')}</h2>
        {form.formError && <ErrorMessage message={form.formError} />}
        <Done message={form.done} />
        <form className="form" noValidate onSubmit={(ev) => void add(ev)} aria-busy={form.busy}>
          <TextField label={t('categories.code')} value={v.code} onChange={set('code')} error={e.code} required />
          <TextField label={t('categories.icon')} value={v.icon} onChange={set('icon')} error={e.icon} required />
          <TextField label={t('categories.nameEs')} value={v.nameEs} onChange={set('nameEs')} error={e['name.es']} required />
          <TextField label={t('categories.nameEn')} value={v.nameEn} onChange={set('nameEn')} error={e['name.en']} required />
          <TextField label={t('categories.descriptionEs')} value={v.descriptionEs} onChange={set('descriptionEs')} error={e['description.es']} required />
          <TextField label={t('categories.descriptionEn')} value={v.descriptionEn} onChange={set('descriptionEn')} error={e['description.en']} required />
          <CheckboxField label={t('categories.redFlag')} checked={v.redFlag} onChange={set('redFlag')} />
          <button type="submit" className="button button-primary" disabled={form.busy}>
            {form.busy ? t('common.adding') : t('common.add')}
          </button>
        </form>
      </section>
    </div>
  );
}
