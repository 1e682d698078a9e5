/** Any client address that is not a screen. */
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { usePageTitle } from '../../hooks/usePageTitle';
import { UI_NAMESPACES } from '../../i18n';

/** `*` */
export function NotFound() {
  const { t } = useTranslation(UI_NAMESPACES);
  usePageTitle(t('notFound.title'));
  return (
    <div className="narrow stack">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <Link className="button button-primary" to="/">
        {t('notFound.home')}
      </Link>
    </div>
  );
}
