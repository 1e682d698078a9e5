/** A case status in words (never colour alone), with its plain-language explanation. */
import { useTranslation } from 'react-i18next';
import { isOpenStatus, type CaseStatus } from '../../../shared/caseLifecycle';
import { UI_NAMESPACES } from '../i18n';
import '../styles/cases.css';

/** The status label; `explain` also prints what the status means, for people new to the process. */
export function StatusBadge({ status, explain = false }: { status: CaseStatus; explain?: boolean }) {
  const { t } = useTranslation(UI_NAMESPACES);
  const explanation = t(`domain:statusExplained.${status}`);
  return (
    <span className="status">
      <span className={`badge badge-${isOpenStatus(status) ? 'open' : 'final'} badge-${status}`} title={explanation}>
        <span className="visually-hidden">{t('cases.statusLabel')} </span>
        {t(`domain:status.${status}`)}
      </span>
      {explain && <span className="status-explained">{explanation}</span>}
    </span>
  );
}
