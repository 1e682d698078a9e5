/**
 * The agreement: the current version with its commitments (who does what by when, and how far each
 * got), each side's answer, and every earlier version kept below. Proposing (or a new version),
 * accepting, rejecting with a reason, and each commitment step appear only when the server allows them.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgreementDto, CommitmentDto, CommitmentOwner, DialogueDto } from '../../../../../shared/types/dialogue';
import { COMMITMENT_OWNERS } from '../../../../../shared/types/dialogue';
import type { AttachmentLimitsDto } from '../../../../../shared/types/intake';
import { proposeAgreementSchema, reasonSchema, reportCommitmentSchema } from '../../../../../shared/validation/dialogue';
import { AttachmentPicker, type PendingFile } from '../../../components/AttachmentPicker';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { Field } from '../../../components/Field';
import { SubmitCancelRow } from '../../../components/SubmitForm';
import { checkWith } from '../../../forms/fieldMessages';
import { bogotaDateTime, calendarDate } from '../../../forms/format';
import { UI_NAMESPACES } from '../../../i18n';
import { FileList } from './Thread';
import { entryLimits, sendDialogueWrite, uploadForEntry, useStep } from './steps';
import '../../../styles/cases.css';
import '../../../styles/screens.css';

type Changed = (d: DialogueDto) => void;

/** The agreement panel. */
export function Agreements({
  caseId,
  dialogue,
  limits,
  onChanged,
}: {
  caseId: string;
  dialogue: DialogueDto;
  limits: AttachmentLimitsDto | undefined;
  onChanged: Changed;
}) {
  const { t } = useTranslation(UI_NAMESPACES);
  const [proposing, setProposing] = useState(false);
  const [current, ...older] = dialogue.agreements;
  if (!current && !dialogue.allowedActions.proposeAgreement) return null;
  return (
    <section aria-labelledby="agreement-title" className="panel">
      <h2 id="agreement-title">{t('dialogueUi:agreement.title')}</h2>
      {!current && <p>{t('dialogueUi:agreement.none')}</p>}
      {current && <Agreement caseId={caseId} agreement={current} limits={limits} onChanged={onChanged} current />}
      {dialogue.allowedActions.proposeAgreement &&
        (proposing ? (
          <ProposeForm
            caseId={caseId}
            basis={current?.status === 'proposed' ? current : undefined}
            onCancel={() => setProposing(false)}
            onDone={(d) => {
              setProposing(false);
              onChanged(d);
            }}
          />
        ) : (
          <button type="button" className="button button-secondary" onClick={() => setProposing(true)}>
            {current?.status === 'proposed' ? t('dialogueUi:agreement.newVersion') : t('dialogue:action.proposeAgreement')}
          </button>
        ))}
      {older.length > 0 && (
        <details className="versions">
          <summary>{t('dialogueUi:agreement.history', { count: older.length })}</summary>
          {older.map((a) => (
            <Agreement key={a.id} caseId={caseId} agreement={a} limits={limits} onChanged={onChanged} current={false} />
          ))}
        </details>
      )}
    </section>
  );
}

