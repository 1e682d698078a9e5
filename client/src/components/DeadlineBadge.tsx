/**
 * The countdown of a case's most urgent deadline ("Quedan 3 días hábiles", "Vence hoy", "Vencido hace
 * 2 días hábiles"), worded by the shared formatter so it reads as the server would say it. Words carry
 * the meaning; the colour only supports them.
 */
import { useTranslation } from 'react-i18next';
import { formatCountdown, formatDeadlineLabel, type Translate } from '../../../shared/deadlineText';
import type { DeadlineBadgeDto } from '../../../shared/types/deadlines';
import '../styles/cases.css';

function tone(deadline: DeadlineBadgeDto): 'paused' | 'overdue' | 'soon' | 'running' {
  if (deadline.paused) return 'paused';
  if (deadline.businessDaysLeft < 0) return 'overdue';
  return deadline.businessDaysLeft <= 1 ? 'soon' : 'running';
}

/** A deadline badge with the stage, the countdown and, for screen readers, who must act. */
export function DeadlineBadge({ deadline }: { deadline: DeadlineBadgeDto }) {
  const { t } = useTranslation(['deadlines']);
  // The shared formatter builds keys at run time; the typed t only accepts literal keys.
  const translate = t as unknown as Translate;
  const label = formatDeadlineLabel(translate, deadline);
  return (
    <p className={`deadline deadline-${tone(deadline)}`} title={label}>
      <span className="visually-hidden">{label}</span>
      <span aria-hidden="true">
        <span className="deadline-stage">{translate(`deadlines:stage.${deadline.stage}`)}</span> <strong>{formatCountdown(translate, deadline)}</strong>
      </span>
    </p>
  );
}
