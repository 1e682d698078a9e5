/**
 * `/perfil`: the person's name, language and which e-mails they receive; changing the password (which
 * ends their other sessions); and, for complainants, linking an anonymous complaint with its receipt key.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { emailKindsFor, type ClaimResult, type EmailPreferences, type ProfileDto } from '../../../../shared/types/accounts';
import { claimSchema, passwordChangeSchema, profileUpdateSchema } from '../../../../shared/validation/accounts';
import { passwordProblem } from '../../../../shared/validation/password';
import { apiSend } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { CheckboxField, PasswordField, SelectField, TextField, useIssueMessages } from '../../components/FormField';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/useApiQuery';
import { usePageTitle } from '../../hooks/usePageTitle';
import { useSession } from '../../hooks/useSession';
import { Done, useSubmit } from '../AdminShared/adminShared';

const NAMESPACES = ['account', 'app', 'domain', 'errors', 'habeas'] as const;

/** `/perfil` */
export function AccountProfile() {
  const { t } = useTranslation(NAMESPACES);
  usePageTitle(t('profile.title'));
  const { setLanguage } = useSession();
  const profile = useApiQuery<ProfileDto>('/api/me');
  const details = useSubmit();
  const issues = useIssueMessages();
  const [displayName, setDisplayName] = useState('');
  const [language, setLang] = useState<'es' | 'en'>('es');
  const [prefs, setPrefs] = useState<EmailPreferences | null>(null);
  useEffect(() => {
    if (!profile.data) return;
    setDisplayName(profile.data.displayName);
    setLang(profile.data.language);
    setPrefs(profile.data.emailPreferences);
  }, [profile.data]);

  async function save(event: FormEvent) {
    event.preventDefault();
    const body = { displayName, language, emailPreferences: prefs ?? undefined };
    const parsed = profileUpdateSchema.safeParse(body);
    if (!parsed.success) return details.setFieldErrors(issues(parsed.error.issues));
    await details.run(async () => {
      await apiSend('PUT', '/api/me', parsed.data);
      if (language !== profile.data?.language) await setLanguage(language);
      return t('profile.saved');
    });
  }

  return (
    <div className="narrow stack">
      <h1>{t('profile.title')}</h1>
      {profile.error && <ErrorMessage message={profile.error.message} onRetry={() => void profile.reload()} />}
      {!profile.data && profile.loading && <Loading />}
      {profile.data && prefs && (
        <>
          <section className="panel stack" aria-labelledby="profile-details">
            <h2 id="profile-details">{t('profile.details')}</h2>
            {details.formError && <ErrorMessage message={details.formError} />}
            <Done message={details.done} />
            <form className="form" noValidate onSubmit={(e) => void save(e)} aria-busy={details.busy}>
              <TextField label={t('profile.name')} autoComplete="name" value={displayName} onChange={setDisplayName} error={details.fieldErrors.displayName} required />
              <SelectField label={t('profile.language')} value={language} onChange={(v) => setLang(v as 'es' | 'en')}>
                <option value="es">{t('app:language.es')}</option>
                <option value="en">{t('app:language.en')}</option>
              </SelectField>
              {emailKindsFor(profile.data.role).length > 0 && (
                <fieldset className="stack">
                  <legend>{t('profile.emails')}</legend>
                  {emailKindsFor(profile.data.role).map((kind) => (
                    <CheckboxField key={kind} label={t(`profile.emailKinds.${kind}`)} checked={prefs[kind]} onChange={(checked) => setPrefs({ ...prefs, [kind]: checked })} />
                  ))}
                </fieldset>
              )}
              <button type="submit" className="button button-primary" disabled={details.busy}>
                {details.busy ? t('profile.saving') : t('profile.save')}
              </button>
            </form>
          </section>
          <ChangePassword email={profile.data.email} />
          {profile.data.role === 'complainant' && <ClaimCase />}
          <p>
            <Link to="/mis-datos">{t('habeas:myData.title')}</Link>
            {(profile.data.role === 'ombudsman' || profile.data.role === 'admin') && (
              <>
                {' · '}
                <Link to="/habeas">{t('habeas:queue.title')}</Link>
              </>
            )}
          </p>
        </>
      )}
    </div>
  );
}

function ChangePassword({ email }: { email: string | null }) {
  const { t } = useTranslation(NAMESPACES);
  const form = useSubmit();
  const issues = useIssueMessages();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = passwordChangeSchema.safeParse({ current, next });
    if (!parsed.success) return form.setFieldErrors(issues(parsed.error.issues));
    const problem = passwordProblem(next, email);
    if (problem) return form.setFieldErrors({ next: t(`errors:${problem}` as 'errors:validation.required') });
    const ok = await form.run(async () => {
      await apiSend('POST', '/api/me/password', parsed.data);
      return t('profile.changed');
    });
    if (ok) {
      setCurrent('');
      setNext('');
    }
  }

  return (
    <section className="panel stack" aria-labelledby="profile-password">
      <h2 id="profile-password">{t('profile.changePassword')}</h2>
      {form.formError && <ErrorMessage message={form.formError} />}
      <Done message={form.done} />
      <form className="form" noValidate onSubmit={(e) => void submit(e)} aria-busy={form.busy}>
        <PasswordField label={t('profile.current')} autoComplete="current-password" showLabel={t('password.show')} value={current} onChange={setCurrent} error={form.fieldErrors.current} required />
        <PasswordField label={t('password.new')} hint={t('password.rules')} showLabel={t('password.show')} value={next} onChange={setNext} error={form.fieldErrors.next} required />
        <button type="submit" className="button button-primary" disabled={form.busy}>
          {form.busy ? t('profile.changing') : t('profile.change')}
        </button>
      </form>
    </section>
  );
}

function ClaimCase() {
  const { t } = useTranslation(NAMESPACES);
  const form = useSubmit();
  const issues = useIssueMessages();
  const [reference, setReference] = useState('');
  const [receiptKey, setReceiptKey] = useState('');

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = claimSchema.safeParse({ reference, receiptKey });
    if (!parsed.success) return form.setFieldErrors(issues(parsed.error.issues));
    await form.run(async () => {
      const claimed = await apiSend<ClaimResult>('POST', '/api/me/claims', parsed.data);
      return t('claim.done', { reference: claimed.reference });
    });
  }

  return (
    <section className="panel stack" aria-labelledby="profile-claim">
      <h2 id="profile-claim">{t('claim.title')}</h2>
      <p>{t('claim.intro')}</p>
      {form.formError && <ErrorMessage message={form.formError} />}
      <Done message={form.done} />
      <form className="form" noValidate onSubmit={(e) => void submit(e)} aria-busy={form.busy}>
        <TextField label={t('claim.reference')} autoComplete="off" value={reference} onChange={setReference} error={form.fieldErrors.reference} required />
        <TextField label={t('claim.receiptKey')} autoComplete="off" value={receiptKey} onChange={setReceiptKey} error={form.fieldErrors.receiptKey} required />
        <button type="submit" className="button button-primary" disabled={form.busy}>
          {form.busy ? t('claim.submitting') : t('claim.submit')}
        </button>
      </form>
    </section>
  );
}
