/**
 * The fields of a person's own account, as sign-up, an invitation, a reset link and the profile ask for
 * them: the display name, and the new password — the rules as the field's hint, a button to show it, and
 * the check of those rules on the phone before anything is sent (the same words the server would answer).
 */
import { useTranslation } from 'react-i18next';
import { passwordProblem } from '../../../shared/validation/password';
import { PasswordField, TextField } from './FormField';

const NAMESPACES = ['account', 'errors'] as const;

/** The new-password field; `label` defaults to "new password". */
export function NewPasswordField({ label, value, onChange, error }: { label?: string; value: string; onChange: (value: string) => void; error?: string }) {
  const { t } = useTranslation(NAMESPACES);
  return (
    <PasswordField
      label={label ?? t('password.new')}
      hint={t('password.rules')}
      showLabel={t('password.show')}
      value={value}
      onChange={onChange}
      error={error}
      required
    />
  );
}

/** Gives the translated reason a password breaks the rules for the account with `email`, or null. */
export function usePasswordProblem(): (password: string, email: string | null | undefined) => string | null {
  const { t } = useTranslation(NAMESPACES);
  return (password, email) => {
    const problem = passwordProblem(password, email);
    return problem ? t(`errors:${problem}` as 'errors:validation.required') : null;
  };
}

/** The name the others will see on the account, under `label`: required, filled in by the browser from the person's own name. */
export function DisplayNameField({ label, value, onChange, error }: { label: string; value: string; onChange: (value: string) => void; error?: string }) {
  return <TextField label={label} autoComplete="name" value={value} onChange={onChange} error={error} required />;
}
