/**
 * `/perfil`: the person's name, language and which e-mails they receive; changing the password (which
 * ends their other sessions); and, for complainants, linking an anonymous complaint with its receipt key.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { emailKindsFor, type ClaimResult, type EmailPreferences, type ProfileDto } from '../../../../shared/types/accounts';
import { claimSchema, passwordChangeSchema, profileUpdateSchema } from '../../../../shared/validation/accounts';
import { apiSend } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { CheckboxField, PasswordField, SelectField, TextField, useIssueMessages } from '../../components/FormField';
import { DisplayNameField, NewPasswordField, usePasswordProblem } from '../../components/AccountFields';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/useApiQuery';
import { usePageTitle } from '../../hooks/usePageTitle';
import { useSession } from '../../hooks/useSession';
import { useSubmit } from '../../hooks/useSubmit';
import { SubmitForm } from '../../components/SubmitForm';
import '../../styles/screens.css';

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
  // Adjusted while rendering when a new answer arrives, not in an effect a render later (react.dev: "adjusting state when a prop changes").
  const [shown, setShown] = useState<ProfileDto>();
  if (profile.data && profile.data !== shown) {
    setShown(profile.data);
    setDisplayName(profile.data.displayName);
    setLang(profile.data.language);
    setPrefs(profile.data.emailPreferences);
  }

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
            <SubmitForm submit={details} onSubmit={(e) => void save(e)} label={t('profile.save')} busyLabel={t('profile.saving')}>
              <DisplayNameField label={t('profile.name')} value={displayName} onChange={setDisplayName} error={details.fieldErrors.displayName} />
              <SelectField label={t('profile.language')} value={language} onChange={(v) => setLang(v as 'es' | 'en')}>
                <option value="es">{t('app:language.es')}</option>
                <option value="en">{t('app:language.en')}</option>
              </SelectField>
              {emailKindsFor(profile.data.role).length > 0 && (
                <fieldset className="stack">
                  <legend>{t('profile.emails')}</legend>
                  {emailKindsFor(profile.data.role).map((kind) => (
                    <CheckboxField
                      key={kind}
                      label={t(`profile.emailKinds.${kind}`)}
                      checked={prefs[kind]}
                      onChange={(checked) => setPrefs({ ...prefs, [kind]: checked })}
                    />
                  ))}
                </fieldset>
              )}
            </SubmitForm>
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
  const passwordProblem = usePasswordProblem();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = passwordChangeSchema.safeParse({ current, next });
    if (!parsed.success) return form.setFieldErrors(issues(parsed.error.issues));
    const problem = passwordProblem(next, email);
    if (problem) return form.setFieldErrors({ next: problem });
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
      <SubmitForm submit={form} onSubmit={(e) => void submit(e)} label={t('profile.change')} busyLabel={t('profile.changing')}>
        <PasswordField
          label={t('profile.current')}
          autoComplete="current-password"
          showLabel={t('password.show')}
          value={current}
          onChange={setCurrent}
          error={form.fieldErrors.current}
          required
        />
        <NewPasswordField value={next} onChange={setNext} error={form.fieldErrors.next} />
      </SubmitForm>
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
      <SubmitForm submit={form} onSubmit={(e) => void submit(e)} label={t('claim.submit')} busyLabel={t('claim.submitting')}>
        <TextField label={t('claim.reference')} autoComplete="off" value={reference} onChange={setReference} error={form.fieldErrors.reference} required />
        <TextField label={t('claim.receiptKey')} autoComplete="off" value={receiptKey} onChange={setReceiptKey} error={form.fieldErrors.receiptKey} required />
      </SubmitForm>
    </section>
  );
}
