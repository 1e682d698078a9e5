/** One of the intake form's later steps, downloaded after the first (laterSteps.ts). */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { MechanismDto } from '../../../../../shared/types/api';
import { UI_NAMESPACES } from '../../../i18n';
import { type StepProps, Choices, RadioCard } from './stepParts';
import '../../../styles/intake.css';

/** Step 4: which company, or "No sé" (the ombudsman routes the case). */
export function CompanyStep({ draft, update, errors, mechanism, clips }: StepProps & { mechanism: MechanismDto }) {
  const { t } = useTranslation(UI_NAMESPACES);
  const id = useId();
  const name = `${id}-company`;
  return (
    <Choices id={name} legend={t('intakeUi:company.question')} hint={t('intakeUi:company.hint')} error={errors.companyId}>
      {mechanism.companies.map((company) => (
        <RadioCard key={company.id} name={name} value={company.id} checked={draft.company === company.id} onChange={() => update({ company: company.id })}>
          <strong>{company.name}</strong>
        </RadioCard>
      ))}
      <RadioCard
        name={name}
        value="unknown"
        checked={draft.company === 'unknown'}
        onChange={() => update({ company: 'unknown' })}
        listen={{ url: clips['company.unknown'], label: t('intakeUi:company.unknown') }}
      >
        <strong>{t('intakeUi:company.unknown')}</strong>
        <span className="choice-hint">{t('intakeUi:company.unknownHint')}</span>
      </RadioCard>
    </Choices>
  );
}
