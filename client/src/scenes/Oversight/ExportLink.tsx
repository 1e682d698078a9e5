/** Downloads the filtered list as CSV; names only when the ombudsman ticks the box (each one is logged). */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import '../../styles/desk.css';
import '../../styles/screens.css';

/** The export box for the filters in `query`. */
export function ExportLink({ query }: { query: string }) {
  const { t } = useTranslation(['oversight']);
  const id = useId();
  const [withNames, setWithNames] = useState(false);
  const params = new URLSearchParams(query);
  if (withNames) params.set('includeIdentities', 'true');
  const href = `/api/oversight/export.csv${params.toString() ? `?${params.toString()}` : ''}`;
  return (
    <section className="callout export-box no-print" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('export.title')}</h2>
      <p className="checkbox-row">
        <input id={`${id}-names`} type="checkbox" checked={withNames} onChange={(e) => setWithNames(e.target.checked)} aria-describedby={`${id}-hint`} />{' '}
        <label htmlFor={`${id}-names`}>{t('export.includeIdentities')}</label>
      </p>
      <p className="hint" id={`${id}-hint`}>
        {t('export.includeIdentitiesHint')}
      </p>
      <a className="button button-secondary" href={href} download>
        {t('export.csv')}
      </a>
    </section>
  );
}
