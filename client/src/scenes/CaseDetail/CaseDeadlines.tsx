/**
 * A case's open deadlines as every party reads them — stage in words, plain countdown, who must act,
 * paused or extended, the kind of petition — and the clock as Ley 1755 de 2015 runs it: an open
 * request for information (the complainant is told to answer in the conversation; the others see
 * until when), and for whoever the server allows, asking for information, pausing and resuming
 * (the ombudsman), extending with a reason, and recording a referral. Shared by the case page and the
 * tracking page; refreshed live when the case changes.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDeadlineDto, CaseDeadlinesDto, InformationRequestDto } from '../../../../shared/types/deadlines';
import { INFORMATION_QUESTION_MAX } from '../../../../shared/validation/deadlines';
import { apiSend, toApiError } from '../../api/client';
import { DeadlineBadge } from '../../components/DeadlineBadge';
import { ErrorMessage } from '../../components/ErrorMessage';
import { calendarDate } from '../../forms/format';
import { UI_NAMESPACES } from '../../i18n';
import { useSocketEvent, useSocketReconnect } from '../../realtime/socket';
import { submitWith } from '../../components/SubmitForm';
import { CaseSectionFrame, useCaseSection } from './caseSection';
import '../../styles/screens.css';

type Send = (path: string, body: unknown) => Promise<boolean>;

/** The deadlines section of case `caseId`. */
export function CaseDeadlines({ caseId }: { caseId: string }) {
  const { t } = useTranslation(UI_NAMESPACES);
  const { base, query, data, answered, announcement, refresh } = useCaseSection<CaseDeadlinesDto>(caseId, 'deadlines');
  // A receipt-key session is in no queue room: it hears its case through the case's own room.
  useSocketEvent('case.updated', (payload) => {
    if (payload.caseId === caseId) refresh();
  });
  useSocketReconnect(refresh);

  // Each control shows its own server error in place; a success replaces the list with the answer.
  const send: Send = async (path, body) => {
    answered(await apiSend<CaseDeadlinesDto>('POST', `${base}/${path}`, body), t('deadlinesUi:caseDeadlines.done'));
    return true;
  };

  if (!data) {
    return query.error ? <ErrorMessage message={query.error.message} onRetry={() => void query.reload()} busy={query.loading} /> : null;
  }
  const open = data.deadlines.filter((d) => d.state === 'open');
  const admitted = data.deadlines.some((d) => d.stage === 'first_answer');
  return (
    <CaseSectionFrame titleId="case-deadlines-title" className="case-deadlines stack" title={t('deadlinesUi:caseDeadlines.title')} announcement={announcement}>
      {admitted && <p>{t('deadlinesUi:caseDeadlines.petitionKind', { kind: t(`deadlines:petitionKind.${data.petitionKind}`) })}</p>}
      {data.informationRequest && <OpenRequest request={data.informationRequest} />}
      {open.length === 0 && <p>{t('deadlinesUi:caseDeadlines.none')}</p>}
      {data.pausedBy === 'information_request' && !data.informationRequest?.answerable && <p className="marker">{t('deadlinesUi:caseDeadlines.pausedNote')}</p>}
      {data.pausedBy === 'ombudsman' && <p className="marker">{t('deadlinesUi:caseDeadlines.pausedByOmbudsman')}</p>}
      <ul className="plain-list stack">
        {open.map((d) => (
          <DeadlineItem key={d.id} deadline={d} referralTo={data.referralTo} send={send} />
        ))}
      </ul>
      {data.allowedActions.includes('request_information') && (
        <ReasonForm
          label={t('deadlinesUi:caseDeadlines.requestInformation')}
          reasonLabel={t('deadlinesUi:caseDeadlines.question')}
          hint={t('deadlinesUi:caseDeadlines.questionHint', { count: data.informationWaitMonths })}
          submitLabel={t('deadlinesUi:caseDeadlines.sendRequest')}
          maxLength={INFORMATION_QUESTION_MAX}
          onSubmit={(question) => send('information-requests', { question })}
        />
      )}
      {data.allowedActions.includes('pause') && (
        <ReasonForm
          label={t('deadlinesUi:caseDeadlines.pause')}
          reasonLabel={t('deadlinesUi:caseDeadlines.pauseReason')}
          onSubmit={(reason) => send('deadlines/pause', { reason })}
        />
      )}
      {data.allowedActions.includes('resume') && (
        <ReasonForm
          label={t('deadlinesUi:caseDeadlines.resume')}
          reasonLabel={t('deadlinesUi:caseDeadlines.resumeReason')}
          onSubmit={(reason) => send('deadlines/resume', reason ? { reason } : {})}
        />
      )}
    </CaseSectionFrame>
  );
}

