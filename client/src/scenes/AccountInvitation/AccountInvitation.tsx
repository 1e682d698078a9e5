/**
 * `/invitacion/:token`: the invited person sees who invited them to what, chooses their name and a
 * password, and is logged in. An expired or used link says so plainly.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import type { InvitationDto } from '../../../../shared/types/accounts';
import { acceptInvitationSchema } from '../../../../shared/validation/accounts';
import { passwordProblem } from '../../../../shared/validation/password';
import { apiSend } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PasswordField, TextField, useIssueMessages } from '../../components/FormField';
import { Loading } from '../../components/Loading';
import { homePathFor } from '../../components/RequireRole';
import { useApiQuery } from '../../hooks/useApiQuery';
import { usePageTitle } from '../../hooks/usePageTitle';
import { useSession } from '../../hooks/useSession';
import { useSubmit } from '../AdminShared/adminShared';

const NAMESPACES = ['account', 'app', 'domain', 'errors'] as const;

/** `/invitacion/:token` */
export function AccountInvitation() {
  const { t } = useTranslation(NAMESPACES);
  usePageTitle(t('invitation.title'));
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const { login } = useSession();
  const invitation = useApiQuery<InvitationDto>(`/api/invitations/${encodeURIComponent(token)}`);
  const form = useSubmit();
  const issues = useIssueMessages();
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  useEffect(() => {
    if (invitation.data) setDisplayName((current) => current || invitation.data!.displayName);
  }, [invitation.data]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const data = invitation.data!;
    const parsed = acceptInvitationSchema.safeParse({ displayName, password });
    if (!parsed.success) return form.setFieldErrors(issues(parsed.error.issues));
    const problem = passwordProblem(password, data.email);
    if (problem) return form.setFieldErrors({ password: t(`errors:${problem}` as 'errors:validation.required') });
    const ok = await form.run(async () => {
      await apiSend('POST', `/api/invitations/${encodeURIComponent(token)}/accept`, parsed.data);
      return null;
    });
    if (!ok) return;
    const user = await login(data.email, password);
    void navigate(homePathFor(user.role), { replace: true });
  }

  return (
    <div className="narrow stack">
      <h1>{t('invitation.title')}</h1>
      {invitation.error && <ErrorMessage message={invitation.error.message} />}
      {!invitation.data && invitation.loading && <Loading />}
      {invitation.data && (
        <>
          <p>
            {invitation.data.companyName
              ? t('invitation.welcomeCompany', { mechanism: invitation.data.mechanismName, role: invitation.data.role, company: invitation.data.companyName })
              : t('invitation.welcome', { mechanism: invitation.data.mechanismName, role: invitation.data.role })}
          </p>
          <p>{t('invitation.email', { email: invitation.data.email })}</p>
          {form.formError && <ErrorMessage message={form.formError} />}
          <form className="form" noValidate onSubmit={(e) => void submit(e)} aria-busy={form.busy}>
            <TextField label={t('invitation.name')} autoComplete="name" value={displayName} onChange={setDisplayName} error={form.fieldErrors.displayName} required />
            <PasswordField label={t('password.new')} hint={t('password.rules')} showLabel={t('password.show')} value={password} onChange={setPassword} error={form.fieldErrors.password} required />
            <button type="submit" className="button button-primary button-block" disabled={form.busy}>
              {form.busy ? t('invitation.submitting') : t('invitation.submit')}
            </button>
          </form>
        </>
      )}
    </div>
  );
}
