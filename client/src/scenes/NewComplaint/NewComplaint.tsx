/**
 * `/presentar-queja`: the intake form, one question per screen with "Paso n de m", back and next, a
 * review and the send. Each step is checked with the shared schema; the draft (with its step and its
 * idempotency key) survives a reload; after sending, the receipt is shown and the files are uploaded.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MechanismDto } from '../../../../shared/types/api';
import type { AttachmentLimitsDto, DataPolicyDto, FileComplaintResponse } from '../../../../shared/types/intake';
import { ApiError, apiSend, toApiError } from '../../api/client';
import { AttachmentPicker, type PendingFile } from '../../components/AttachmentPicker';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ErrorSummary, focusSummary } from '../../components/ErrorSummary';
import { Loading } from '../../components/Loading';
import { UploadQueue } from '../../components/UploadQueue';
import type { FieldMessages } from '../../forms/fieldMessages';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useMechanism, withPublicMechanism } from '../../hooks/useMechanism';
import { usePageTitle } from '../../hooks/usePageTitle';
import { useSession } from '../../hooks/useSession';
import { UI_NAMESPACES } from '../../i18n';
import { checkStep, clearDraft, loadDraft, newDraft, saveDraft, STEPS, stepOfField, toRequest, type ComplaintDraft, type Step } from './draft';
import { Receipt } from './Receipt';
import { Review } from './Review';
import { CategoriesStep, CompanyStep, ConsentStep, EquityStep, IdentityStep, WhatStep, WhereStep, WhoStep } from './Steps';

/** Roles that may file; liaisons, the ombudsman and admins answer complaints, they do not file them. */
const FILING_ROLES = ['complainant', 'facilitator'] as const;

interface Filed {
  response: FileComplaintResponse;
  at: string;
  files: PendingFile[];
  firstReader: FirstReader;
}

/**
 * Who answers a complaint first, as the receipt page tells the person: the company it names, or the
 * ombudsman — who routes a complaint naming no company, and reviews alone one about a safety topic
 * (a red-flag category) before any company may see it.
 */
type FirstReader = { who: 'company'; company: string } | { who: 'ombudsmanRoutes' } | { who: 'ombudsmanReviews' };

function firstReaderOf(draft: ComplaintDraft, mechanism: MechanismDto): FirstReader {
  const chosen = mechanism.categories.filter((c) => draft.categoryCodes.includes(c.code));
  if (chosen.some((c) => c.redFlag)) return { who: 'ombudsmanReviews' };
  const company = mechanism.companies.find((c) => c.id === draft.company);
  return company ? { who: 'company', company: company.name } : { who: 'ombudsmanRoutes' };
}

/** `/presentar-queja` */
export function NewComplaint() {
  const { t } = useTranslation(UI_NAMESPACES);
  const { user, status } = useSession();
  const [filed, setFiled] = useState<Filed | null>(null);
  const inWizard = !filed && status !== 'loading' && !(user && !(FILING_ROLES as readonly string[]).includes(user.role));
  // The wizard names each of its steps in the title itself.
  usePageTitle(filed ? t('intakeUi:receipt.pageTitle') : inWizard ? null : t('intakeUi:title'));

  if (status === 'loading') return <Loading />;
  if (user && !(FILING_ROLES as readonly string[]).includes(user.role)) {
    return (
      <div className="stack">
        <h1>{t('intakeUi:title')}</h1>
        <p className="callout">{t('intakeUi:notForRole')}</p>
      </div>
    );
  }
  if (filed) return <Sent filed={filed} loggedIn={user !== null} onAnother={() => setFiled(null)} />;
  return <Wizard isFacilitator={user?.role === 'facilitator'} onFiled={setFiled} />;
}

