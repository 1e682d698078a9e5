/** `/admin/politica-de-datos`: publish a new version of the data-policy text; earlier versions stay. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DataPolicyDto } from '../../../../shared/types/admin';
import { dataPolicySchema } from '../../../../shared/validation/admin';
import { apiSend } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { TextField, useIssueMessages } from '../../components/FormField';
import { useApiQuery } from '../../hooks/useApiQuery';
import { usePageTitle } from '../../hooks/usePageTitle';
import { AdminFormPanel } from '../AdminShared/AdminSections';
import { ADMIN_NAMESPACES, AdminNav, useAdminMechanism } from '../AdminShared/adminShared';
import { useSubmit } from '../../hooks/useSubmit';
import '../../styles/screens.css';

/** `/admin/politica-de-datos` */
export function AdminDataPolicy() {
  const { t, i18n } = useTranslation(ADMIN_NAMESPACES);
  usePageTitle(t('dataPolicy.title'));
  const { base } = useAdminMechanism();
  const versions = useApiQuery<DataPolicyDto[]>(`${base}/data-policies`);
  const form = useSubmit();
  const issues = useIssueMessages();
  const [es, setEs] = useState('');
  const [en, setEn] = useState('');
  const latest = versions.data?.[0];
  // Start from the published text: most new versions are small edits of the last one.
  // Adjusted while rendering when a new answer arrives, not in an effect a render later (react.dev: "adjusting state when a prop changes").
  const [shown, setShown] = useState<DataPolicyDto>();
  if (latest && latest !== shown) {
    setShown(latest);
    setEs((current) => current || latest.text.es);
    setEn((current) => current || latest.text.en);
  }
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'long', timeZone: 'America/Bogota' });

  async function publish(event: FormEvent) {
    event.preventDefault();
    const parsed = dataPolicySchema.safeParse({ text: { es, en } });
    if (!parsed.success) return form.setFieldErrors(issues(parsed.error.issues));
    const ok = await form.run(async () => {
      const created = await apiSend<DataPolicyDto>('POST', `${base}/data-policies`, parsed.data);
      return t('dataPolicy.published', { version: created.version });
    });
    if (ok) await versions.reload();
  }

  return (
    <div className="stack">
      <h1>{t('dataPolicy.title')}</h1>
      <AdminNav />
      <p>{t('dataPolicy.intro')}</p>
      <AdminFormPanel
        id="policy-new"
        title={t('dataPolicy.publish')}
        submit={form}
        onSubmit={(e) => void publish(e)}
        submitLabel={t('dataPolicy.publish')}
        busyLabel={t('dataPolicy.publishing')}
      >
        <TextField label={t('dataPolicy.textEs')} multiline value={es} onChange={setEs} error={form.fieldErrors['text.es']} required />
        <TextField label={t('dataPolicy.textEn')} multiline value={en} onChange={setEn} error={form.fieldErrors['text.en']} required />
      </AdminFormPanel>
      <section aria-labelledby="policy-versions" className="stack">
        <h2 id="policy-versions">{t('dataPolicy.versions')}</h2>
        {versions.error && <ErrorMessage message={versions.error.message} onRetry={() => void versions.reload()} />}
        {versions.data?.length === 0 && <p className="empty">{t('dataPolicy.empty')}</p>}
        {versions.data?.map((v) => (
          <details key={v.version} className="panel">
            <summary>{t('dataPolicy.version', { version: v.version, date: date.format(new Date(v.publishedAt)) })}</summary>
            <p className="policy-text" lang="es">
              {v.text.es}
            </p>
            <p className="policy-text" lang="en">
              {v.text.en}
            </p>
          </details>
        ))}
      </section>
    </div>
  );
}
