/**
 * The review's list of problems. The fields in trouble are on other steps, so each line says which step
 * and takes the person there. Comes with the checks (./sendingParts.ts): only a check or a send finds problems.
 */
import { forwardRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldMessages } from '../../forms/fieldMessages';
import { UI_NAMESPACES } from '../../i18n';
import { stepOfField, type Step } from './draft';
import { AlertText } from '../../components/ErrorMessage';

/** The problems of `errors` (field → message), introduced by `intro`; `onChange` opens a field's step. */
export const ReviewProblems = forwardRef<HTMLDivElement, { errors: FieldMessages; intro: ReactNode; onChange: (step: Step) => void }>(function ReviewProblems(
  { errors, intro, onChange },
  ref,
) {
  const { t } = useTranslation(UI_NAMESPACES);
  return (
    <div className="alert alert-error" role="alert" tabIndex={-1} ref={ref}>
      <AlertText>{intro}</AlertText>
      <ul>
        {Object.entries(errors).map(([field, message]) => (
          <li key={field}>
            {t(`intakeUi:steps.${stepOfField(field)}.title`)}: {message}{' '}
            <button type="button" className="link-button" onClick={() => onChange(stepOfField(field))}>
              {t('intakeUi:review.change')}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
});