function Agreement({
  caseId,
  agreement,
  limits,
  onChanged,
  current,
}: {
  caseId: string;
  agreement: AgreementDto;
  limits: AttachmentLimitsDto | undefined;
  onChanged: Changed;
  current: boolean;
}) {
  const { t, i18n } = useTranslation(UI_NAMESPACES);
  const [rejecting, setRejecting] = useState(false);
  const accept = useStep();
  const path = `/api/cases/${encodeURIComponent(caseId)}/agreements/${agreement.id}`;
  const decision = (d: 'accepted' | 'rejected' | null) => t(`dialogue:decision.${d ?? 'pending'}`);
  const Heading = current ? 'h3' : 'h4';
  return (
    <article className={`card agreement agreement-${agreement.status}`} aria-label={t('dialogueUi:agreement.version', { version: agreement.version })}>
      <Heading>
        {t('dialogueUi:agreement.version', { version: agreement.version })} · {t(`dialogue:agreementStatus.${agreement.status}`)}
      </Heading>
      <p className="hint">
        {t('dialogueUi:agreement.proposedBy', {
          role: t(`dialogue:authorRole.${agreement.proposedByRole}`),
          when: bogotaDateTime(agreement.createdAt, i18n.language),
        })}
        {agreement.duringMediation && ` · ${t('dialogue:duringMediation')}`}
      </p>
      <p className="quoted">{agreement.text}</p>
      <h4 className="subheading">{t('dialogueUi:agreement.commitments')}</h4>
      <ol className="commitments">
        {agreement.commitments.map((k) => (
          <Commitment key={k.id} caseId={caseId} commitment={k} limits={limits} onChanged={onChanged} />
        ))}
      </ol>
      <dl className="facts">
        <div>
          <dt>{t('dialogueUi:agreement.complainantSide')}</dt>
          <dd>{decision(agreement.complainantDecision)}</dd>
        </div>
        <div>
          <dt>{t('dialogueUi:agreement.companySide')}</dt>
          <dd>{decision(agreement.companyDecision)}</dd>
        </div>
      </dl>
      {agreement.rejectionReason && (
        <p>
          <strong>{t('dialogueUi:agreement.rejectedBecause')}</strong> {agreement.rejectionReason}
        </p>
      )}
      {accept.failure && <ErrorMessage message={accept.failure} />}
      {agreement.allowedActions.length > 0 && (
        <div className="button-row">
          {agreement.allowedActions.includes('accept') && (
            <button
              type="button"
              className="button button-primary"
              disabled={accept.busy}
              onClick={() => void accept.run(async () => onChanged(await sendDialogueWrite('POST', `${path}/accept`)))}
            >
              {t('dialogue:action.accept')}
            </button>
          )}
          {agreement.allowedActions.includes('reject') && (
            <button type="button" className="button button-secondary" aria-expanded={rejecting} onClick={() => setRejecting(!rejecting)}>
              {t('dialogue:action.reject')}
            </button>
          )}
        </div>
      )}
      {rejecting && (
        <ReasonForm
          path={`${path}/reject`}
          label={t('dialogueUi:agreement.rejectReason')}
          submit={t('dialogue:action.reject')}
          onDone={(d) => {
            setRejecting(false);
            onChanged(d);
          }}
        />
      )}
    </article>
  );
}

function Commitment({
  caseId,
  commitment: k,
  limits,
  onChanged,
}: {
  caseId: string;
  commitment: CommitmentDto;
  limits: AttachmentLimitsDto | undefined;
  onChanged: Changed;
}) {
  const { t, i18n } = useTranslation(UI_NAMESPACES);
  const [open, setOpen] = useState<'report' | 'dispute' | null>(null);
  const quick = useStep();
  const path = `/api/cases/${encodeURIComponent(caseId)}/commitments/${k.id}`;
  return (
    <li className={`commitment commitment-${k.status}`}>
      <p>
        <strong>{t(`dialogue:commitmentOwner.${k.owner}`)}</strong>: {k.description}
      </p>
      <p className="hint">
        {t('dialogueUi:commitment.dueOn', { date: calendarDate(k.dueOn, i18n.language) })} ·{' '}
        {t('dialogueUi:commitment.status', { status: t(`dialogue:commitmentStatus.${k.status}`) })}
      </p>
      {k.evidence && (
        <p>
          <strong>{t('dialogueUi:commitment.evidence')}</strong> {k.evidence}
        </p>
      )}
      <FileList files={k.evidenceAttachments} />
      {/* The objection stands only while the commitment is disputed; once reported again and confirmed it is history (kept in the case history). */}
      {k.status === 'disputed' && k.disputedReason && (
        <p>
          <strong>{t('dialogueUi:commitment.disputedBecause')}</strong> {k.disputedReason}
        </p>
      )}
      {quick.failure && <ErrorMessage message={quick.failure} />}
      {k.allowedActions.length > 0 && (
        <div className="button-row">
          {k.allowedActions.includes('report') && (
            <button
              type="button"
              className="button button-secondary"
              aria-expanded={open === 'report'}
              onClick={() => setOpen(open === 'report' ? null : 'report')}
            >
              {t('dialogue:action.report')}
            </button>
          )}
          {(['confirm', 'verify'] as const)
            .filter((a) => k.allowedActions.includes(a))
            .map((a) => (
              <button
                key={a}
                type="button"
                className="button button-primary"
                disabled={quick.busy}
                onClick={() => void quick.run(async () => onChanged(await sendDialogueWrite('POST', `${path}/${a}`)))}
              >
                {t(`dialogue:action.${a}`)}
              </button>
            ))}
          {k.allowedActions.includes('dispute') && (
            <button
              type="button"
              className="button button-secondary"
              aria-expanded={open === 'dispute'}
              onClick={() => setOpen(open === 'dispute' ? null : 'dispute')}
            >
              {t('dialogue:action.dispute')}
            </button>
          )}
        </div>
      )}
      {open === 'report' && (
        <ReportForm
          caseId={caseId}
          path={`${path}/report`}
          limits={limits}
          onDone={(d) => {
            setOpen(null);
            onChanged(d);
          }}
        />
      )}
      {open === 'dispute' && (
        <ReasonForm
          path={`${path}/dispute`}
          label={t('dialogueUi:commitment.disputeReason')}
          submit={t('dialogue:action.dispute')}
          onDone={(d) => {
            setOpen(null);
            onChanged(d);
          }}
        />
      )}
    </li>
  );
}

