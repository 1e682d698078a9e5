/** `/registro`: a complainant creates an optional account with an e-mail or a phone number. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { signUpSchema } from '../../../../shared/validation/accounts';
import { apiSend } from '../../api/client';
import { TextField, useIssueMessages } from '../../components/FormField';
import { DisplayNameField, NewPasswordField, usePasswordProblem } from '../../components/AccountFields';
import { SubmitForm } from '../../components/SubmitForm';
import { usePageTitle } from '../../hooks/usePageTitle';
import { useSession } from '../../hooks/useSession';
import { currentLanguage } from '../../i18n';
import { useSubmit } from '../../hooks/useSubmit';
import '../../styles/public.css';

const NAMESPACES = ['account', 'app', 'domain', 'errors'] as const;

/** `/registro` */
export function AccountSignUp() {
  const { t } = useTranslation(NAMESPACES);
  usePageTitle(t('signUp.title'));
  const [, navigate] = useLocation();
  const { refresh } = useSession();
  const form = useSubmit();
  const issues = useIssueMessages();
  const passwordProblem = usePasswordProblem();
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
    if (problem) return form.setFieldErrors({ password: problem });
    const ok = await form.run(async () => {
      await apiSend('POST', '/api/accounts', body);
      return null;
    });
    if (!ok) return;
    await refresh();
    navigate('/casos', { replace: true });
  }

  return (
    <div className="narrow stack">
      <h1>{t('signUp.title')}</h1>
      <p>{t('signUp.intro')}</p>
      <SubmitForm submit={form} onSubmit={(e) => void submit(e)} label={t('signUp.submit')} busyLabel={t('signUp.submitting')} block>
        <DisplayNameField label={t('signUp.name')} value={displayName} onChange={setDisplayName} error={form.fieldErrors.displayName} />
        <TextField label={t('signUp.email')} type="email" autoComplete="email" value={email} onChange={setEmail} error={form.fieldErrors.email} />
        <TextField
          label={t('signUp.phone')}
          hint={t('signUp.phoneHint')}
          type="tel"
          autoComplete="tel"
          value={phone}
          onChange={setPhone}
          error={form.fieldErrors.phone}
        />
        <NewPasswordField label={t('password.label')} value={password} onChange={setPassword} error={form.fieldErrors.password} />
      </SubmitForm>
      <p>
        <Link to="/ingresar">{t('signUp.haveAccount')}</Link>
      </p>
    </div>
  );
}
