/** One of the intake form's later steps, downloaded after the first (laterSteps.ts). */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { CONTACT_PREFERENCES, IDENTITY_MODES, INTAKE_LIMITS } from '../../../../../shared/validation/intakeChoices';
import { Field } from '../../../components/Field';
import { UI_NAMESPACES } from '../../../i18n';
import { type StepProps, Choices, RadioCard } from './stepParts';
import '../../../styles/intake.css';

/** Step 7: who may know the person's name, their details unless anonymous, and how to reach them. */
export function IdentityStep({ draft, update, errors, filer, clips }: StepProps) {
  const { t } = useTranslation(UI_NAMESPACES);
  const id = useId();
  const preferences = CONTACT_PREFERENCES.filter((p) => p !== 'facilitator' || filer.isFacilitator);
  return (
    <>
      <Choices id={`${id}-mode`} legend={t('intakeUi:identity.question')} error={errors.identityMode ?? errors.identity}>
        {IDENTITY_MODES.map((mode) => (
          <RadioCard
            key={mode}
            name={`${id}-mode`}
            value={mode}
            checked={draft.identityMode === mode}
            onChange={() => update({ identityMode: mode, contactPreference: mode === 'anonymous' ? 'none' : draft.contactPreference })}
            listen={{ url: clips[`identity.${mode}`], label: t(`domain:identityMode.${mode}`) }}
          >
            <strong>{t(`domain:identityMode.${mode}`)}</strong>
            <span className="choice-hint">{t(`intakeUi:identity.explain.${mode}`)}</span>
          </RadioCard>
        ))}
      </Choices>
      {draft.identityMode === 'anonymous' && <p className="callout">{t('intakeUi:identity.anonymousNote')}</p>}
      {(draft.identityMode === 'named' || draft.identityMode === 'confidential') && (
        <>
          <p className="hint">{t(`intakeUi:identity.whoSees.${draft.identityMode}`)}</p>
          <Field
            id={`${id}-name`}
            label={filer.isFacilitator ? t('intakeUi:identity.nameOfPerson') : t('intakeUi:identity.name')}
            error={errors['identity.name']}
          >
            {(control) => (
              <input
                {...control}
                type="text"
                autoComplete="name"
                maxLength={INTAKE_LIMITS.nameMax}
                value={draft.name}
                onChange={(event) => update({ name: event.target.value })}
              />
            )}
          </Field>
          <Field id={`${id}-doc`} label={t('intakeUi:identity.documentId')} hint={t('intakeUi:common.optional')} error={errors['identity.documentId']}>
            {(control) => (
              <input {...control} type="text" inputMode="numeric" value={draft.documentId} onChange={(event) => update({ documentId: event.target.value })} />
            )}
          </Field>
          <Field id={`${id}-phone`} label={t('intakeUi:identity.phone')} hint={t('intakeUi:identity.phoneHint')} error={errors['identity.phone']}>
            {(control) => <input {...control} type="tel" autoComplete="tel" value={draft.phone} onChange={(event) => update({ phone: event.target.value })} />}
          </Field>
          <Field id={`${id}-email`} label={t('intakeUi:identity.email')} hint={t('intakeUi:common.optional')} error={errors['identity.email']}>
            {(control) => (
              <input {...control} type="email" autoComplete="email" value={draft.email} onChange={(event) => update({ email: event.target.value })} />
            )}
          </Field>
          <Choices id={`${id}-contact`} legend={t('intakeUi:identity.contact')} hint={t('intakeUi:identity.contactHint')} error={errors.contactPreference}>
            {preferences.map((preference) => (
              <RadioCard
                key={preference}
                name={`${id}-contact`}
                value={preference}
                checked={draft.contactPreference === preference}
                onChange={() => update({ contactPreference: preference })}
                listen={{ url: clips[`contact.${preference}`], label: t(`intake:contactPreference.${preference}`) }}
              >
                {t(`intake:contactPreference.${preference}`)}
              </RadioCard>
            ))}
          </Choices>
        </>
      )}
    </>
  );
}