function Wizard({ isFacilitator, onFiled }: { isFacilitator: boolean; onFiled: (filed: Filed) => void }) {
  const { t } = useTranslation(UI_NAMESPACES);
  const mechanism = useMechanism();
  const policy = useApiQuery<DataPolicyDto>(withPublicMechanism('/api/data-policy'));
  const limits = useApiQuery<AttachmentLimitsDto>('/api/attachments/limits');
  const [draft, setDraft] = useState<ComplaintDraft>(loadDraft);
  const [files, setFiles] = useState<PendingFile[]>([]);
  const [errors, setErrors] = useState<FieldMessages>({});
  const [sendError, setSendError] = useState<ApiError | null>(null);
  const [sending, setSending] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const errorSummaryRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const errorMessages = useMemo(() => Object.values(errors), [errors]);
  const filer = { isFacilitator };
  const stepIndex = STEPS.indexOf(draft.step);
  const stepNumber = stepIndex + 1;
  // Each step is a screen of its own: the tab says which, so a person (and a screen reader) knows where they are.
  usePageTitle(t('intakeUi:stepPageTitle', { step: stepNumber, total: STEPS.length, title: t(`intakeUi:steps.${draft.step}.title`) }));

  // Every change is kept on the device at once, so a reload or a dropped signal loses nothing.
  useEffect(() => saveDraft(draft), [draft]);

  // A new version of the data policy must be read and accepted again.
  const currentPolicy = policy.data?.version;
  useEffect(() => {
    if (currentPolicy && draft.consentAccepted && draft.consentVersion !== currentPolicy) {
      setDraft((d) => ({ ...d, consentAccepted: false, consentVersion: currentPolicy }));
    }
  }, [currentPolicy, draft.consentAccepted, draft.consentVersion]);

  const update = useCallback((patch: Partial<ComplaintDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    // An answer being corrected should not keep shouting its old error.
    setErrors((e) => {
      const next = { ...e };
      for (const key of Object.keys(patch)) delete next[key];
      return next;
    });
  }, []);

  const focusAfterRender = (target: 'heading' | 'errors') => {
    window.requestAnimationFrame(() => {
      if (target === 'errors') {
        focusSummary(errorSummaryRef.current);
      } else {
        headingRef.current?.focus({ preventScroll: true });
        window.scrollTo(0, 0);
      }
    });
  };

  /** Moves to `step`; from the review's error list the server's messages stay beside their fields. */
  function goTo(step: Step, keepErrors = false) {
    if (!keepErrors) setErrors({});
    setSendError(null);
    setDraft((d) => ({ ...d, step, attachmentNames: files.map((f) => f.file.name) }));
    focusAfterRender('heading');
  }

  function next() {
    const problems = checkStep(draft, draft.step, filer);
    if (problems) {
      setErrors(problems);
      focusAfterRender('errors');
      return;
    }
    const following = STEPS[stepIndex + 1];
    if (following) goTo(following);
  }

  function back() {
    const previous = STEPS[stepIndex - 1];
    if (previous) goTo(previous);
  }

  async function send() {
    const problems = checkStep(draft, 'review', filer);
    if (problems) {
      setErrors(problems);
      focusAfterRender('errors');
      return;
    }
    setSending(true);
    setSendError(null);
    try {
      const response = await apiSend<FileComplaintResponse>('POST', withPublicMechanism('/api/complaints'), toRequest(draft, filer));
      // Filed: the complaint's words must not stay on this (possibly shared) phone.
      clearDraft();
      onFiled({ response, at: new Date().toISOString(), files, firstReader: firstReaderOf(draft, mechanism.data!) });
    } catch (error) {
      const apiError = toApiError(error);
      setSendError(apiError);
      setErrors(apiError.fieldMessages());
      setSending(false);
      focusAfterRender('errors');
    }
  }

  function startAgainWithNewKey() {
    // The server saw this key with other answers: keep the answers, send them as a new complaint.
    setDraft((d) => ({ ...d, idempotencyKey: crypto.randomUUID() }));
    setSendError(null);
  }

  function discardDraft() {
    if (!window.confirm(t('intakeUi:nav.discardConfirm'))) return;
    clearDraft();
    setDraft(newDraft());
    setFiles([]);
    setErrors({});
    setSendError(null);
    focusAfterRender('heading');
  }

  if (!mechanism.data) {
    return mechanism.error ? <ErrorMessage message={mechanism.error.message} onRetry={() => void mechanism.reload()} busy={mechanism.loading} /> : <Loading />;
  }
  const data = mechanism.data;
  const stepProps = { draft, update, errors, filer };
  const errorEntries = Object.entries(errors);
  const forgottenFiles = draft.attachmentNames.filter((name) => !files.some((f) => f.file.name === name));

  return (
    <div className="stack wizard">
      <div>
        <h1>{t('intakeUi:title')}</h1>
        <p className="wizard-progress" aria-hidden="true">
          <progress max={STEPS.length} value={stepNumber} />
        </p>
        <p className="step-count">{t('intakeUi:stepOf', { step: stepNumber, total: STEPS.length })}</p>
      </div>

      <form
        ref={formRef}
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (draft.step === 'review') void send();
          else next();
        }}
        aria-labelledby="step-title"
        aria-busy={sending}
      >
        <h2 id="step-title" ref={headingRef} tabIndex={-1}>
          <span className="visually-hidden">{t('intakeUi:stepOf', { step: stepNumber, total: STEPS.length })}: </span>
          {t(`intakeUi:steps.${draft.step}.title`)}
        </h2>
        <p className="lead-small">{t(`intakeUi:steps.${draft.step}.intro`)}</p>

        {errorEntries.length > 0 && draft.step !== 'review' && (
          <ErrorSummary
            ref={errorSummaryRef}
            form={formRef}
            messages={errorMessages}
            intro={sendError && sendError.code !== 'validation_failed' ? sendError.message : t('intakeUi:errorsIntro', { count: errorEntries.length })}
          />
        )}
        {errorEntries.length > 0 && draft.step === 'review' && (
          // The fields in trouble are on other steps: each line says which step and takes the person there.
          <div className="alert alert-error" role="alert" tabIndex={-1} ref={errorSummaryRef}>
            <p>
              <span className="alert-icon" aria-hidden="true">
                !
              </span>{' '}
              {sendError && sendError.code !== 'validation_failed' ? sendError.message : t('intakeUi:errorsIntro', { count: errorEntries.length })}
            </p>
            <ul>
              {errorEntries.map(([field, message]) => (
                <li key={field}>
                  {t(`intakeUi:steps.${stepOfField(field)}.title`)}: {message}{' '}
                  <button type="button" className="link-button" onClick={() => goTo(stepOfField(field), true)}>
                    {t('intakeUi:review.change')}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
        {sendError && errorEntries.length === 0 && (
          <div className="alert alert-error" role="alert" tabIndex={-1} ref={errorSummaryRef}>
            <p>{sendError.message}</p>
            {sendError.code === 'idempotency_conflict' ? (
              <button type="button" className="button button-secondary" onClick={startAgainWithNewKey}>
                {t('intakeUi:send.asNew')}
              </button>
            ) : (
              <p>{t('intakeUi:send.safeToRetry')}</p>
            )}
          </div>
        )}

        {draft.step === 'what' && <WhatStep {...stepProps} />}
        {draft.step === 'evidence' && (
          <>
            {forgottenFiles.length > 0 && (
              <p className="callout">{t('intakeUi:files.repick', { names: forgottenFiles.join(', ') })}</p>
            )}
            <AttachmentPicker files={files} onChange={setFiles} limits={limits.data} />
            <p className="hint">{t('intakeUi:files.afterSend')}</p>
          </>
        )}
        {draft.step === 'where' && <WhereStep {...stepProps} mechanism={data} />}
        {draft.step === 'company' && <CompanyStep {...stepProps} mechanism={data} />}
        {draft.step === 'categories' && <CategoriesStep {...stepProps} mechanism={data} />}
        {draft.step === 'who' && <WhoStep {...stepProps} />}
        {draft.step === 'identity' && <IdentityStep {...stepProps} />}
        {draft.step === 'equity' && <EquityStep {...stepProps} />}
        {draft.step === 'consent' && <ConsentStep {...stepProps} policy={policy} />}
        {draft.step === 'review' && <Review draft={draft} files={files} mechanism={data} filer={filer} onChange={goTo} />}

        <div className="wizard-nav">
          {stepIndex > 0 && (
            <button type="button" className="button button-secondary" onClick={back} disabled={sending}>
              {t('intakeUi:nav.back')}
            </button>
          )}
          {draft.step === 'review' ? (
            <button type="submit" className="button button-primary" disabled={sending}>
              {sending ? t('intakeUi:send.sending') : t('intakeUi:send.send')}
            </button>
          ) : (
            <button type="submit" className="button button-primary">
              {t('intakeUi:nav.next')}
            </button>
          )}
        </div>
      </form>
      <p className="hint">
        {t('intakeUi:nav.savedOnDevice')}{' '}
        <button type="button" className="link-button" onClick={discardDraft}>
          {t('intakeUi:nav.discard')}
        </button>
      </p>
    </div>
  );
}

/** After sending: the receipt, the uploads, and where to follow the case. */
function Sent({ filed, loggedIn, onAnother }: { filed: Filed; loggedIn: boolean; onAnother: () => void }) {
  const { t } = useTranslation(UI_NAMESPACES);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const { response } = filed;
  return (
    <div className="stack">
      <h1 ref={headingRef} tabIndex={-1} className="no-print">
        {response.alreadyFiled ? t('intakeUi:receipt.alreadyFiled') : t('intakeUi:receipt.heading')}
      </h1>
      <Receipt filed={response} filedAt={filed.at} />
      {filed.files.length > 0 && (
        <section className="no-print" aria-labelledby="uploads-title">
          <h2 id="uploads-title">{t('intakeUi:upload.title')}</h2>
          <p>{t('intakeUi:upload.intro')}</p>
          <UploadQueue caseId={response.caseId} files={filed.files} />
        </section>
      )}
      <section className="no-print" aria-labelledby="next-title">
        <h2 id="next-title">{t('intakeUi:receipt.nextTitle')}</h2>
        <p>
          {/* A retry may find the case already moved on: then its status says where it is. */}
          {response.status !== 'received'
            ? t(`domain:statusExplained.${response.status}`)
            : filed.firstReader.who === 'company'
              ? t('intakeUi:receipt.next.company', { company: filed.firstReader.company })
              : t(`intakeUi:receipt.next.${filed.firstReader.who}`)}
        </p>
        <div className="button-row">
          <Link className="button button-primary" to={`/seguimiento?ref=${encodeURIComponent(response.reference)}`}>
            {t('intakeUi:receipt.track')}
          </Link>
          {loggedIn && (
            <Link className="button button-secondary" to={`/casos/${response.caseId}`}>
              {t('intakeUi:receipt.openCase')}
            </Link>
          )}
          <button type="button" className="button button-secondary" onClick={onAnother}>
            {t('intakeUi:receipt.another')}
          </button>
        </div>
      </section>
    </div>
  );
}