/** A form asking only for a reason (rejecting an agreement, disputing a commitment). */
function ReasonForm({ path, label, submit, onDone }: { path: string; label: string; submit: string; onDone: Changed }) {
  const id = useId();
  const [reason, setReason] = useState('');
  const step = useStep();
  async function send() {
    const problems = checkWith(reasonSchema, { reason });
    if (problems) return step.setErrors(problems);
    await step.run(async () => onDone(await sendDialogueWrite('POST', path, { reason })));
  }
  return (
    <form className="form" noValidate aria-busy={step.busy} onSubmit={(e) => (e.preventDefault(), void send())}>
      {step.failure && <ErrorMessage message={step.failure} />}
      <Field id={`${id}-reason`} label={label} error={step.errors.reason}>
        {(control) => <textarea {...control} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <button type="submit" className="button button-primary" disabled={step.busy}>
        {submit}
      </button>
    </form>
  );
}

function ReportForm({ caseId, path, limits, onDone }: { caseId: string; path: string; limits: AttachmentLimitsDto | undefined; onDone: Changed }) {
  const { t } = useTranslation(UI_NAMESPACES);
  const id = useId();
  const [evidence, setEvidence] = useState('');
  const [files, setFiles] = useState<PendingFile[]>([]);
  const [uploaded] = useState(() => new Map<string, string>());
  const step = useStep();
  async function send() {
    const problems = checkWith(reportCommitmentSchema, { evidence, attachmentIds: files.map((f) => f.key) });
    if (problems) return step.setErrors(problems);
    await step.run(async () => {
      const attachmentIds = await uploadForEntry(caseId, 'evidence', files, uploaded);
      onDone(await sendDialogueWrite('POST', path, { evidence, attachmentIds }));
    });
  }
  return (
    <form className="form" noValidate aria-busy={step.busy} onSubmit={(e) => (e.preventDefault(), void send())}>
      {step.failure && <ErrorMessage message={step.failure} />}
      <Field id={`${id}-evidence`} label={t('dialogueUi:commitment.evidenceLabel')} hint={t('dialogueUi:commitment.evidenceHint')} error={step.errors.evidence}>
        {(control) => <textarea {...control} rows={3} value={evidence} onChange={(e) => setEvidence(e.target.value)} />}
      </Field>
      <AttachmentPicker files={files} onChange={setFiles} limits={entryLimits(limits)} />
      <button type="submit" className="button button-primary" disabled={step.busy}>
        {t('dialogue:action.report')}
      </button>
    </form>
  );
}

interface DraftCommitment {
  key: string;
  owner: CommitmentOwner;
  description: string;
  dueOn: string;
}

/** Proposing an agreement, or a new version of the one under discussion (its text and commitments as a start). */
function ProposeForm({ caseId, basis, onCancel, onDone }: { caseId: string; basis: AgreementDto | undefined; onCancel: () => void; onDone: Changed }) {
  const { t } = useTranslation(UI_NAMESPACES);
  const id = useId();
  const [text, setText] = useState(basis?.text ?? '');
  const [rows, setRows] = useState<DraftCommitment[]>(
    basis?.commitments.map((k) => ({ key: String(k.id), owner: k.owner, description: k.description, dueOn: k.dueOn })) ?? [
      { key: crypto.randomUUID(), owner: 'company', description: '', dueOn: '' },
    ],
  );
  const step = useStep();
  const change = (key: string, patch: Partial<DraftCommitment>) => setRows((all) => all.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  async function send() {
    const body = { text, commitments: rows.map(({ owner, description, dueOn }) => ({ owner, description, dueOn })) };
    const problems = checkWith(proposeAgreementSchema, body);
    if (problems) return step.setErrors(problems);
    await step.run(async () => onDone(await sendDialogueWrite('POST', `/api/cases/${encodeURIComponent(caseId)}/agreements`, body)));
  }
  return (
    <form className="form card" noValidate aria-busy={step.busy} onSubmit={(e) => (e.preventDefault(), void send())}>
      <h3>{basis ? t('dialogueUi:agreement.newVersion') : t('dialogue:action.proposeAgreement')}</h3>
      {step.failure && <ErrorMessage message={step.failure} />}
      <Field id={`${id}-text`} label={t('dialogueUi:agreement.text')} hint={t('dialogueUi:agreement.textHint')} error={step.errors.text}>
        {(control) => <textarea {...control} rows={5} value={text} onChange={(e) => setText(e.target.value)} />}
      </Field>
      <fieldset className="commitment-rows">
        <legend>{t('dialogueUi:agreement.commitments')}</legend>
        {step.errors.commitments && <p className="field-error">{step.errors.commitments}</p>}
        {rows.map((row, index) => (
          <div key={row.key} className="commitment-row" role="group" aria-label={t('dialogueUi:agreement.commitmentNumber', { number: index + 1 })}>
            <Field id={`${id}-${row.key}-owner`} label={t('dialogueUi:agreement.who')} error={step.errors[`commitments.${index}.owner`]}>
              {(control) => (
                <select {...control} value={row.owner} onChange={(e) => change(row.key, { owner: e.target.value as CommitmentOwner })}>
                  {COMMITMENT_OWNERS.map((owner) => (
                    <option key={owner} value={owner}>
                      {t(`dialogue:commitmentOwner.${owner}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id={`${id}-${row.key}-what`} label={t('dialogueUi:agreement.what')} error={step.errors[`commitments.${index}.description`]}>
              {(control) => <textarea {...control} rows={2} value={row.description} onChange={(e) => change(row.key, { description: e.target.value })} />}
            </Field>
            <Field id={`${id}-${row.key}-when`} label={t('dialogueUi:agreement.byWhen')} error={step.errors[`commitments.${index}.dueOn`]}>
              {(control) => <input {...control} type="date" value={row.dueOn} onChange={(e) => change(row.key, { dueOn: e.target.value })} />}
            </Field>
            {rows.length > 1 && (
              <button type="button" className="button button-secondary button-small" onClick={() => setRows((all) => all.filter((r) => r.key !== row.key))}>
                {t('dialogueUi:agreement.removeCommitment', { number: index + 1 })}
              </button>
            )}
          </div>
        ))}
        <button
          type="button"
          className="button button-secondary"
          onClick={() => setRows((all) => [...all, { key: crypto.randomUUID(), owner: 'company', description: '', dueOn: '' }])}
        >
          {t('dialogueUi:agreement.addCommitment')}
        </button>
      </fieldset>
      <SubmitCancelRow busy={step.busy} label={t('dialogueUi:agreement.send')} cancelLabel={t('dialogueUi:common.cancel')} onCancel={onCancel} />
    </form>
  );
}
