/**
 * A case's open deadlines as every party reads them — stage in words, plain countdown, who must act,
 * paused or extended — plus, for whoever the server allows, pausing, resuming and extending with a
 * reason. Shared by the case page and the tracking page; refreshed live when the case changes.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDeadlineDto, CaseDeadlinesDto } from '../../../../shared/types/deadlines';
import { apiSend, toApiError } from '../../api/client';
import { DeadlineBadge } from '../../components/DeadlineBadge';
import { ErrorMessage } from '../../components/ErrorMessage';
import { calendarDate } from '../../forms/format';
import { useApiQuery } from '../../hooks/useApiQuery';
import { UI_NAMESPACES } from '../../i18n';
import { useSocketEvent, useSocketReconnect } from '../../realtime/socket';

type Send = (path: string, body: unknown) => Promise<boolean>;

/** The deadlines section of case `caseId`. */
export function CaseDeadlines({ caseId }: { caseId: string }) {
  const { t } = useTranslation(UI_NAMESPACES);
  const query = useApiQuery<CaseDeadlinesDto>(`/api/cases/${encodeURIComponent(caseId)}/deadlines`);
  const [fromAction, setFromAction] = useState<CaseDeadlinesDto | null>(null);
  const [done, setDone] = useState('');
  const { reload } = query;
  const data = fromAction ?? query.data;

  useSocketEvent('cases.changed', (payload) => {
    if (payload.caseId !== caseId) return;
    void reload().then(() => setFromAction(null));
  });
  useSocketReconnect(() => void reload().then(() => setFromAction(null)));

  // Each control shows its own server error in place; a success replaces the list with the answer.
  const send: Send = async (path, body) => {
    const updated = await apiSend<CaseDeadlinesDto>('POST', `/api/cases/${encodeURIComponent(caseId)}/deadlines/${path}`, body);
    setFromAction(updated);
    setDone(t('deadlinesUi:caseDeadlines.done'));
    return true;
  };

  if (!data) {
    return query.error ? <ErrorMessage message={query.error.message} onRetry={() => void reload()} busy={query.loading} /> : null;
  }
  const open = data.deadlines.filter((d) => d.state === 'open');
  return (
    <section aria-labelledby="case-deadlines-title" className="case-deadlines stack">
      <h2 id="case-deadlines-title">{t('deadlinesUi:caseDeadlines.title')}</h2>
      <p className="visually-hidden" aria-live="polite">
        {done}
      </p>
      {open.length === 0 && <p>{t('deadlinesUi:caseDeadlines.none')}</p>}
      {data.paused && <p className="marker">{t('deadlinesUi:caseDeadlines.pausedNote')}</p>}
      <ul className="plain-list stack">
        {open.map((d) => (
          <DeadlineItem key={d.id} deadline={d} send={send} />
        ))}
      </ul>
      {data.allowedActions.includes('pause') && <ReasonForm label={t('deadlinesUi:caseDeadlines.pause')} reasonLabel={t('deadlinesUi:caseDeadlines.pauseReason')} onSubmit={(reason) => send('pause', { reason })} />}
      {data.allowedActions.includes('resume') && (
        <ReasonForm label={t('deadlinesUi:caseDeadlines.resume')} reasonLabel={t('deadlinesUi:caseDeadlines.resumeReason')} onSubmit={(reason) => send('resume', reason ? { reason } : {})} />
      )}
    </section>
  );
}

function DeadlineItem({ deadline, send }: { deadline: CaseDeadlineDto; send: Send }) {
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
      </p>
      {deadline.allowedActions.includes('extend') && deadline.extensionLeft > 0 && (
        <ReasonForm
          label={t('deadlinesUi:caseDeadlines.extend')}
          reasonLabel={t('deadlinesUi:caseDeadlines.extendReason')}
          maxDays={deadline.extensionLeft}
          onSubmit={(reason, days) => send(`${encodeURIComponent(deadline.id)}/extend`, { reason, days })}
        />
      )}
    </li>
  );
}

/** A disclosure with a reason (and, for extensions, a number of days) that shows the server's error in place. */
function ReasonForm({
  label,
  reasonLabel,
  maxDays,
  onSubmit,
}: {
  label: string;
  reasonLabel: string;
  maxDays?: number;
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
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
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
          <textarea id={`${id}-reason`} rows={3} maxLength={2000} value={reason} onChange={(event) => setReason(event.target.value)} />
        </p>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('intakeUi:actions.sending') : label}
        </button>
      </form>
    </details>
  );
}
