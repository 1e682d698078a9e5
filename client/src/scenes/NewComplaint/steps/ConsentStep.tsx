/** One of the intake form's later steps, downloaded after the first (laterSteps.ts). */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DataPolicyDto } from '../../../../../shared/types/intake';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { describedBy, FieldError } from '../../../components/Field';
import { Loading } from '../../../components/Loading';
import { ListenButton } from '../../../components/ListenButton';
import type { ApiQuery } from '../../../hooks/useApiQuery';
import { UI_NAMESPACES } from '../../../i18n';
import { type StepProps } from './stepParts';
import '../../../styles/intake.css';
import '../../../styles/screens.css';

/**
 * Step 9: the data policy (Ley 1581 de 2012): its short plain version first (readable and playable),
 * the full text one tap away, its version, and the consent box. In field mode the facilitator records
 * that the person heard it and said yes aloud.
 */
export function ConsentStep({ draft, update, errors, filer, clips, policy }: StepProps & { policy: ApiQuery<DataPolicyDto> }) {
  const { t, i18n } = useTranslation([...UI_NAMESPACES, 'offline']);
  const id = useId();
  const [showFull, setShowFull] = useState(false);
  if (!policy.data) {
    return policy.error ? <ErrorMessage message={policy.error.message} onRetry={() => void policy.reload()} busy={policy.loading} /> : <Loading />;
  }
  const data = policy.data;
  const published = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'long', timeZone: 'America/Bogota' }).format(new Date(data.publishedAt));
  // A policy kept on the phone by an older release has no plain version: the full text shows as before.
  const summary = data.summary ?? null;
  const full = (
    <div className="policy-text" tabIndex={0} role="region" aria-label={t('intakeUi:consent.policyLabel')} id={`${id}-full`}>
      {data.text.split(/\n\s*\n/).map((paragraph, index) => (
        <p key={index}>{paragraph}</p>
      ))}
    </div>
  );
  return (
    <>
      <p className="hint">{t('intakeUi:consent.version', { version: data.version, date: published })}</p>
      {summary ? (
        <>
          <section className="policy-summary" aria-labelledby={`${id}-summary`}>
            <h3 id={`${id}-summary`}>{t('intakeUi:consentPlain.title')}</h3>
            <p>{summary}</p>
            <ListenButton url={clips['consent.summary']} label={t('intakeUi:consentPlain.title')} />
          </section>
          <button type="button" className="link-button" aria-expanded={showFull} aria-controls={`${id}-full`} onClick={() => setShowFull((v) => !v)}>
            {showFull ? t('intakeUi:consentPlain.hideFull') : t('intakeUi:consentPlain.showFull')}
          </button>
          {showFull && full}
        </>
      ) : (
        full
      )}
      <div className="field">
        <label className={`choice-card${draft.consentAccepted ? ' choice-card-checked' : ''}`}>
          <input
            id={`${id}-consent`}
            type="checkbox"
            checked={draft.consentAccepted && draft.consentVersion === data.version}
            aria-describedby={describedBy(`${id}-consent`, undefined, errors['consent.accepted'] ?? errors['consent.policyVersion'] ?? errors.consent)}
            aria-invalid={errors['consent.accepted'] || errors['consent.policyVersion'] ? true : undefined}
            onChange={(event) => update({ consentAccepted: event.target.checked, consentVersion: data.version })}
          />
          <span className="choice-body">{t('intakeUi:consent.accept', { version: data.version })}</span>
        </label>
        <FieldError id={`${id}-consent`} message={errors['consent.accepted'] ?? errors['consent.policyVersion'] ?? errors.consent} />
      </div>
      {filer.fieldMode && (
        <div className="field">
          <label className={`choice-card${draft.consentSpoken ? ' choice-card-checked' : ''}`}>
            <input type="checkbox" checked={draft.consentSpoken} onChange={(event) => update({ consentSpoken: event.target.checked })} />
            <span className="choice-body">
              {t('intakeUi:consentPlain.spoken')}
              <span className="choice-hint">{t('intakeUi:consentPlain.spokenHint')}</span>
            </span>
          </label>
          <FieldError id={`${id}-consent-how`} message={errors['consent.how']} />
        </div>
      )}
    </>
  );
}
