/** One of the intake form's later steps, downloaded after the first (laterSteps.ts). */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { GROUP_KINDS, INTAKE_LIMITS, ON_BEHALF_CONSENT_KINDS, REPRISAL_RISK_LEVELS } from '../../../../../shared/validation/intakeChoices';
import { Field, FieldError } from '../../../components/Field';
import { UI_NAMESPACES } from '../../../i18n';
import { type ComplaintDraft } from '../draft';
import { type StepProps, Choices, RadioCard } from './stepParts';
import '../../../styles/intake.css';

/**
 * Step 6: for whom — the person, or a group (collective complaint); facilitators (and officers in field
 * mode) record consent and how it was given; a thumbprint is photographed and goes with the files.
 */
export function WhoStep({
  draft,
  update,
  errors,
  filer,
  clips,
  thumbprint = null,
  onThumbprint,
}: StepProps & { thumbprint?: string | null; onThumbprint?: (photo: File) => void }) {
  const { t } = useTranslation([...UI_NAMESPACES, 'offline']);
  const id = useId();
  return (
    <>
      <Choices id={`${id}-collective`} legend={t('intakeUi:who.question')} error={errors.collective}>
        <RadioCard
          name={`${id}-collective`}
          value="person"
          checked={draft.collective === false}
          onChange={() => update({ collective: false })}
          listen={{ url: clips['who.person'], label: t('intakeUi:who.person') }}
        >
          <strong>{filer.isFacilitator ? t('intakeUi:who.personOnBehalf') : t('intakeUi:who.person')}</strong>
        </RadioCard>
        <RadioCard
          name={`${id}-collective`}
          value="group"
          checked={draft.collective === true}
          onChange={() => update({ collective: true })}
          listen={{ url: clips['who.group'], label: t('intakeUi:who.group') }}
        >
          <strong>{t('intakeUi:who.group')}</strong>
          <span className="choice-hint">{t('intakeUi:who.groupHint')}</span>
        </RadioCard>
      </Choices>
      {draft.collective && (
        <>
          <Field id={`${id}-group-name`} label={t('intakeUi:who.groupName')} error={errors['collective.groupName'] ?? errors.collective}>
            {(control) => (
              <input
                {...control}
                type="text"
                maxLength={INTAKE_LIMITS.groupNameMax}
                value={draft.groupName}
                onChange={(event) => update({ groupName: event.target.value })}
              />
            )}
          </Field>
          <Field id={`${id}-group-kind`} label={t('intakeUi:who.groupKind')} error={errors['collective.groupKind']}>
            {(control) => (
              <select {...control} value={draft.groupKind} onChange={(event) => update({ groupKind: event.target.value as ComplaintDraft['groupKind'] })}>
                <option value="">{t('intakeUi:common.choose')}</option>
                {GROUP_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`intake:groupKind.${kind}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id={`${id}-group-size`} label={t('intakeUi:who.groupSize')} hint={t('intakeUi:who.groupSizeHint')} error={errors['collective.groupSize']}>
            {(control) => (
              <input
                {...control}
                type="number"
                inputMode="numeric"
                min={INTAKE_LIMITS.groupSizeMin}
                max={INTAKE_LIMITS.groupSizeMax}
                step={1}
                value={draft.groupSize}
                onChange={(event) => update({ groupSize: event.target.value })}
              />
            )}
          </Field>
        </>
      )}
      {filer.isFacilitator && (
        <Choices
          id={`${id}-behalf`}
          legend={t('intakeUi:who.onBehalfTitle')}
          hint={t('intakeUi:who.onBehalfHint')}
          error={errors['onBehalf.personConsented'] ?? errors.onBehalf}
        >
          <label className="choice-card">
            <input type="checkbox" checked={draft.onBehalfConsented} onChange={(event) => update({ onBehalfConsented: event.target.checked })} />
            <span className="choice-body">{t('intakeUi:who.onBehalfConsent')}</span>
          </label>
          <p className="label-like">{t('intakeUi:who.onBehalfHow')}</p>
          {ON_BEHALF_CONSENT_KINDS.map((how) => (
            <RadioCard key={how} name={`${id}-behalf-how`} value={how} checked={draft.onBehalfHow === how} onChange={() => update({ onBehalfHow: how })}>
              {t(`intake:onBehalfHow.${how}`)}
            </RadioCard>
          ))}
          {draft.onBehalfHow === 'thumbprint' && onThumbprint && (
            <div className="field">
              <label className="button button-secondary file-button">
                <span aria-hidden="true">📷 </span>
                {t('offline:field.thumbprint')}
                <input
                  className="visually-hidden"
                  type="file"
                  accept="image/*"
                  capture="environment"
                  onChange={(event) => {
                    const photo = event.target.files?.[0];
                    if (photo) onThumbprint(photo);
                    event.target.value = '';
                  }}
                />
              </label>
              {thumbprint && <p className="hint">{t('offline:field.thumbprintTaken', { name: thumbprint })}</p>}
            </div>
          )}
          <FieldError id={`${id}-behalf-how`} message={errors['onBehalf.how']} />
        </Choices>
      )}
      {filer.fieldMode && (
        // The reprisal-risk protocol's first assessment, by whoever hears the person (issue #15 §5); optional.
        <Field id={`${id}-risk`} label={t('offline:field.risk')} hint={t('offline:field.riskHint')} error={errors['fieldInterview.reprisalRisk']}>
          {(control) => (
            <select
              {...control}
              value={draft.fieldReprisalRisk ?? ''}
              onChange={(event) => update({ fieldReprisalRisk: event.target.value as ComplaintDraft['fieldReprisalRisk'] })}
            >
              <option value="">{t('offline:field.riskUnknown')}</option>
              {REPRISAL_RISK_LEVELS.map((level) => (
                <option key={level} value={level}>
                  {t(`offline:field.riskLevel.${level}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
    </>
  );
}
