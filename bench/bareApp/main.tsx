/**
 * The yardstick of bench/budgets.ts: the smallest honest React 19 + react-i18next app with a form —
 * one screen, its texts bundled (no router, no validation, no API). Built by the bench into a temp folder.
 */
import i18n from 'i18next';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initReactI18next, useTranslation } from 'react-i18next';

void i18n.use(initReactI18next).init({
  lng: 'es',
  fallbackLng: 'es',
  initAsync: false,
  interpolation: { escapeValue: false },
  resources: {
    es: { translation: { title: 'Presentar una queja', step: 'Paso 1 de 10', what: 'Cuente lo que pasó', next: 'Siguiente' } },
    en: { translation: { title: 'File a complaint', step: 'Step 1 of 10', what: 'Tell what happened', next: 'Next' } },
  },
});

function App() {
  const { t } = useTranslation();
  return (
    <main>
      <h1>{t('title')}</h1>
      <p>{t('step')}</p>
      <form onSubmit={(event) => event.preventDefault()}>
        <label htmlFor="what">{t('what')}</label>
        <textarea id="what" rows={6} />
        <button type="submit">{t('next')}</button>
      </form>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
