/** One of the intake form's later steps, downloaded after the first (laterSteps.ts). */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MechanismDto } from '../../../../../shared/types/api';
import { INTAKE_LIMITS } from '../../../../../shared/validation/intakeChoices';
import { Field } from '../../../components/Field';
import { UI_NAMESPACES } from '../../../i18n';
import { type StepProps } from './stepParts';
import '../../../styles/intake.css';

type LocationState = { kind: 'idle' } | { kind: 'locating' } | { kind: 'failed'; reason: 'denied' | 'unavailable' | 'unsupported' };

/** Step 3: municipality, vereda or corregimiento, a free detail and an optional point from the phone. */
export function WhereStep({ draft, update, errors, mechanism }: StepProps & { mechanism: MechanismDto }) {
  const { t, i18n } = useTranslation(UI_NAMESPACES);
  const id = useId();
  const [location, setLocation] = useState<LocationState>({ kind: 'idle' });
  const municipality = mechanism.municipalities.find((m) => m.id === draft.municipalityId);
  const coordinate = new Intl.NumberFormat(i18n.language, { minimumFractionDigits: 5, maximumFractionDigits: 5 });

  function locate() {
    if (!('geolocation' in navigator)) {
      setLocation({ kind: 'failed', reason: 'unsupported' });
      return;
    }
    setLocation({ kind: 'locating' });
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocation({ kind: 'idle' });
        // Five decimals is about a metre: enough to find the place, no false precision.
        const round = (value: number) => Math.round(value * 1e5) / 1e5;
        update({ latitude: round(position.coords.latitude), longitude: round(position.coords.longitude) });
      },
      (error) => setLocation({ kind: 'failed', reason: error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable' }),
      { enableHighAccuracy: true, timeout: 30_000, maximumAge: 60_000 },
    );
  }

  const pointError = errors.latitude ?? errors.longitude;
  return (
    <>
      <Field id={`${id}-municipality`} label={t('intakeUi:where.municipality')} error={errors.municipalityId}>
        {(control) => (
          <select {...control} value={draft.municipalityId} onChange={(event) => update({ municipalityId: event.target.value, veredaId: '' })}>
            <option value="">{t('intakeUi:where.chooseMunicipality')}</option>
            {mechanism.municipalities.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      {municipality && municipality.veredas.length > 0 && (
        <Field id={`${id}-vereda`} label={t('intakeUi:where.vereda')} hint={t('intakeUi:where.veredaHint')} error={errors.veredaId}>
          {(control) => (
            <select {...control} value={draft.veredaId} onChange={(event) => update({ veredaId: event.target.value })}>
              <option value="">{t('intakeUi:where.noVereda')}</option>
              {municipality.veredas.map((v) => (
                <option key={v.id} value={v.id}>
                  {t(`intakeUi:where.placeKind.${v.kind}`, { name: v.name })}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field id={`${id}-detail`} label={t('intakeUi:where.detail')} hint={t('intakeUi:where.detailHint')} error={errors.placeDetail}>
        {(control) => (
          <input
            {...control}
            type="text"
            maxLength={INTAKE_LIMITS.placeDetailMax}
            value={draft.placeDetail}
            onChange={(event) => update({ placeDetail: event.target.value })}
          />
        )}
      </Field>
      <div className="field">
        <p className="label-like">{t('intakeUi:where.point')}</p>
        <p className="hint" id={`${id}-point-hint`}>
          {t('intakeUi:where.pointHint')}
        </p>
        {draft.latitude !== null && draft.longitude !== null ? (
          <div className="button-row">
            <p className="coordinates" data-testid="coordinates">
              {t('intakeUi:where.coordinates', { latitude: coordinate.format(draft.latitude), longitude: coordinate.format(draft.longitude) })}
            </p>
            <button type="button" className="button button-secondary button-small" onClick={() => update({ latitude: null, longitude: null })}>
              {t('intakeUi:where.removePoint')}
            </button>
          </div>
        ) : (
          <button
            type="button"
            className="button button-secondary"
            onClick={locate}
            disabled={location.kind === 'locating'}
            aria-describedby={`${id}-point-hint`}
          >
            <span aria-hidden="true">📍 </span>
            {location.kind === 'locating' ? t('intakeUi:where.locating') : t('intakeUi:where.useLocation')}
          </button>
        )}
        {location.kind === 'failed' && (
          <p className="field-error" role="alert">
            {t(`intakeUi:where.locationError.${location.reason}`)}
          </p>
        )}
        {pointError && <p className="field-error">{pointError}</p>}
      </div>
    </>
  );
}
