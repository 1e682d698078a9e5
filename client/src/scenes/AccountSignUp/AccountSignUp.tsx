/** `/registro`: a complainant creates an optional account with an e-mail or a phone number. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { signUpSchema } from '../../../../shared/validation/accounts';
import { passwordProblem } from '../../../../shared/validation/password';
import { apiSend } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PasswordField, TextField, useIssueMessages } from '../../components/FormField';
import { usePageTitle } from '../../hooks/usePageTitle';
import { useSession } from '../../hooks/useSession';
import { currentLanguage } from '../../i18n';
import { useSubmit } from '../AdminShared/adminShared';

const NAMESPACES = ['account', 'app', 'domain', 'errors'] as const;

/** `/registro` */
export function AccountSignUp() {
  const { t } = useTranslation(NAMESPACES);
  usePageTitle(t('signUp.title'));
  const navigate = useNavigate();
  const { refresh } = useSession();
  const form = useSubmit();
  const issues = useIssueMessages();
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = { displayName, email: email || undefined, phone: phone || undefined, password, language: currentLanguage() };
    const parsed = signUpSchema.safeParse(body);
    if (!parsed.success) return form.setFieldErrors(issues(parsed.error.issues));
    const problem = passwordProblem(password, parsed.data.email);
    if (problem) return form.setFieldErrors({ password: t(`errors:${problem}` as 'errors:validation.required') });
    const ok = await form.run(async () => {
      await apiSend('POST', '/api/accounts', body);
      return null;
    });
    if (!ok) return;
    await refresh();
    void navigate('/casos', { replace: true });
  }

  return (
    <div className="narrow stack">
      <h1>{t('signUp.title')}</h1>
      <p>{t('signUp.intro')}</p>
      {form.formError && <ErrorMessage message={form.formError} />}
      <form className="form" noValidate onSubmit={(e) => void submit(e)} aria-busy={form.busy}>
        <TextField label={t('signUp.name')} autoComplete="name" value={displayName} onChange={setDisplayName} error={form.fieldErrors.displayName} required />
        <TextField label={t('signUp.email')} type="email" inputMode="email" autoComplete="email" value={email} onChange={setEmail} error={form.fieldErrors.email} />
        <TextField label={t('signUp.phone')} hint={t('signUp.phoneHint')} type="tel" inputMode="tel" autoComplete="tel" value={phone} onChange={setPhone} error={form.fieldErrors.phone} />
        <PasswordField label={t('password.label')} hint={t('password.rules')} showLabel={t('password.show')} value={password} onChange={setPassword} error={form.fieldErrors.password} required />
        <button type="submit" className="button button-primary button-block" disabled={form.busy}>
          {form.busy ? t('signUp.submitting') : t('signUp.submit')}
        </button>
      </form>
      <p>
        <Link to="/ingresar">{t('signUp.haveAccount')}</Link>
      </p>
    </div>
  );
}
