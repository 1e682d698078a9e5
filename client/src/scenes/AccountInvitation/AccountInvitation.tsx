/**
 * `/invitacion/:token`: the invited person sees who invited them to what, chooses their name and a
 * password, and is logged in. An expired or used link says so plainly.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useParams } from 'wouter';
import type { InvitationDto } from '../../../../shared/types/accounts';
import { acceptInvitationSchema } from '../../../../shared/validation/accounts';
import { apiSend } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useIssueMessages } from '../../components/FormField';
import { DisplayNameField, NewPasswordField, usePasswordProblem } from '../../components/AccountFields';
import { SubmitForm } from '../../components/SubmitForm';
import { Loading } from '../../components/Loading';
import { homePathFor } from '../../components/RequireRole';
import { useApiQuery } from '../../hooks/useApiQuery';
import { usePageTitle } from '../../hooks/usePageTitle';
import { useSession } from '../../hooks/useSession';
import { useSubmit } from '../../hooks/useSubmit';
import '../../styles/public.css';

const NAMESPACES = ['account', 'app', 'domain', 'errors'] as const;

/** `/invitacion/:token` */
export function AccountInvitation() {
  const { t } = useTranslation(NAMESPACES);
  usePageTitle(t('invitation.title'));
  const { token = '' } = useParams();
  const [, navigate] = useLocation();
  const { login } = useSession();
  const invitation = useApiQuery<InvitationDto>(`/api/invitations/${encodeURIComponent(token)}`);
  const form = useSubmit();
  const issues = useIssueMessages();
  const passwordProblem = usePasswordProblem();
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  // Adjusted while rendering when a new answer arrives, not in an effect a render later (react.dev: "adjusting state when a prop changes").
  const [shown, setShown] = useState<InvitationDto>();
  if (invitation.data && invitation.data !== shown) {
    setShown(invitation.data);
    setDisplayName((current) => current || invitation.data!.displayName);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const data = invitation.data!;
    const parsed = acceptInvitationSchema.safeParse({ displayName, password });
    if (!parsed.success) return form.setFieldErrors(issues(parsed.error.issues));
    const problem = passwordProblem(password, data.email);
    if (problem) return form.setFieldErrors({ password: problem });
    const ok = await form.run(async () => {
      await apiSend('POST', `/api/invitations/${encodeURIComponent(token)}/accept`, parsed.data);
      return null;
    });
    if (!ok) return;
    const user = await login(data.email, password);
    navigate(homePathFor(user.role), { replace: true });
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
          <SubmitForm submit={form} onSubmit={(e) => void submit(e)} label={t('invitation.submit')} busyLabel={t('invitation.submitting')} block>
            <DisplayNameField label={t('invitation.name')} value={displayName} onChange={setDisplayName} error={form.fieldErrors.displayName} />
            <NewPasswordField value={password} onChange={setPassword} error={form.fieldErrors.password} />
          </SubmitForm>
        </>
      )}
    </div>
  );
}
