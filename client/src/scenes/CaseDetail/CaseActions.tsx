/**
 * What the reader may do with a case now, exactly as the server allows it (allowedActions and
 * allowedOperations): each action opens a confirmation, with a reason and a referral when the
 * lifecycle requires them; 409 and field errors are shown in place.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ACTIONS_WITH_OWN_COMMAND, type CaseAction } from '../../../../shared/caseLifecycle';
import type { CompanyDto } from '../../../../shared/types/api';
import type { AttachmentLimitsDto, CaseDetailDto, CaseOperation } from '../../../../shared/types/intake';
import { PETITION_KINDS, type DeadlinePolicyInfoDto, type PetitionKind } from '../../../../shared/types/deadlines';
import { caseTransitionSchema, INTAKE_LIMITS, releaseRedFlagSchema, routeCaseSchema } from '../../../../shared/validation/intake';
import { apiSend, toApiError } from '../../api/client';
import { AttachmentPicker, type PendingFile } from '../../components/AttachmentPicker';
import { CountedTextarea } from '../../components/CountedTextarea';
import { Field } from '../../components/Field';
import { UploadQueue } from '../../components/UploadQueue';
import { checkWith, errorText, type FieldMessages } from '../../forms/fieldMessages';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useMechanism } from '../../hooks/useMechanism';
import { UI_NAMESPACES } from '../../i18n';
import { SubmitCancelRow, submitWith } from '../../components/SubmitForm';
import '../../styles/cases.css';
import '../../styles/screens.css';

type Chosen = { kind: 'action'; action: CaseAction } | { kind: 'operation'; operation: Exclude<CaseOperation, 'attach'> };

/** The allowed status actions taken through this form: those of the generic transitions route. */
function formActions(detail: CaseDetailDto): CaseAction[] {
  return detail.allowedActions.filter((action) => !ACTIONS_WITH_OWN_COMMAND.includes(action));
}

/** What the form's button says: the deed itself ("Sí, admitir la queja"), never the toggle's name again. */
type SubmitKey = 'acknowledge' | 'admit' | 'not_admit' | 'start_mediation' | 'withdraw' | 'close_unresolved' | 'route' | 'release_red_flag';

/**
 * Buttons for every allowed action (routing offers the mechanism's companies); `onChanged` receives the case as
 * the server returns it, `announce` reads out in the page's live region that it was done, `onReload` refetches it.
 */
export function CaseActions({
  detail,
  onChanged,
  announce,
  onReload,
}: {
  detail: CaseDetailDto;
  onChanged: (detail: CaseDetailDto) => void;
  announce: (message: string) => void;
  onReload: () => void;
}) {
  const { t } = useTranslation(UI_NAMESPACES);
  const companies = useMechanism().data?.companies ?? [];
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const operations = detail.allowedOperations.filter((op): op is Exclude<CaseOperation, 'attach'> => op !== 'attach');
  const canAttach = detail.allowedOperations.includes('attach');
  if (formActions(detail).length === 0 && operations.length === 0 && !canAttach) return null;

  const label = (c: Chosen) => (c.kind === 'action' ? t(`domain:action.${c.action}`) : t(`intake:operation.${c.operation}`));
  const same = (a: Chosen | null, b: Chosen) =>
    a !== null && a.kind === b.kind && (a.kind === 'action' ? a.action === (b as typeof a).action : a.operation === (b as typeof a).operation);
  const choices: Chosen[] = [
    // Agreements, their answers and reopening have their own panels (with the commitments, the
    // versions, the appeal window): offering them here too would be a second, poorer way to do them.
    ...formActions(detail).map((action): Chosen => ({ kind: 'action', action })),
    ...operations.map((operation): Chosen => ({ kind: 'operation', operation })),
  ];

  return (
    <section aria-labelledby="case-actions-title" className="case-actions">
      <h2 id="case-actions-title">{t('intakeUi:actions.title')}</h2>
      {choices.length > 0 && (
        <div className="button-row">
          {choices.map((choice) => (
            <button
              key={label(choice)}
              type="button"
              className="button button-secondary"
              aria-expanded={same(chosen, choice)}
              onClick={() => setChosen(same(chosen, choice) ? null : choice)}
            >
              {label(choice)}
            </button>
          ))}
        </div>
      )}
      {chosen && (
        <ActionForm
          key={label(chosen)}
          chosen={chosen}
          title={label(chosen)}
          detail={detail}
          companies={companies}
          onCancel={() => setChosen(null)}
          onDone={(updated) => {
            setChosen(null);
            onChanged(updated);
            announce(t('intakeUi:actions.done'));
          }}
        />
      )}
      {canAttach && <AttachMore detail={detail} onUploaded={onReload} />}
    </section>
  );
}

