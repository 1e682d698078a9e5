/**
 * "¿Ha sufrido represalias?" on the complainant's own case page (issue #15 §5): at any time, the
 * complainant's side tells the Defensoría — and only the Defensoría — of retaliation. The answer never
 * echoes the text, and nothing of it reaches the company's page, thread or notices.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CUSTODY_TEXT_MAX, reprisalReportSchema } from '../../../../shared/validation/custody';
import { apiSend } from '../../api/client';
import { CountedTextarea } from '../../components/CountedTextarea';
import { Field } from '../../components/Field';
import { checkWith } from '../../forms/fieldMessages';
import { useSubmit } from '../../hooks/useSubmit';
import { submitWith } from '../../components/SubmitForm';
import '../../styles/cases.css';

const NAMESPACES = ['custody', 'errors'] as const;

/** The report form for case `caseId`. */
export function ReprisalReport({ caseId }: { caseId: string }) {
  const { t } = useTranslation(NAMESPACES);
  const id = useId();
  const [open, setOpen] = useState(false);
  const [account, setAccount] = useState('');
  const [sent, setSent] = useState(false);
  const { busy, fieldErrors: errors, setFieldErrors: setErrors, formError: failure, run } = useSubmit();

  async function submit() {
    const problems = checkWith(reprisalReportSchema, { account });
    setErrors(problems ?? {});
    if (problems) return;
    await run(async () => {
      await apiSend('POST', `/api/cases/${encodeURIComponent(caseId)}/reprisal-reports`, { account });
      setSent(true);
      setOpen(false);
      setAccount('');
      return null;
    });
  }

  return (
    <section aria-labelledby={`${id}-title`} className="reprisal-report">
      <h2 id={`${id}-title`}>{t('custody:report.title')}</h2>
      <p>{t('custody:report.intro')}</p>
      {sent && (
        <p className="alert alert-success" role="status">
          {t('custody:report.sent')}
        </p>
      )}
      {failure && (
        <p className="alert alert-error" role="alert">
          {failure}
        </p>
      )}
      {!open ? (
        <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
          {t('custody:report.open')}
        </button>
      ) : (
        <form className="form" noValidate onSubmit={submitWith(submit)}>
          <Field id={`${id}-account`} label={t('custody:report.account')} hint={t('custody:report.accountHint')} error={errors.account}>
            {(control) => <CountedTextarea control={control} rows={4} value={account} onChange={setAccount} maximum={CUSTODY_TEXT_MAX} />}
          </Field>
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={busy}>
              {t('custody:report.submit')}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setOpen(false)} disabled={busy}>
              {t('custody:identity.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
