/**
 * One case as the reader may see it (the server already removed what they may not): status in plain
 * words, the facts, the history in Bogota time with who acted as a role, and the attachments.
 * Shared by the tracking page and the case detail of logged-in people.
 */
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarChangeDto, CaseDetailDto, CaseHistoryEntryDto, VerbalPetitionDto } from '../../../../shared/types/intake';
import { caseEventLabel } from '../../../../shared/caseEvents';
import type { Translate } from '../../../../shared/deadlineText';
import { CategoryIcon } from '../../components/CategoryIcon';
import { StatusBadge } from '../../components/StatusBadge';
import { bogotaDateTime, calendarDate, formatBytes } from '../../forms/format';
import { UI_NAMESPACES } from '../../i18n';
import { InterpreterNote } from '../../languages/InterpreterNote';
import '../../styles/cases.css';
import '../../styles/screens.css';

function useHistoryLabel() {
  const { t } = useTranslation(UI_NAMESPACES);
  // Every kind the server writes is named in shared/caseEvents.ts, never shown raw.
  return (entry: CaseHistoryEntryDto): string => caseEventLabel(t as Translate, entry.kind);
}

/** The record of a verbal petition received in the field (Decreto 1166 de 2016), as the history shows it. */
function VerbalPetitionRecord({ record }: { record: VerbalPetitionDto }) {
  const { t, i18n } = useTranslation([...UI_NAMESPACES, 'offline']);
  const rows: [string, string][] = [
    [t('offline:record.reference'), record.reference],
    [t('offline:record.receivedAt'), bogotaDateTime(record.receivedAt, i18n.language)],
    [t('offline:record.filedAt'), bogotaDateTime(record.filedAt, i18n.language)],
    [t('offline:record.receivedBy'), record.receivedBy],
    [t('offline:record.filedFor'), record.filedFor],
    [t('offline:record.subject'), record.subject],
    [t('offline:record.grounds'), record.groundsByVoice ? [record.grounds, t('intakeUi:spokenAccount.label')].filter(Boolean).join(' — ') : record.grounds],
    ...(record.hopedOutcome ? ([[t('offline:record.hopedOutcome'), record.hopedOutcome]] as [string, string][]) : []),
    [
      t('offline:record.files'),
      t('offline:record.filesValue', {
        declared: t('offline:record.filesDeclared', { count: record.declaredFiles }),
        photos: t('offline:record.filesPhotos', { count: record.receivedFiles.photo }),
        audios: t('offline:record.filesAudios', { count: record.receivedFiles.audio }),
        documents: t('offline:record.filesDocuments', { count: record.receivedFiles.document }),
      }),
    ],
    [t('offline:record.consent'), t(`intake:onBehalfHow.${record.consentHow}`)],
    [t('intakeUi:consentPlain.recordLabel'), record.policyConsent === 'spoken' ? t('intakeUi:consentPlain.spokenValue') : t('intakeUi:consentPlain.read')],
  ];
  return (
    <div className="verbal-record">
      <p>
        <strong>{t('offline:record.title')}</strong>
      </p>
      <dl className="facts">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p>{t('offline:record.verbal')}</p>
    </div>
  );
}

/** What a calendar change did to the case's deadlines: the day, then each deadline's old and new date. */
function CalendarChange({ change }: { change: CalendarChangeDto }) {
  const { t, i18n } = useTranslation(UI_NAMESPACES);
  const date = calendarDate(change.date, i18n.language);
  const what = change.undone ? `undone_${change.kind}` : `${change.scope}_${change.kind}`;
  return (
    <>
      <p>{t(`deadlinesUi:history.${what}` as 'deadlinesUi:history.national_added', { date })}</p>
      <ul className="plain-list">
        {change.deadlines.map((d, i) => (
          <li key={i}>
            {t('deadlinesUi:history.moved', {
              stage: t(`deadlines:stage.${d.stage}`),
              from: calendarDate(d.previousDueOn, i18n.language),
              to: calendarDate(d.dueOn, i18n.language),
            })}
          </li>
        ))}
        {change.informationRequest && (
          <li>
            {t('deadlinesUi:history.informationMoved', {
              from: calendarDate(change.informationRequest.previousLapsesOn, i18n.language),
              to: calendarDate(change.informationRequest.lapsesOn, i18n.language),
            })}
          </li>
        )}
      </ul>
    </>
  );
}

