/**
 * `/habeas`: the mechanism staff's queue of habeas data requests (ombudsman officers and admins), open
 * ones first by due date with the business days left, each with its answer form and, while the first
 * term runs, the one extension notice the law allows; and, for admins, the retention period after
 * which closed cases' identities are redacted.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { outcomesFor, type HabeasOutcome } from '../../../../shared/habeas';
import type { HabeasRequestDto } from '../../../../shared/types/habeas';
import { CORRECTABLE_FIELDS, habeasAnswerSchema, habeasCorrectionSchema, habeasExtensionSchema, retentionSchema } from '../../../../shared/validation/habeas';
import { apiSend } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { SelectField, TextField, useIssueMessages } from '../../components/FormField';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/useApiQuery';
import { usePageTitle } from '../../hooks/usePageTitle';
import { useSession } from '../../hooks/useSession';
import { useDay } from '../MyData/MyData';
import { useSubmit } from '../../hooks/useSubmit';
import { Done } from '../../components/SubmitForm';
import '../../styles/screens.css';

const NAMESPACES = ['habeas', 'app', 'errors'] as const;

/** `/habeas` */
export function HabeasQueue() {
  const { t } = useTranslation(NAMESPACES);
  usePageTitle(t('queue.title'));
  const queue = useApiQuery<HabeasRequestDto[]>('/api/habeas/queue');
  const { user } = useSession();
  const day = useDay();
  return (
    <div className="stack">
      <h1>{t('queue.title')}</h1>
      <p>{t('queue.intro')}</p>
      {queue.error && <ErrorMessage message={queue.error.message} onRetry={() => void queue.reload()} />}
      {!queue.data && queue.loading && <Loading />}
      {queue.data && queue.data.length === 0 && <p>{t('queue.empty')}</p>}
      {queue.data?.map((r) => (
        <section key={r.id} className="panel stack" aria-label={t(`kind.${r.kind}`)}>
          <h2>
            {t(`kind.${r.kind}`)} · {t(`status.${r.status}`)}
          </h2>
          <p>
            {t('queue.received', { date: day(r.receivedOn) })} · {r.requester && t(`requester.${r.requester}`)}
            {r.caseReference && ` · ${r.caseReference}`}
            <br />
            {r.status === 'open' &&
              (r.businessDaysLeft !== undefined && r.businessDaysLeft < 0 ? (
                <strong>{t('queue.overdue')}</strong>
              ) : (
                t('queue.daysLeft', { count: r.businessDaysLeft ?? 0 })
              ))}
            {' · '}
            {t('myData.due', { date: day(r.dueOn) })}
          </p>
          {r.details && <p className="quote">{r.details}</p>}
          {r.extension && <p>{t('myData.extended', { date: day(r.extension.dueOn), reason: r.extension.reason })}</p>}
          {r.answer && <p>{`${r.outcome ? t(`outcome.${r.outcome}`) : ''}: ${r.answer}`}</p>}
          {r.correctedFields.length > 0 && (
            <p>{t('correction.done', { fields: r.correctedFields.map((f) => t(`correction.field.${f as 'name'}`)).join(', ') })}</p>
          )}
          {r.status === 'open' && r.kind === 'correction' && <CorrectionForm request={r} onDone={() => void queue.reload()} />}
          {r.status === 'open' && <AnswerForm request={r} onDone={() => void queue.reload()} />}
          {r.status === 'open' && !r.extension && (r.businessDaysLeft ?? -1) >= 0 && <ExtensionForm request={r} onDone={() => void queue.reload()} />}
        </section>
      ))}
      {user?.role === 'admin' && <RetentionForm mechanismId={user.mechanismId} />}
    </div>
  );
}

function AnswerForm({ request, onDone }: { request: HabeasRequestDto; onDone: () => void }) {
  const { t } = useTranslation(NAMESPACES);
  const form = useSubmit();
  const issues = useIssueMessages();
  const outcomes = outcomesFor(request.kind);
  const [outcome, setOutcome] = useState<HabeasOutcome>(outcomes[0]!);
  const [answer, setAnswer] = useState('');
  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = habeasAnswerSchema.safeParse({ outcome, answer });
    if (!parsed.success) return form.setFieldErrors(issues(parsed.error.issues));
    if (await form.run(async () => (await apiSend('POST', `/api/habeas/requests/${request.id}/answer`, parsed.data), null))) onDone();
  }
  return (
    <form className="form" noValidate onSubmit={(e) => void submit(e)} aria-busy={form.busy}>
      {form.formError && <ErrorMessage message={form.formError} />}
      {outcomes.length > 1 && (
        <SelectField label={t('queue.outcomeLabel')} value={outcome} onChange={(v) => setOutcome(v as HabeasOutcome)} error={form.fieldErrors.outcome}>
          {outcomes.map((o) => (
            <option key={o} value={o}>
              {t(`outcome.${o}`)}
            </option>
          ))}
        </SelectField>
      )}
      <TextField label={t('queue.answerLabel')} multiline value={answer} onChange={setAnswer} error={form.fieldErrors.answer} required />
      <button type="submit" className="button button-primary" disabled={form.busy}>
        {t('queue.answerSend')}
      </button>
    </form>
  );
}

