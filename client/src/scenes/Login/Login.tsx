/**
 * `/ingresar`: e-mail and password, checked first with the shared zod schema (same messages as the
 * server), then by the server; on success, each role lands on its own first screen.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Redirect, useLocation } from 'wouter';
import { useHistoryState } from 'wouter/use-browser-location';
import { loginSchema } from '../../../../shared/validation/auth';
import { toApiError } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { homePathFor } from '../../components/RequireRole';
import { usePageTitle } from '../../hooks/usePageTitle';
import { useSession } from '../../hooks/useSession';
import { UI_NAMESPACES } from '../../i18n';
import '../../styles/public.css';
import '../../styles/screens.css';

type Field = 'email' | 'password';

/** `/ingresar` */
export function Login() {
  const { t } = useTranslation([...UI_NAMESPACES, 'account']);
  const { status, user, login, notice, clearNotice } = useSession();
  const [, navigate] = useLocation();
  // Where RequireRole sent the visitor from (its redirect's history state).
  const kept = useHistoryState<{ from?: unknown } | null>()?.from;
  const from = typeof kept === 'string' ? kept : undefined;
  const id = useId();
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [showPassword, setShowPassword] = useState(false);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  usePageTitle(t('login.title'));

  // A notice ("your session ended") is shown on this visit of the page only.
  const [shownNotice] = useState(notice);
  useEffect(() => clearNotice(), [clearNotice]);

  if (status === 'loading') return <Loading />;
  if (user && !busy) return <Redirect to={homePathFor(user.role)} replace />;

  function focusField(field: Field | undefined) {
    (field === 'password' ? passwordRef : emailRef).current?.focus();
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const parsed = loginSchema.safeParse({ email, password });
    if (!parsed.success) {
      const errors: Partial<Record<Field, string>> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if ((field === 'email' || field === 'password') && !errors[field]) {
          const limit = 'maximum' in issue ? { maximum: Number(issue.maximum) } : {};
          errors[field] = t(`errors:${issue.message}` as 'errors:validation.required', limit);
        }
      }
      setFieldErrors(errors);
      focusField(errors.email ? 'email' : 'password');
      return;
    }
    setFieldErrors({});
    setBusy(true);
    try {
      const loggedIn = await login(parsed.data.email, parsed.data.password);
      const target = from && from !== '/ingresar' ? from : homePathFor(loggedIn.role);
      navigate(target, { replace: true });
    } catch (error) {
      const apiError = toApiError(error);
      const byField = apiError.fieldMessages();
      const serverFieldErrors: Partial<Record<Field, string>> = { email: byField.email, password: byField.password };
      setFieldErrors(serverFieldErrors);
      setFormError(apiError.message);
      setBusy(false);
      if (serverFieldErrors.email || serverFieldErrors.password) focusField(serverFieldErrors.email ? 'email' : 'password');
    }
  }

  const describedBy = (field: Field, hint?: string) => [hint, fieldErrors[field] ? `${id}-${field}-error` : undefined].filter(Boolean).join(' ') || undefined;

  return (
    <div className="narrow stack">
      <h1>{t('login.title')}</h1>
      <p>{t('login.intro')}</p>
      {shownNotice && (
        <div className="alert alert-info" role="status">
          <p>{t(`session.notice.${shownNotice}`)}</p>
        </div>
      )}
      {formError && <ErrorMessage message={formError} />}
      <form className="form" noValidate onSubmit={(event) => void handleSubmit(event)} aria-busy={busy}>
        <div className="field">
          <label htmlFor={`${id}-email`}>{t('login.email')}</label>
          <input
            ref={emailRef}
            id={`${id}-email`}
            name="email"
            type="email"
            inputMode="email"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            aria-invalid={fieldErrors.email ? true : undefined}
            aria-describedby={describedBy('email')}
          />
          {fieldErrors.email && (
            <p className="field-error" id={`${id}-email-error`}>
              {fieldErrors.email}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>{t('login.password')}</label>
          <div className="password-row">
            <input
              ref={passwordRef}
              id={`${id}-password`}
              name="password"
              type={showPassword ? 'text' : 'password'}
              autoComplete="current-password"
              autoCapitalize="none"
              spellCheck={false}
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              aria-invalid={fieldErrors.password ? true : undefined}
              aria-describedby={describedBy('password')}
            />
            <button
              type="button"
              className="button button-secondary"
              aria-pressed={showPassword}
              aria-controls={`${id}-password`}
              onClick={() => setShowPassword((shown) => !shown)}
            >
              {t('login.showPassword')}
            </button>
          </div>
          {fieldErrors.password && (
            <p className="field-error" id={`${id}-password-error`}>
              {fieldErrors.password}
            </p>
          )}
        </div>
        <button type="submit" className="button button-primary button-block" disabled={busy}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
      <p>
        <Link to="/restablecer">{t('account:links.forgot')}</Link>
      </p>
      <p className="hint">{t('login.noAccount')}</p>
      <p>
        <Link to="/registro">{t('account:links.signUp')}</Link>
      </p>
    </div>
  );
}
