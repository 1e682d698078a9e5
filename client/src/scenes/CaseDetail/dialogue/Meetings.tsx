/**
 * Meetings of the parties: when and where, the agenda shared in advance, who attended and the minutes,
 * and each side's approval of the minutes; scheduling and the other steps only when the server allows them.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DialogueDto, MeetingDto } from '../../../../../shared/types/dialogue';
import { recordMinutesSchema, scheduleMeetingSchema } from '../../../../../shared/validation/dialogue';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { Field } from '../../../components/Field';
import { SubmitCancelRow } from '../../../components/SubmitForm';
import { checkWith } from '../../../forms/fieldMessages';
import { bogotaDateTime } from '../../../forms/format';
import { UI_NAMESPACES } from '../../../i18n';
import { sendDialogueWrite, useStep } from './steps';
import '../../../styles/screens.css';

/** A `datetime-local` value read as Bogota time (UTC−5 all year: Colombia keeps no summer time). */
function bogotaIso(local: string): string {
  return local ? `${local.length === 16 ? `${local}:00` : local}-05:00` : '';
}

/** The meetings panel. */
export function Meetings({ caseId, dialogue, onChanged }: { caseId: string; dialogue: DialogueDto; onChanged: (d: DialogueDto) => void }) {
  const { t } = useTranslation(UI_NAMESPACES);
  const [scheduling, setScheduling] = useState(false);
  if (dialogue.meetings.length === 0 && !dialogue.allowedActions.scheduleMeeting) return null;
  return (
    <section aria-labelledby="meetings-title" className="panel">
      <h2 id="meetings-title">{t('dialogueUi:meetings.title')}</h2>
      {dialogue.meetings.length === 0 && <p>{t('dialogueUi:meetings.none')}</p>}
      <ul className="card-list">
        {dialogue.meetings.map((m) => (
          <Meeting key={m.id} caseId={caseId} meeting={m} onChanged={onChanged} />
        ))}
      </ul>
      {dialogue.allowedActions.scheduleMeeting &&
        (scheduling ? (
          <ScheduleForm
            caseId={caseId}
            onCancel={() => setScheduling(false)}
            onDone={(d) => {
              setScheduling(false);
              onChanged(d);
            }}
          />
        ) : (
          <button type="button" className="button button-secondary" onClick={() => setScheduling(true)}>
            {t('dialogue:action.scheduleMeeting')}
          </button>
        ))}
    </section>
  );
}

function Meeting({ caseId, meeting, onChanged }: { caseId: string; meeting: MeetingDto; onChanged: (d: DialogueDto) => void }) {
  const { t, i18n } = useTranslation(UI_NAMESPACES);
  const [recording, setRecording] = useState(false);
  const agree = useStep();
  const path = `/api/cases/${encodeURIComponent(caseId)}/meetings/${meeting.id}`;
  return (
    <li className="card">
      <h3>{t('dialogueUi:meetings.when', { when: bogotaDateTime(meeting.scheduledAt, i18n.language), place: meeting.place })}</h3>
      <p>
        <strong>{t('dialogueUi:meetings.agenda')}:</strong> {meeting.agenda}
      </p>
      {meeting.minutes !== null && (
        <>
          <p>
            <strong>{t('dialogueUi:meetings.attendees')}:</strong> {meeting.attendees.join(', ')}
          </p>
          <p className="quoted">{meeting.minutes}</p>
          <ul className="inline-list">
            <li>{meeting.minutesAgreedByComplainantAt ? t('dialogueUi:meetings.agreedByComplainant') : t('dialogueUi:meetings.notAgreedByComplainant')}</li>
            <li>{meeting.minutesAgreedByCompanyAt ? t('dialogueUi:meetings.agreedByCompany') : t('dialogueUi:meetings.notAgreedByCompany')}</li>
          </ul>
        </>
      )}
      {agree.failure && <ErrorMessage message={agree.failure} />}
      <div className="button-row">
        {meeting.allowedActions.includes('record_minutes') && (
          <button type="button" className="button button-secondary" aria-expanded={recording} onClick={() => setRecording(!recording)}>
            {t('dialogue:action.record_minutes')}
          </button>
        )}
        {meeting.allowedActions.includes('agree_minutes') && (
          <button
            type="button"
            className="button button-primary"
            disabled={agree.busy}
            onClick={() => void agree.run(async () => onChanged(await sendDialogueWrite('POST', `${path}/agree`)))}
          >
            {t('dialogue:action.agree_minutes')}
          </button>
        )}
      </div>
      {recording && (
        <MinutesForm
          path={`${path}/minutes`}
          meeting={meeting}
          onDone={(d) => {
            setRecording(false);
            onChanged(d);
          }}
        />
      )}
    </li>
  );
}

