/** An error announced to screen readers at once, with an optional retry for failed loads. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { UI_NAMESPACES } from '../i18n';

/** An alert's first line: the warning sign (hidden from screen readers, which announce the alert) and `children`. */
export function AlertText({ children }: { children: ReactNode }) {
  return (
    <p>
      <span className="alert-icon" aria-hidden="true">
        !
      </span>{' '}
      {children}
    </p>
  );
}

/** Shows `message` in an alert; with `onRetry`, a button to try again (weak signal is common). */
export function ErrorMessage({ message, onRetry, busy = false }: { message: string; onRetry?: () => void; busy?: boolean }) {
  const { t } = useTranslation(UI_NAMESPACES);
  return (
    <div className="alert alert-error" role="alert">
      <AlertText>{message}</AlertText>
      {onRetry && (
        <button type="button" className="button button-secondary" onClick={onRetry} disabled={busy}>
          {busy ? t('common.retrying') : t('common.retry')}
        </button>
      )}
    </div>
  );
}
