/** The last step: every answer listed, each with "Cambiar" back to the step that asked it. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MechanismDto } from '../../../../shared/types/api';
import { CategoryIcon } from '../../components/CategoryIcon';
import { calendarDate } from '../../forms/format';
import { UI_NAMESPACES } from '../../i18n';
import type { PendingFile } from '../../components/AttachmentPicker';
import type { ComplaintDraft, FilerContext, Step } from './draft';
import '../../styles/intake.css';
import '../../styles/screens.css';

/** Every answer of `draft`; `onChange(step)` goes back to a step. */
export function Review({
  draft,
  files,
  mechanism,
  filer,
  onChange,
}: {
  draft: ComplaintDraft;
  files: PendingFile[];
  mechanism: MechanismDto;
  filer: FilerContext;
  onChange: (step: Step) => void;
}) {
  const { t, i18n } = useTranslation(UI_NAMESPACES);
  const none = t('intakeUi:review.notGiven');
  const municipality = mechanism.municipalities.find((m) => m.id === draft.municipalityId);
  const vereda = municipality?.veredas.find((v) => v.id === draft.veredaId);
  const company = draft.company === 'unknown' ? t('intakeUi:company.unknown') : mechanism.companies.find((c) => c.id === draft.company)?.name;
  const categories = mechanism.categories.filter((c) => draft.categoryCodes.includes(c.code));
  const equity = [
    draft.ethnicGroup && t(`intake:ethnicGroup.${draft.ethnicGroup}`),
    draft.gender && t(`intake:gender.${draft.gender}`),
    draft.ageBand && t(`intake:ageBand.${draft.ageBand}`),
    draft.disability && `${t('intakeUi:equity.disability')}: ${t(`intake:disability.${draft.disability}`)}`,
  ].filter(Boolean);

  const section = (step: Step, content: ReactNode) => (
    <div className="review-item" key={step}>
      <dt>{t(`intakeUi:steps.${step}.title`)}</dt>
      <dd>
        {content}
        <button type="button" className="link-button" onClick={() => onChange(step)}>
          {t('intakeUi:review.change')}
          <span className="visually-hidden">: {t(`intakeUi:steps.${step}.title`)}</span>
        </button>
      </dd>
    </div>
  );

  return (
    <dl className="review">
      {section(
        'what',
        <>
          {draft.voiceNoteKey && (
            <p className="marker" data-testid="review-voice-account">
              <span aria-hidden="true">🎤 </span>
              {t('intakeUi:spokenAccount.label')}
            </p>
          )}
          {(draft.whatHappened.trim() || !draft.voiceNoteKey) && <p className="quoted">{draft.whatHappened}</p>}
          <p>
            <strong>{t('intakeUi:what.hopedOutcome')}:</strong> {draft.hopedOutcome || none}
          </p>
          <p>
            <strong>{t('intakeUi:what.occurredOn')}:</strong> {draft.occurredOn ? calendarDate(draft.occurredOn, i18n.language) : none}
          </p>
        </>,
      )}
      {section(
        'evidence',
        files.length > 0 ? (
          <ul>
            {files.map((f) => (
              <li key={f.key}>{f.file.name}</li>
            ))}
          </ul>
        ) : (
          <p>{t('intakeUi:review.noFiles')}</p>
        ),
      )}
      {section(
        'where',
        <>
          <p>{[municipality?.name, vereda?.name, draft.placeDetail.trim()].filter(Boolean).join(' · ') || none}</p>
          {draft.latitude !== null && draft.longitude !== null && (
            <p>{t('intakeUi:where.coordinates', { latitude: draft.latitude, longitude: draft.longitude })}</p>
          )}
        </>,
      )}
      {section('company', <p>{company ?? none}</p>)}
      {section(
        'categories',
        <ul className="inline-list">
          {categories.map((c) => (
            <li key={c.code}>
              <CategoryIcon icon={c.icon} /> {c.name}
            </li>
          ))}
        </ul>,
      )}
      {section(
        'who',
        <>
          <p>
            {draft.collective
              ? t('intakeUi:review.collective', {
                  name: draft.groupName,
                  kind: draft.groupKind ? t(`intake:groupKind.${draft.groupKind}`) : '',
                  count: Number(draft.groupSize) || 0,
                })
              : filer.isFacilitator
                ? t('intakeUi:who.personOnBehalf')
                : t('intakeUi:who.person')}
          </p>
          {filer.isFacilitator && (
            <p>
              {draft.onBehalfConsented
                ? t('intakeUi:review.consentRecorded', { how: draft.onBehalfHow ? t(`intake:onBehalfHow.${draft.onBehalfHow}`) : '' })
                : none}
            </p>
          )}
        </>,
      )}
      {section(
        'identity',
        <>
          <p>
            <strong>{draft.identityMode ? t(`domain:identityMode.${draft.identityMode}`) : none}</strong>
            {draft.identityMode && ` — ${t(`intakeUi:identity.explain.${draft.identityMode}`)}`}
          </p>
          {draft.identityMode !== 'anonymous' && draft.identityMode !== '' && (
            <>
              <p>{[draft.name, draft.documentId, draft.phone, draft.email].filter((v) => v.trim()).join(' · ')}</p>
              <p>
                <strong>{t('intakeUi:identity.contact')}:</strong> {draft.contactPreference ? t(`intake:contactPreference.${draft.contactPreference}`) : none}
              </p>
            </>
          )}
        </>,
      )}
      {section('equity', <p>{equity.length > 0 ? equity.join(' · ') : t('intakeUi:review.equityNone')}</p>)}
      {section('consent', <p>{draft.consentAccepted ? t('intakeUi:review.consentGiven', { version: draft.consentVersion }) : none}</p>)}
    </dl>
  );
}
