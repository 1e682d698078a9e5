/**
 * Field mode's switch on the intake form, for a facilitator or an ombudsman officer (docs/offline-intake.md).
 * Its own download, asked for once the session (or field mode remembered on the phone) says the person
 * receives petitions: a visitor's first screen does not carry it (docs/reach.md, the JS budget).
 */
import { useTranslation } from 'react-i18next';
import { useSession } from '../../hooks/useSession';
import { UI_NAMESPACES } from '../../i18n';
import { turnFieldModeOff, turnFieldModeOn } from '../../offline/fieldMode';
import type { Filer } from '../../offline/useFiler';

/** Field mode on or off, for a facilitator or an officer (turned on only with the session at hand). */
export function FieldModePanel({ filer }: { filer: Filer }) {
  const { t } = useTranslation([...UI_NAMESPACES, 'offline']);
  const { user } = useSession();
  return (
    <section className="field-mode no-print" aria-labelledby="field-mode-title">
      <h2 id="field-mode-title">{t('offline:field.title')}</h2>
      <p className="hint">{t('offline:field.intro')}</p>
      <label className={`choice-card${filer.fieldMode ? ' choice-card-checked' : ''}`}>
        <input
          type="checkbox"
          checked={filer.fieldMode}
          disabled={!user && !filer.fieldMode}
          onChange={(event) => {
            if (event.target.checked && user) turnFieldModeOn(user);
            else turnFieldModeOff();
          }}
        />
        <span className="choice-body">{t('offline:field.toggle')}</span>
      </label>
      {filer.fieldMode && filer.user && <p>{t('offline:field.active', { name: filer.user.displayName })}</p>}
      {filer.offline && <p className="hint">{t('offline:field.offline')}</p>}
    </section>
  );
}
