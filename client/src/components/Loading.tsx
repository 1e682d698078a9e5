/** A polite "loading" line, read out by screen readers without interrupting. */
import { useTranslation } from 'react-i18next';
import { UI_NAMESPACES } from '../i18n';

/** Shows that something is on its way; `label` overrides the generic text. */
export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation(UI_NAMESPACES);
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" /> {label ?? t('common.loading')}
    </p>
  );
}
