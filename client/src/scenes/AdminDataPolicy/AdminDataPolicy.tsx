/** `/admin/politica-de-datos`: publish a new version of the data-policy text; earlier versions stay. */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DataPolicyDto } from '../../../../shared/types/admin';
import { dataPolicySchema } from '../../../../shared/validation/admin';
import { apiSend } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { TextField, useIssueMessages } from '../../components/FormField';
import { useApiQuery } from '../../hooks/useApiQuery';
import { usePageTitle } from '../../hooks/usePageTitle';
import { ADMIN_NAMESPACES, AdminNav, Done, useAdminMechanism, useSubmit } from '../AdminShared/adminShared';

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
  useEffect(() => {
    if (!latest) return;
    setEs((current) => current || latest.text.es);
    setEn((current) => current || latest.text.en);
  }, [latest]);
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
      <section className="panel stack" aria-labelledby="policy-new">
        <h2 id="policy-new">{t('dataPolicy.publish')}</h2>
        {form.formError && <ErrorMessage message={form.formError} />}
        <Done message={form.done} />
        <form className="form" noValidate onSubmit={(e) => void publish(e)} aria-busy={form.busy}>
          <TextField label={t('dataPolicy.textEs')} multiline value={es} onChange={setEs} error={form.fieldErrors['text.es']} required />
          <TextField label={t('dataPolicy.textEn')} multiline value={en} onChange={setEn} error={form.fieldErrors['text.en']} required />
          <button type="submit" className="button button-primary" disabled={form.busy}>
            {form.busy ? t('dataPolicy.publishing') : t('dataPolicy.publish')}
          </button>
        </form>
      </section>
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
