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
import { ActiveBadge, ActiveToggle, AdminFormPanel } from '../AdminShared/AdminSections';
import { ADMIN_NAMESPACES, AdminNav, useAdminMechanism } from '../AdminShared/adminShared';
import { useSubmit } from '../../hooks/useSubmit';
import { Done } from '../../components/SubmitForm';
import '../../styles/desk.css';
import '../../styles/screens.css';

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
    const body = {
      code: v.code,
      icon: v.icon,
      name: { es: v.nameEs, en: v.nameEn },
      description: { es: v.descriptionEs, en: v.descriptionEn },
      redFlag: v.redFlag,
    };
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
                <ActiveBadge active={c.active} />
                {c.redFlag && <> {t('categories.redFlag')}</>}
              </p>
              <div className="row-actions">
                <ActiveToggle active={c.active} busy={row.busy} onToggle={() => void change(c, { active: !c.active })} />
              </div>
            </li>
          ))}
        </ul>
      </section>
      <AdminFormPanel
        id="category-add"
        title={t('categories.add')}
        submit={form}
        onSubmit={(ev) => void add(ev)}
        submitLabel={t('common.add')}
        busyLabel={t('common.adding')}
      >
        <TextField label={t('categories.code')} value={v.code} onChange={set('code')} error={e.code} required />
        <TextField label={t('categories.icon')} value={v.icon} onChange={set('icon')} error={e.icon} required />
        <TextField label={t('categories.nameEs')} value={v.nameEs} onChange={set('nameEs')} error={e['name.es']} required />
        <TextField label={t('categories.nameEn')} value={v.nameEn} onChange={set('nameEn')} error={e['name.en']} required />
        <TextField label={t('categories.descriptionEs')} value={v.descriptionEs} onChange={set('descriptionEs')} error={e['description.es']} required />
        <TextField label={t('categories.descriptionEn')} value={v.descriptionEn} onChange={set('descriptionEn')} error={e['description.en']} required />
        <CheckboxField label={t('categories.redFlag')} checked={v.redFlag} onChange={set('redFlag')} />
      </AdminFormPanel>
    </div>
  );
}
