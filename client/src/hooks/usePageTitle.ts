/** Names the browser tab after the screen, so people (and screen readers) know where they are. */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { UI_NAMESPACES } from '../i18n';

/**
 * Sets `document.title` to "<title> · Puente" (or just the product name without a title); `null` leaves
 * it to a component inside that names the page more precisely (each step of the intake).
 */
export function usePageTitle(title: string | undefined | null): void {
  const { t } = useTranslation(UI_NAMESPACES);
  const product = t('brand.name');
  useEffect(() => {
    if (title === null) return;
    document.title = title ? `${title} · ${product}` : product;
  }, [title, product]);
}
