/** One of the intake form's later steps, downloaded after the first (laterSteps.ts). */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { AGE_BANDS, DISABILITY_ANSWERS, ETHNIC_GROUPS, GENDERS } from '../../../../../shared/validation/intakeChoices';
import { Field } from '../../../components/Field';
import { UI_NAMESPACES } from '../../../i18n';
import { type ComplaintDraft } from '../draft';
import { type StepProps, Choices } from './stepParts';

/** Step 8: optional equity questions; never shown to the company. */
export function EquityStep({ draft, update, errors }: StepProps) {
  const { t } = useTranslation(UI_NAMESPACES);
  const id = useId();
  return (
    <>
      <p className="callout">{t('intakeUi:equity.intro')}</p>
      <Field id={`${id}-ethnic`} label={t('intakeUi:equity.ethnicGroup')} hint={t('intakeUi:common.optional')} error={errors['equity.ethnicGroup']}>
        {(control) => (
          <select {...control} value={draft.ethnicGroup} onChange={(event) => update({ ethnicGroup: event.target.value as ComplaintDraft['ethnicGroup'] })}>
            <option value="">{t('intakeUi:equity.noAnswer')}</option>
            {ETHNIC_GROUPS.map((v) => (
              <option key={v} value={v}>
                {t(`intake:ethnicGroup.${v}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${id}-gender`} label={t('intakeUi:equity.gender')} hint={t('intakeUi:common.optional')} error={errors['equity.gender']}>
        {(control) => (
          <select {...control} value={draft.gender} onChange={(event) => update({ gender: event.target.value as ComplaintDraft['gender'] })}>
            <option value="">{t('intakeUi:equity.noAnswer')}</option>
            {GENDERS.map((v) => (
              <option key={v} value={v}>
                {t(`intake:gender.${v}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${id}-age`} label={t('intakeUi:equity.ageBand')} hint={t('intakeUi:common.optional')} error={errors['equity.ageBand']}>
        {(control) => (
          <select {...control} value={draft.ageBand} onChange={(event) => update({ ageBand: event.target.value as ComplaintDraft['ageBand'] })}>
            <option value="">{t('intakeUi:equity.noAnswer')}</option>
            {AGE_BANDS.map((v) => (
              <option key={v} value={v}>
                {t(`intake:ageBand.${v}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${id}-disability`} label={t('intakeUi:equity.disability')} hint={t('intakeUi:common.optional')} error={errors['equity.disability']}>
        {(control) => (
          <select {...control} value={draft.disability} onChange={(event) => update({ disability: event.target.value as ComplaintDraft['disability'] })}>
            <option value="">{t('intakeUi:equity.noAnswer')}</option>
            {DISABILITY_ANSWERS.map((v) => (
              <option key={v} value={v}>
                {t(`intake:disability.${v}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Choices id={`${id}-sensitive`} legend={t('intakeUi:equity.consentLegend')} hint={t('intakeUi:equity.consentHint')} error={errors['equity.consent']}>
        <label className={`choice-card${draft.sensitiveConsent ? ' choice-card-checked' : ''}`}>
          <input type="checkbox" checked={draft.sensitiveConsent === true} onChange={(event) => update({ sensitiveConsent: event.target.checked })} />
          <span className="choice-body">{t('intakeUi:equity.consent')}</span>
        </label>
      </Choices>
    </>
  );
}
