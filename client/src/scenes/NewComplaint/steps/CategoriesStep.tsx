/** One of the intake form's later steps, downloaded after the first (laterSteps.ts). */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { MechanismDto } from '../../../../../shared/types/api';
import { INTAKE_LIMITS } from '../../../../../shared/validation/intakeChoices';
import { CategoryIcon } from '../../../components/CategoryIcon';
import { ListenButton } from '../../../components/ListenButton';
import { UI_NAMESPACES } from '../../../i18n';
import { type StepProps, Choices } from './stepParts';
import '../../../styles/intake.css';

/** Step 5: the topics, as cards with the category's pictogram and its plain description. */
export function CategoriesStep({ draft, update, errors, mechanism, clips }: StepProps & { mechanism: MechanismDto }) {
  const { t } = useTranslation(UI_NAMESPACES);
  const id = useId();
  function toggle(code: string) {
    const has = draft.categoryCodes.includes(code);
    update({ categoryCodes: has ? draft.categoryCodes.filter((c) => c !== code) : [...draft.categoryCodes, code] });
  }
  return (
    <Choices
      id={`${id}-categories`}
      legend={t('intakeUi:categories.question')}
      hint={t('intakeUi:categories.hint', { count: INTAKE_LIMITS.categoriesMax })}
      error={errors.categoryCodes}
    >
      <div className="choice-grid">
        {mechanism.categories.map((category) => {
          const checked = draft.categoryCodes.includes(category.code);
          return (
            <div key={category.code} className="choice-with-listen">
              <label className={`choice-card${checked ? ' choice-card-checked' : ''}`}>
                <input type="checkbox" value={category.code} checked={checked} onChange={() => toggle(category.code)} />
                <CategoryIcon icon={category.icon} />
                <span className="choice-body">
                  <strong>{category.name}</strong>
                  {category.description && <span className="choice-hint">{category.description}</span>}
                </span>
              </label>
              <ListenButton url={clips[`category.${category.code}`]} label={category.name} small />
            </div>
          );
        })}
      </div>
    </Choices>
  );
}