/**
 * A correction request granted by correcting the data: the staff type the corrected values of the fields
 * the person asked about (blank ones stay as they are) and the answer; the identity itself stays masked.
 */
function CorrectionForm({ request, onDone }: { request: HabeasRequestDto; onDone: () => void }) {
  const { t } = useTranslation(NAMESPACES);
  const form = useSubmit();
  const issues = useIssueMessages();
  const [values, setValues] = useState<Record<(typeof CORRECTABLE_FIELDS)[number], string>>({ name: '', documentId: '', phone: '', email: '' });
  const [answer, setAnswer] = useState('');
  async function submit(event: FormEvent) {
    event.preventDefault();
    const identity = Object.fromEntries(CORRECTABLE_FIELDS.filter((f) => values[f].trim() !== '').map((f) => [f, values[f]]));
    const parsed = habeasCorrectionSchema.safeParse({ identity, answer });
    if (!parsed.success) return form.setFieldErrors(issues(parsed.error.issues));
    if (await form.run(async () => (await apiSend('POST', `/api/habeas/requests/${request.id}/correction`, parsed.data), null))) onDone();
  }
  return (
    <form className="form" noValidate onSubmit={(e) => void submit(e)} aria-busy={form.busy} aria-label={t('correction.title')}>
      <h3>{t('correction.title')}</h3>
      <p className="hint">{t('correction.hint')}</p>
      {form.formError && <ErrorMessage message={form.formError} />}
      {CORRECTABLE_FIELDS.map((f) => (
        <TextField
          key={f}
          label={t(`correction.field.${f}`)}
          value={values[f]}
          onChange={(v) => setValues((current) => ({ ...current, [f]: v }))}
          error={form.fieldErrors[`identity.${f}`]}
        />
      ))}
      <TextField label={t('queue.answerLabel')} multiline value={answer} onChange={setAnswer} error={form.fieldErrors.answer} required />
      <button type="submit" className="button button-primary" disabled={form.busy}>
        {t('correction.send')}
      </button>
    </form>
  );
}

function ExtensionForm({ request, onDone }: { request: HabeasRequestDto; onDone: () => void }) {
  const { t } = useTranslation(NAMESPACES);
  const form = useSubmit();
  const issues = useIssueMessages();
  const day = useDay();
  const [reason, setReason] = useState('');
  const [dueOn, setDueOn] = useState(request.latestExtendedOn);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = habeasExtensionSchema.safeParse({ reason, dueOn });
    if (!parsed.success) return form.setFieldErrors(issues(parsed.error.issues));
    if (await form.run(async () => (await apiSend('POST', `/api/habeas/requests/${request.id}/extension`, parsed.data), null))) onDone();
  }
  return (
    <form className="form" noValidate onSubmit={(e) => void submit(e)} aria-busy={form.busy}>
      {form.formError && <ErrorMessage message={form.formError} />}
      <TextField label={t('queue.extendLabel')} value={reason} onChange={setReason} error={form.fieldErrors.reason} required />
      <TextField
        label={t('queue.extendDate', { date: day(request.latestExtendedOn) })}
        value={dueOn}
        onChange={setDueOn}
        error={form.fieldErrors.dueOn}
        required
      />
      <button type="submit" className="button" disabled={form.busy}>
        {t('queue.extendSend')}
      </button>
    </form>
  );
}

function RetentionForm({ mechanismId }: { mechanismId: string }) {
  const { t } = useTranslation(NAMESPACES);
  const path = `/api/admin/mechanisms/${mechanismId}/retention`;
  const current = useApiQuery<{ identityRetentionDays: number | null }>(path);
  const form = useSubmit();
  const issues = useIssueMessages();
  const [days, setDays] = useState<string | null>(null);
  const value = days ?? current.data?.identityRetentionDays?.toString() ?? '';
  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = retentionSchema.safeParse({ identityRetentionDays: value.trim() === '' ? null : Number(value) });
    if (!parsed.success) return form.setFieldErrors(issues(parsed.error.issues));
    await form.run(async () => (await apiSend('PUT', path, parsed.data), t('queue.retentionSave')));
  }
  return (
    <section className="panel stack" aria-labelledby="retention">
      <h2 id="retention">{t('queue.retentionTitle')}</h2>
      {form.formError && <ErrorMessage message={form.formError} />}
      <Done message={form.done} />
      <form className="form" noValidate onSubmit={(e) => void submit(e)} aria-busy={form.busy}>
        <TextField label={t('queue.retentionLabel')} inputMode="numeric" value={value} onChange={setDays} error={form.fieldErrors.identityRetentionDays} />
        <button type="submit" className="button button-primary" disabled={form.busy}>
          {t('queue.retentionSave')}
        </button>
      </form>
    </section>
  );
}