/**
 * A case page's heading: the reference (named as such for screen readers), then the polite live region
 * that reads out `announcement`. With `headingRef` the heading takes focus from script (the tracking page
 * moves focus to it when a case opens).
 */
export function CaseHeading({ reference, announcement, headingRef }: { reference: string; announcement: string; headingRef?: Ref<HTMLHeadingElement> }) {
  const { t } = useTranslation(UI_NAMESPACES);
  return (
    <>
      <h1 ref={headingRef} tabIndex={headingRef ? -1 : undefined}>
        <span className="visually-hidden">{t('cases.reference')} </span>
        <span className="case-reference-big">{reference}</span>
      </h1>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </>
  );
}

/** The case header, facts, history and attachments. */
export function CaseView({ detail }: { detail: CaseDetailDto }) {
  const { t, i18n } = useTranslation(UI_NAMESPACES);
  const historyLabel = useHistoryLabel();
  const complainant = detail.complainantName ?? (detail.identityMode === 'anonymous' ? t('domain:complainant.anonymous') : t('domain:complainant.reserved'));
  const place = [detail.municipality.name, detail.vereda?.name, detail.placeDetail].filter(Boolean).join(' · ');

  return (
    <>
      <section aria-labelledby="case-status-title" className="case-status">
        <h2 id="case-status-title">{t('intakeUi:case.statusTitle')}</h2>
        <StatusBadge status={detail.status} explain />
        {detail.redFlag && (
          <p className="marker marker-flag">
            <span aria-hidden="true">⚑ </span>
            {detail.redFlagReleased ? t('intakeUi:case.redFlagReleased') : t('intakeUi:case.redFlag')}
          </p>
        )}
        <InterpreterNote language={detail.interpreterLanguage} />
      </section>

      <section aria-labelledby="case-facts-title">
        <h2 id="case-facts-title">{t('intakeUi:case.factsTitle')}</h2>
        {detail.voiceAccount && (
          // Told in a voice note, not written: say so plainly and play it here, before anything else.
          <div className="voice-account" data-testid="voice-account">
            <p className="marker">
              <span aria-hidden="true">🎤 </span>
              <strong>{t('intakeUi:spokenAccount.label')}</strong>
            </p>
            <p className="hint">{t('intakeUi:spokenAccount.caseHint')}</p>
            {detail.voiceAccount.attachment ? (
              <audio controls preload="none" src={`/api/attachments/${detail.voiceAccount.attachment.id}`} aria-label={t('intakeUi:spokenAccount.label')}>
                {t('intakeUi:voice.noPlayer')}
              </audio>
            ) : (
              <p className="callout">{t('intakeUi:spokenAccount.missingFile')}</p>
            )}
          </div>
        )}
        {(detail.whatHappened || !detail.voiceAccount) && <p className="quoted">{detail.whatHappened}</p>}
        {detail.hopedOutcome && (
          <p>
            <strong>{t('intakeUi:what.hopedOutcome')}:</strong> {detail.hopedOutcome}
          </p>
        )}
        <dl className="facts">
          <div>
            <dt>{t('cases.company')}</dt>
            <dd>{detail.company?.name ?? t('cases.companyUnknown')}</dd>
          </div>
          <div>
            <dt>{t('cases.categories')}</dt>
            <dd>
              <ul className="inline-list">
                {detail.categories.map((c) => (
                  <li key={c.code}>
                    <CategoryIcon icon={c.icon} /> {c.name}
                  </li>
                ))}
              </ul>
            </dd>
          </div>
          <div>
            <dt>{t('intakeUi:case.place')}</dt>
            <dd>{place}</dd>
          </div>
          {detail.location && (
            <div>
              <dt>{t('intakeUi:where.point')}</dt>
              <dd>{t('intakeUi:where.coordinates', { latitude: detail.location.latitude, longitude: detail.location.longitude })}</dd>
            </div>
          )}
          {detail.occurredOn && (
            <div>
              <dt>{t('intakeUi:what.occurredOn')}</dt>
              <dd>{calendarDate(detail.occurredOn, i18n.language)}</dd>
            </div>
          )}
          <div>
            <dt>{t('intakeUi:case.identityMode')}</dt>
            <dd>{t(`domain:identityMode.${detail.identityMode}`)}</dd>
          </div>
          <div>
            <dt>{t('cases.complainant')}</dt>
            <dd>{complainant}</dd>
          </div>
          {detail.complainant?.phone && (
            <div>
              <dt>{t('intakeUi:identity.phone')}</dt>
              <dd>{detail.complainant.phone}</dd>
            </div>
          )}
          {detail.complainant?.email && (
            <div>
              <dt>{t('intakeUi:identity.email')}</dt>
              <dd>{detail.complainant.email}</dd>
            </div>
          )}
          {detail.contactPreference && (
            <div>
              <dt>{t('intakeUi:identity.contact')}</dt>
              <dd>{t(`intake:contactPreference.${detail.contactPreference}`)}</dd>
            </div>
          )}
          {detail.collective && (
            <div>
              <dt>{t('cases.collective')}</dt>
              <dd>
                {t('intakeUi:review.collective', {
                  name: detail.collective.groupName,
                  kind: (t as (key: string, o: { defaultValue: string }) => string)(`intake:groupKind.${detail.collective.groupKind}`, {
                    defaultValue: detail.collective.groupKind,
                  }),
                  count: detail.collective.groupSize,
                })}
              </dd>
            </div>
          )}
          {detail.filedOnBehalf && (
            <div>
              <dt>{t('intakeUi:case.filedBy')}</dt>
              <dd>{t('intakeUi:case.filedOnBehalf')}</dd>
            </div>
          )}
          <div>
            <dt>{t('cases.createdAt')}</dt>
            <dd>
              <time dateTime={detail.createdAt}>{bogotaDateTime(detail.createdAt, i18n.language)}</time>
            </dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="case-history-title">
        <h2 id="case-history-title">{t('intakeUi:case.historyTitle')}</h2>
        <ol className="history">
          {detail.history.map((entry, index) => (
            <li key={`${entry.at}-${index}`}>
              <p className="history-when">
                <time dateTime={entry.at}>{bogotaDateTime(entry.at, i18n.language)}</time>
              </p>
              <p className="history-what">
                <strong>{historyLabel(entry)}</strong>
                {/* The new status only when it says something the line does not already ("Recibo confirmado — ahora: Recibo confirmado"). */}
                {entry.toStatus && entry.fromStatus !== entry.toStatus && t(`domain:status.${entry.toStatus}`) !== historyLabel(entry) && (
                  <span className="hint"> — {t('intakeUi:case.nowStatus', { status: t(`domain:status.${entry.toStatus}`) })}</span>
                )}
              </p>
              <p className="history-who">
                {t('intakeUi:case.by', { role: entry.actorLabel })}
                {entry.onBehalf && ` ${t('intakeUi:case.forComplainant')}`}
              </p>
              {entry.reason && <p className="quoted">{entry.reason}</p>}
              {entry.calendarChange && <CalendarChange change={entry.calendarChange} />}
              {entry.referral && (
                <p>
                  <strong>{t('intakeUi:case.referredTo', { to: entry.referral.to })}</strong>
                  {entry.referral.note && <span> {entry.referral.note}</span>}
                </p>
              )}
              {entry.verbalPetition && <VerbalPetitionRecord record={entry.verbalPetition} />}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="case-files-title">
        <h2 id="case-files-title">{t('intakeUi:case.filesTitle')}</h2>
        {detail.attachments.length === 0 ? (
          <p>{t('intakeUi:case.noFiles')}</p>
        ) : (
          <ul className="file-list">
            {detail.attachments.map((file, index) => (
              <li key={file.id} className="file-item">
                <a href={`/api/attachments/${file.id}`} download>
                  {t('intakeUi:case.fileName', { kind: t(`intake:attachmentKind.${file.kind}`), number: index + 1 })}
                </a>
                <span className="hint">
                  {formatBytes(file.size)} · {bogotaDateTime(file.createdAt, i18n.language)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