/** The request the complainant has not answered yet: to them, what to do and until when; to the others, who asked. */
function OpenRequest({ request }: { request: InformationRequestDto }) {
  const { t, i18n } = useTranslation(UI_NAMESPACES);
  const lapsesOn = calendarDate(request.lapsesOn, i18n.language);
  return (
    <div className="card stack information-request" role="status">
      <h3>{t('deadlinesUi:caseDeadlines.requestTitle')}</h3>
      <p className="quoted">{request.question}</p>
      {request.answerable ? (
        <>
          <p>{t('deadlinesUi:caseDeadlines.requestForYou', { date: lapsesOn })}</p>
          <p>
            <a href="#thread-title">{t('deadlinesUi:caseDeadlines.answerInThread')}</a>
          </p>
        </>
      ) : (
        <>
          <p>
            {t('deadlinesUi:caseDeadlines.requestBy', {
              by: t(`deadlines:responsible.${request.askedByRole === 'liaison' ? 'company' : 'ombudsman'}`),
              date: calendarDate(request.askedAt.slice(0, 10), i18n.language),
            })}
          </p>
          <p>{t('deadlinesUi:caseDeadlines.requestLapses', { date: lapsesOn })}</p>
        </>
      )}
    </div>
  );
}

function DeadlineItem({ deadline, referralTo, send }: { deadline: CaseDeadlineDto; referralTo: string | null; send: Send }) {
  const { t, i18n } = useTranslation(UI_NAMESPACES);
  return (
    <li className="card stack">
      <DeadlineBadge deadline={deadline} />
      <p>
        {t('deadlinesUi:caseDeadlines.responsible', { responsible: t(`deadlines:responsible.${deadline.responsible}`) })}
        <br />
        {t('deadlinesUi:caseDeadlines.due', { date: calendarDate(deadline.dueOn, i18n.language) })}
        {deadline.extendedDays > 0 && (
          <>
            <br />
            {t('deadlinesUi:caseDeadlines.extended', { count: deadline.extendedDays })}
          </>
        )}
        {deadline.stage === 'referral' && referralTo && (
          <>
            <br />
            {t('deadlinesUi:caseDeadlines.referralTo', { to: referralTo })}
          </>
        )}
      </p>
      {deadline.allowedActions.includes('extend') && deadline.extensionLeft > 0 && (
        <ReasonForm
          label={t('deadlinesUi:caseDeadlines.extend')}
          reasonLabel={t('deadlinesUi:caseDeadlines.extendReason')}
          maxDays={deadline.extensionLeft}
          onSubmit={(reason, days) => send(`deadlines/${encodeURIComponent(deadline.id)}/extend`, { reason, days })}
        />
      )}
      {deadline.allowedActions.includes('record_referral') && (
        <ReasonForm
          label={t('deadlinesUi:caseDeadlines.recordReferral')}
          reasonLabel={t('deadlinesUi:caseDeadlines.referralNote')}
          optional
          onSubmit={(note) => send('referral', note ? { note } : {})}
        />
      )}
    </li>
  );
}

/**
 * A disclosure with a text (a reason, a question, a note) and, for extensions, a number of days, that
 * shows the server's error in place.
 */
function ReasonForm({
  label,
  reasonLabel,
  hint,
  submitLabel,
  maxDays,
  maxLength = 2000,
  optional = false,
  onSubmit,
}: {
  label: string;
  reasonLabel: string;
  hint?: string;
  submitLabel?: string;
  maxDays?: number;
  maxLength?: number;
  optional?: boolean;
  onSubmit: (reason: string, days: number) => Promise<boolean>;
}) {
  const { t } = useTranslation(UI_NAMESPACES);
  const id = useId();
  const [reason, setReason] = useState('');
  const [days, setDays] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function submit() {
    setBusy(true);
    setFailure(null);
    try {
      await onSubmit(reason.trim(), Number(days));
      setReason('');
      setDays('');
    } catch (error) {
      const apiError = toApiError(error);
      setFailure([apiError.message, ...apiError.fields.map((f) => f.message)].join(' '));
    } finally {
      setBusy(false);
    }
  }

  return (
    <details className="deadline-control">
      <summary>{label}</summary>
      <form className="form" noValidate onSubmit={submitWith(submit)}>
        {failure && (
          <p className="alert alert-error" role="alert">
            {failure}
          </p>
        )}
        {maxDays !== undefined && (
          <p className="field">
            <label htmlFor={`${id}-days`}>{t('deadlinesUi:caseDeadlines.extendDays', { max: maxDays })}</label>
            <input id={`${id}-days`} type="number" inputMode="numeric" min={1} value={days} onChange={(event) => setDays(event.target.value)} />
          </p>
        )}
        <p className="field">
          <label htmlFor={`${id}-reason`}>{reasonLabel}</label>
          {hint && (
            <span className="hint" id={`${id}-hint`}>
              {hint}
            </span>
          )}
          <textarea
            id={`${id}-reason`}
            rows={3}
            maxLength={maxLength}
            required={!optional}
            aria-describedby={hint ? `${id}-hint` : undefined}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
        </p>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('intakeUi:actions.sending') : (submitLabel ?? label)}
        </button>
      </form>
    </details>
  );
}
