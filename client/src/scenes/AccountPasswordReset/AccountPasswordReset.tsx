/**
 * `/restablecer` asks for a reset link (the answer never says whether the address has an account);
 * `/restablecer/:token` sets the new password through that link.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'wouter';
import { passwordResetRequestSchema, passwordResetSchema } from '../../../../shared/validation/accounts';
import { apiSend } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { TextField, useIssueMessages } from '../../components/FormField';
import { NewPasswordField } from '../../components/AccountFields';
import { usePageTitle } from '../../hooks/usePageTitle';
import { useSubmit } from '../../hooks/useSubmit';
import { Done, SubmitButton, SubmitForm } from '../../components/SubmitForm';
import '../../styles/public.css';

const NAMESPACES = ['account', 'app', 'domain', 'errors'] as const;

/** `/restablecer` and `/restablecer/:token` */
export function AccountPasswordReset() {
  const { token } = useParams();
  return token ? <SetPassword token={token} /> : <RequestLink />;
}

function RequestLink() {
  const { t } = useTranslation(NAMESPACES);
  usePageTitle(t('reset.requestTitle'));
  const form = useSubmit();
  const issues = useIssueMessages();
  const [email, setEmail] = useState('');

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = passwordResetRequestSchema.safeParse({ email });
    if (!parsed.success) return form.setFieldErrors(issues(parsed.error.issues));
    await form.run(async () => {
      await apiSend('POST', '/api/password-reset', parsed.data);
      return t('reset.sent');
    });
  }

  return (
    <div className="narrow stack">
      <h1>{t('reset.requestTitle')}</h1>
      <p>{t('reset.requestIntro')}</p>
      <SubmitForm submit={form} onSubmit={(e) => void submit(e)} label={t('reset.send')} busyLabel={t('reset.sending')} block>
        <TextField label={t('reset.email')} type="email" autoComplete="email" value={email} onChange={setEmail} error={form.fieldErrors.email} required />
      </SubmitForm>
      <p className="hint">{t('reset.phoneAccounts')}</p>
    </div>
  );
}

function SetPassword({ token }: { token: string }) {
  const { t } = useTranslation(NAMESPACES);
  usePageTitle(t('reset.setTitle'));
  const form = useSubmit();
  const issues = useIssueMessages();
  const [password, setPassword] = useState('');

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = passwordResetSchema.safeParse({ password });
    if (!parsed.success) return form.setFieldErrors(issues(parsed.error.issues));
    await form.run(async () => {
      await apiSend('POST', `/api/password-reset/${encodeURIComponent(token)}`, parsed.data);
      return t('reset.done');
    });
  }

  return (
    <div className="narrow stack">
      <h1>{t('reset.setTitle')}</h1>
      {form.formError && <ErrorMessage message={form.formError} />}
      <Done message={form.done} />
      {form.done ? (
        <p>
          <Link to="/ingresar">{t('reset.goToLogin')}</Link>
        </p>
      ) : (
        <form className="form" noValidate onSubmit={(e) => void submit(e)} aria-busy={form.busy}>
          <NewPasswordField value={password} onChange={setPassword} error={form.fieldErrors.password} />
          <SubmitButton busy={form.busy} label={t('reset.save')} busyLabel={t('reset.saving')} block />
        </form>
      )}
    </div>
  );
}