function ScheduleForm({ caseId, onCancel, onDone }: { caseId: string; onCancel: () => void; onDone: (d: DialogueDto) => void }) {
  const { t } = useTranslation(UI_NAMESPACES);
  const id = useId();
  const [when, setWhen] = useState('');
  const [place, setPlace] = useState('');
  const [agenda, setAgenda] = useState('');
  const step = useStep();
  async function submit() {
    const body = { scheduledAt: bogotaIso(when), place, agenda };
    const problems = checkWith(scheduleMeetingSchema, body);
    if (problems) return step.setErrors(problems);
    await step.run(async () => onDone(await sendDialogueWrite('POST', `/api/cases/${encodeURIComponent(caseId)}/meetings`, body)));
  }
  return (
    <form className="form" noValidate aria-busy={step.busy} onSubmit={(e) => (e.preventDefault(), void submit())}>
      {step.failure && <ErrorMessage message={step.failure} />}
      <Field id={`${id}-when`} label={t('dialogueUi:meetings.whenLabel')} hint={t('dialogueUi:meetings.whenHint')} error={step.errors.scheduledAt}>
        {(control) => <input {...control} type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} />}
      </Field>
      <Field id={`${id}-place`} label={t('dialogueUi:meetings.place')} error={step.errors.place}>
        {(control) => <input {...control} type="text" value={place} onChange={(e) => setPlace(e.target.value)} />}
      </Field>
      <Field id={`${id}-agenda`} label={t('dialogueUi:meetings.agenda')} hint={t('dialogueUi:meetings.agendaHint')} error={step.errors.agenda}>
        {(control) => <textarea {...control} rows={3} value={agenda} onChange={(e) => setAgenda(e.target.value)} />}
      </Field>
      <SubmitCancelRow busy={step.busy} label={t('dialogue:action.scheduleMeeting')} cancelLabel={t('dialogueUi:common.cancel')} onCancel={onCancel} />
    </form>
  );
}

function MinutesForm({ path, meeting, onDone }: { path: string; meeting: MeetingDto; onDone: (d: DialogueDto) => void }) {
  const { t } = useTranslation(UI_NAMESPACES);
  const id = useId();
  const [attendees, setAttendees] = useState(meeting.attendees.join('\n'));
  const [minutes, setMinutes] = useState(meeting.minutes ?? '');
  const step = useStep();
  async function submit() {
    const body = {
      attendees: attendees
        .split('\n')
        .map((a) => a.trim())
        .filter(Boolean),
      minutes,
    };
    const problems = checkWith(recordMinutesSchema, body);
    if (problems) return step.setErrors(problems);
    await step.run(async () => onDone(await sendDialogueWrite('PUT', path, body)));
  }
  return (
    <form className="form" noValidate aria-busy={step.busy} onSubmit={(e) => (e.preventDefault(), void submit())}>
      {step.failure && <ErrorMessage message={step.failure} />}
      <Field id={`${id}-who`} label={t('dialogueUi:meetings.attendees')} hint={t('dialogueUi:meetings.attendeesHint')} error={step.errors.attendees}>
        {(control) => <textarea {...control} rows={3} value={attendees} onChange={(e) => setAttendees(e.target.value)} />}
      </Field>
      <Field id={`${id}-minutes`} label={t('dialogueUi:meetings.minutes')} error={step.errors.minutes}>
        {(control) => <textarea {...control} rows={5} value={minutes} onChange={(e) => setMinutes(e.target.value)} />}
      </Field>
      <button type="submit" className="button button-primary" disabled={step.busy}>
        {t('dialogue:action.record_minutes')}
      </button>
    </form>
  );
}
