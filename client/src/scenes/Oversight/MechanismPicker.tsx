/**
 * Which mechanism the oversight screens show, for an officer an admin granted other mechanisms. It
 * renders nothing for an officer who oversees only their own, so their screens do not change.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { OverseenMechanismsDto } from '../../../../shared/types/oversight';
import { useApiQuery } from '../../hooks/useApiQuery';

/** The selector; `value` is the slug in the address (none = own), `onChange` gets '' for the own one. */
export function MechanismPicker({ value, onChange }: { value: string | undefined; onChange: (slug: string) => void }) {
  const { t } = useTranslation(['oversight']);
  const id = useId();
  const list = useApiQuery<OverseenMechanismsDto>('/api/oversight/mechanisms');
  const mechanisms = list.data?.mechanisms ?? [];
  if (mechanisms.length < 2) return null;
  const own = mechanisms.find((m) => m.own);
  return (
    <div className="field mechanism-picker no-print">
      <label htmlFor={`${id}-mechanism`}>{t('mechanism.label')}</label>
      <select
        id={`${id}-mechanism`}
        value={value ?? own?.slug ?? ''}
        aria-describedby={`${id}-mechanism-hint`}
        // The own mechanism is the address without `mechanism`, as bookmarks made before a grant have it.
        onChange={(event) => onChange(event.target.value === own?.slug ? '' : event.target.value)}
      >
        {mechanisms.map((m) => (
          <option key={m.slug} value={m.slug}>
            {m.own ? t('mechanism.own', { name: m.name }) : m.name}
          </option>
        ))}
      </select>
      <p className="hint" id={`${id}-mechanism-hint`}>
        {t('mechanism.hint')}
      </p>
    </div>
  );
}