function ActionForm({
  chosen,
  title,
  detail,
  companies,
  onCancel,
  onDone,
}: {
  chosen: Chosen;
  title: string;
  detail: CaseDetailDto;
  companies: CompanyDto[];
  onCancel: () => void;
  onDone: (detail: CaseDetailDto) => void;
}) {
  const { t } = useTranslation(UI_NAMESPACES);
  const id = useId();
  const [reason, setReason] = useState('');
  const [referralTo, setReferralTo] = useState('');
  const [referralNote, setReferralNote] = useState('');
  const [companyId, setCompanyId] = useState('');
  const [petitionKind, setPetitionKind] = useState<PetitionKind>('general');
  const [errors, setErrors] = useState<FieldMessages>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const needs =
    chosen.kind === 'action'
      ? (detail.actionRequirements[chosen.action] ?? { reason: false, referral: false })
      : { reason: chosen.operation === 'release_red_flag', referral: false };
  const isRoute = chosen.kind === 'operation' && chosen.operation === 'route';
  const isAdmit = chosen.kind === 'action' && chosen.action === 'admit';

  async function submit() {
    setFailure(null);
    let path: string;
    let body: Record<string, unknown>;
    let problems: FieldMessages | null;
    if (chosen.kind === 'action') {
      body = {
        action: chosen.action,
        reason: reason || undefined,
        referral: needs.referral ? { to: referralTo, note: referralNote || undefined } : undefined,
        petitionKind: isAdmit ? petitionKind : undefined,
      };
      problems = checkWith(caseTransitionSchema, body) ?? {};
      // The lifecycle says which actions need a reason; the schema alone cannot know it.
      if (needs.reason && reason.trim() === '') problems.reason ??= errorText('validation.required');
      if (needs.referral && referralTo.trim() === '') problems['referral.to'] = errorText('validation.referral_required');
      path = `/api/cases/${detail.id}/transitions`;
    } else if (isRoute) {
      body = { companyId, reason: reason || undefined };
      problems = checkWith(routeCaseSchema, body);
      path = `/api/cases/${detail.id}/route`;
    } else {
      body = { reason };
      problems = checkWith(releaseRedFlagSchema, body);
      path = `/api/cases/${detail.id}/release-red-flag`;
    }
    if (problems && Object.keys(problems).length > 0) {
      setErrors(problems);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      onDone(await apiSend<CaseDetailDto>('POST', path, body));
    } catch (error) {
      const apiError = toApiError(error);
      setErrors(apiError.fieldMessages());
      setFailure(apiError.message);
      setBusy(false);
    }
  }

  const confirmKey = chosen.kind === 'action' ? chosen.action : chosen.operation;
  return (
    <form className="form action-form" noValidate aria-labelledby={`${id}-title`} onSubmit={submitWith(submit)}>
      <h3 id={`${id}-title`}>{title}</h3>
      <p>{t(`intakeUi:actions.confirm.${confirmKey}`)}</p>
      {failure && (
        <p className="alert alert-error" role="alert">
          {failure}
        </p>
      )}
      {isRoute && (
        <Field id={`${id}-company`} label={t('intakeUi:actions.company')} error={errors.companyId}>
          {(control) => (
            <select {...control} value={companyId} onChange={(event) => setCompanyId(event.target.value)}>
              <option value="">{t('intakeUi:common.choose')}</option>
              {companies.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {isAdmit && <PetitionKindField id={`${id}-kind`} value={petitionKind} onChange={setPetitionKind} error={errors.petitionKind} />}
      {(needs.reason || chosen.kind === 'action' || isRoute) && !(chosen.kind === 'action' && chosen.action === 'acknowledge') && (
        <Field
          id={`${id}-reason`}
          label={needs.reason ? t('intakeUi:actions.reason') : t('intakeUi:actions.reasonOptional')}
          hint={t('intakeUi:actions.reasonHint')}
          error={errors.reason}
        >
          {(control) => <CountedTextarea control={control} rows={4} value={reason} onChange={setReason} maximum={INTAKE_LIMITS.reasonMax} />}
        </Field>
      )}
      {needs.referral && (
        <>
          <Field
            id={`${id}-referral`}
            label={t('intakeUi:actions.referralTo')}
            hint={t('intakeUi:actions.referralToHint')}
            error={errors['referral.to'] ?? errors.referral}
          >
            {(control) => (
              <input
                {...control}
                type="text"
                maxLength={INTAKE_LIMITS.referralMax}
                value={referralTo}
                onChange={(event) => setReferralTo(event.target.value)}
              />
            )}
          </Field>
          <Field
            id={`${id}-referral-note`}
            label={t('intakeUi:actions.referralNote')}
            hint={t('intakeUi:actions.referralNoteHint')}
            error={errors['referral.note']}
          >
            {(control) => <CountedTextarea control={control} rows={3} value={referralNote} onChange={setReferralNote} maximum={INTAKE_LIMITS.reasonMax} />}
          </Field>
        </>
      )}
      <SubmitCancelRow
        busy={busy}
        label={busy ? t('intakeUi:actions.sending') : t(`intakeUi:actions.submit.${confirmKey as SubmitKey}`)}
        cancelLabel={t('intakeUi:actions.cancel')}
        onCancel={onCancel}
        cancelDisabled={busy}
      />
    </form>
  );
}

/**
 * The kind of petition the ombudsman admits the case as (Ley 1755 de 2015, art. 14), each with the
 * company's first-answer term in this mechanism, so the choice says what it sets.
 */
function PetitionKindField({ id, value, onChange, error }: { id: string; value: PetitionKind; onChange: (kind: PetitionKind) => void; error?: string }) {
  const { t } = useTranslation(UI_NAMESPACES);
  const policy = useApiQuery<DeadlinePolicyInfoDto>('/api/deadline-policy');
  const terms = policy.data?.policy;
  const daysOf = (kind: PetitionKind) =>
    !terms ? null : kind === 'documents' ? terms.documentsAnswerDays : kind === 'consultation' ? terms.consultationAnswerDays : terms.firstAnswerDays;
  const days = daysOf(value);
  return (
    <Field
      id={id}
      label={t('deadlinesUi:admission.petitionKind')}
      hint={days === null ? undefined : t(`deadlines:petitionKindExplained.${value}`, { count: days })}
      error={error}
    >
      {(control) => (
        <select {...control} value={value} onChange={(event) => onChange(event.target.value as PetitionKind)}>
          {PETITION_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`deadlines:petitionKind.${kind}`)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

function AttachMore({ detail, onUploaded }: { detail: CaseDetailDto; onUploaded: () => void }) {
  const { t } = useTranslation(UI_NAMESPACES);
  const limits = useApiQuery<AttachmentLimitsDto>('/api/attachments/limits');
  const [files, setFiles] = useState<PendingFile[]>([]);
  const [sending, setSending] = useState<PendingFile[] | null>(null);
  return (
    <div className="attach-more">
      <h3>{t('intake:operation.attach')}</h3>
      {sending ? (
        <>
          <UploadQueue caseId={detail.id} files={sending} onUploaded={onUploaded} />
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setSending(null);
              setFiles([]);
            }}
          >
            {t('intakeUi:actions.attachMore')}
          </button>
        </>
      ) : (
        <>
          <AttachmentPicker files={files} onChange={setFiles} limits={limits.data} alreadyAttached={detail.attachments.length} />
          {files.length > 0 && (
            <button type="button" className="button button-primary" onClick={() => setSending(files)}>
              {t('intakeUi:actions.upload', { count: files.length })}
            </button>
          )}
        </>
      )}
    </div>
  );
}
