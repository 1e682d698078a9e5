/**
 * `/presentar-queja`: the intake form, one question per screen with "Paso n de m", back and next, a
 * review and the send. Each step is checked with the shared schema; the draft (with its step and its
 * idempotency key) survives a reload. "Enviar" saves the complaint with its files on the phone (the send
 * queue, docs/offline-intake.md) and shows its receipt at once; the queue sends it — now, or by itself
 * when the signal returns. When the signal is there, the form waits for the first try, so a refusal is
 * shown beside the fields as before. Facilitators and ombudsman officers can work in field mode.
 */
import { Suspense, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'wouter';
import type { AttachmentLimitsDto, DataPolicyDto } from '../../../../shared/types/intake';
import { ApiError } from '../../api/client';
import type { PendingFile } from '../../components/AttachmentPicker';
import type { PreparedAttachment } from '../../media/prepareAttachment';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ListenButton, prefetchClipsLater } from '../../components/ListenButton';
import { Loading } from '../../components/Loading';
import type { FieldMessages } from '../../forms/fieldMessages';
import { useApiQuery } from '../../hooks/useApiQuery';
import { publicMechanismSlug, useMechanism, withPublicMechanism } from '../../hooks/useMechanism';
import { usePageTitle } from '../../hooks/usePageTitle';
import { useSession } from '../../hooks/useSession';
import { hasTexts, loadTexts, UI_NAMESPACES } from '../../i18n';
import { takeRestoredFiles } from '../../offline/restoredFiles';
import { mayWorkInField, useWithDeviceCopy } from '../../offline/fieldMode';
import { useFiler, type Filer } from '../../offline/useFiler';
import { keepTrying, lazyPart } from '../../shell/lazyPart';
import { afterInCharge, markAppInCharge } from '../../shell/inCharge';
import { useKeepsWork } from '../../shell/formsInProgress';
import { clearDraft, draftStarted, loadDraft, newDraft, saveDraft, STEPS, type ComplaintDraft, type FilerContext, type Step } from './draft';
import { keepTypedInDraft, takeOverDrawnFirstStep, withTyped, type TypedBeforeStart } from './drawnFirstStep';
import { WhatStep } from './steps/WhatStep';

// The files' picker and voice recorder are not needed for the first question: they arrive while the
// person answers it (see `update`), or come from the service worker's precache.
const loadAttachmentPicker = () => import('../../components/AttachmentPicker');
// Nor are the send queue (IndexedDB), its list and the receipt screen: the list downloads as the form
// is drawn; the queue's code and the receipt screen as the person starts answering (with the checks),
// so that a complaint sent after the signal went still gets its receipt.
const QueueList = lazyPart(afterInCharge(() => import('../../offline/QueueList').then((m) => m.QueueList)));
const loadSent = () => import('./Sent');
const loadSendQueue = () => import('../../offline/sendQueue');
// The checks (with zod), the error summary and the sending (the receipt made on the phone with it)
// download at the first answer typed, or at the first "Siguiente" (sendingParts.ts).
const loadSendingParts = () => import('./sendingParts');
type SendingParts = Awaited<ReturnType<typeof loadSendingParts>>;
const loadIntakeSchema = () => loadSendingParts().then((m) => m.loadIntakeSchema());
const Sent = lazyPart(() => loadSent().then((m) => m.Sent));
// Field mode's switch is for facilitators and officers only: it downloads once the session says so.
const FieldModePanel = lazyPart(() => import('./FieldModePanel').then((m) => m.FieldModePanel));
// The steps after the first and the review are not needed to draw the first question: they download
// with the first answer typed (`update`), or at once for a form opened on a later step.
const loadLaterSteps = () => import('./steps/laterSteps');
/** The code of every step after the first: the later steps, the review and the files' picker. */
const loadStepCode = () =>
  Promise.all([loadLaterSteps(), loadAttachmentPicker()]).then(([steps, picker]) => ({ ...steps, AttachmentPicker: picker.AttachmentPicker }));
type StepCode = Awaited<ReturnType<typeof loadStepCode>>;

/** Downloads what sending and the receipt need (once; tried again until it arrives). */
function prepareToSend(): void {
  void keepTrying(loadLaterSteps);
  void keepTrying(loadSendQueue);
  void keepTrying(loadSendingParts);
  void keepTrying(loadSent);
}

/** Roles that may file; liaisons and admins answer or run complaints, they do not file them. */
const FILING_ROLES = ['complainant', 'facilitator'] as const;

/** `/presentar-queja` */
export function NewComplaint() {
  const { t } = useTranslation([...UI_NAMESPACES, 'offline']);
  const { status } = useSession();
  const filer = useFiler();
  const [params, setParams] = useSearchParams();
  const shown = params.get('comprobante');
  // A complaint sent back for correcting replaces the form's draft: the form starts again from it.
  const [wizardKey, setWizardKey] = useState(0);
  const role = filer.user?.role;
  const inWizard = !shown && status !== 'loading' && (!role || (FILING_ROLES as readonly string[]).includes(role) || (role === 'ombudsman' && filer.fieldMode));
  // The wizard names each of its steps in the title itself.
  usePageTitle(shown ? t('intakeUi:receipt.pageTitle') : inWizard ? null : t('intakeUi:title'));
  // The page may have come with the form's first screen drawn in (drawnFirstStep.ts): the form takes
  // over from it itself; anything else shown here does now, keeping what was typed in the draft.
  useLayoutEffect(() => {
    if (status !== 'loading' && !inWizard) {
      keepTypedInDraft();
      markAppInCharge();
    }
  }, [status, inWizard]);

  if (status === 'loading') return <Loading />;
  if (shown) {
    return (
      <Suspense fallback={<Loading />}>
        <Sent id={shown} onAnother={() => setParams({})} />
      </Suspense>
    );
  }
  if (role && !(FILING_ROLES as readonly string[]).includes(role) && role !== 'ombudsman') {
    return (
      <div className="stack">
        <h1>{t('intakeUi:title')}</h1>
        <p className="callout">{t('intakeUi:notForRole')}</p>
      </div>
    );
  }
  const fieldPanel = mayWorkInField(role) ? (
    <Suspense fallback={null}>
      <FieldModePanel filer={filer} />
    </Suspense>
  ) : null;
  return (
    <div className="stack">
      {role === 'ombudsman' && !filer.fieldMode ? (
        <>
          <h1>{t('intakeUi:title')}</h1>
          {fieldPanel}
          <p className="callout">{t('offline:field.officerOnly')}</p>
        </>
      ) : (
        <Wizard key={wizardKey} filer={filer} fieldPanel={fieldPanel} onFiled={(id) => setParams({ comprobante: id })} />
      )}
      <Suspense fallback={null}>
        <QueueList onCorrected={() => setWizardKey((k) => k + 1)} />
      </Suspense>
    </div>
  );
}

function Wizard({ filer, fieldPanel, onFiled }: { filer: Filer; fieldPanel: ReactNode; onFiled: (id: string) => void }) {
  const { t, i18n } = useTranslation([...UI_NAMESPACES, 'offline']);
  const language = i18n.language;
  // Without signal the form keeps working from copies of its lists, policy and limits kept on the phone.
  const mechanism = useWithDeviceCopy(`mechanism|${filer.user ? 'own' : (publicMechanismSlug() ?? '')}|${language}`, useMechanism());
  const policyPath = withPublicMechanism('/api/data-policy');
  const policy = useWithDeviceCopy(`${policyPath}|${filer.user?.id ?? ''}|${language}`, useApiQuery<DataPolicyDto>(policyPath));
  const limits = useWithDeviceCopy('/api/attachments/limits', useApiQuery<AttachmentLimitsDto>('/api/attachments/limits'));
  const [draft, setDraft] = useState<ComplaintDraft>(loadDraft);
  // Files of a complaint sent back for correcting come back with it.
  const [restored] = useState(takeRestoredFiles);
  const [files, setFiles] = useState<PendingFile[]>(() => restored.map(({ key, file }) => ({ key, file })));
  const [thumbprintKey, setThumbprintKey] = useState<string | null>(() => restored.find((f) => f.thumbprint)?.key ?? null);
  const [errors, setErrors] = useState<FieldMessages>({});
  const [sendError, setSendError] = useState<ApiError | null>(null);
  const [sending, setSending] = useState(false);
  // The error summary (and the rest of sendingParts.ts), once the first check has downloaded it.
  const [parts, setParts] = useState<SendingParts | null>(null);
  // The later steps' code, held here once downloaded (as `parts`). A step is drawn only with its code —
  // "Siguiente" waits for it with the checks — never as a "Cargando…" line that its question replaces a
  // moment later (React holds a fallback at least 300 ms), pushing "Siguiente" from under a finger or a
  // pointer about to press it: a press and its release then land on two places and the button is missed.
  const [stepCode, setStepCode] = useState<StepCode | null>(null);
  const awaitingStepCode = draft.step !== STEPS[0] && !stepCode;
  useEffect(() => {
    if (awaitingStepCode) void keepTrying(loadStepCode).then(setStepCode);
  }, [awaitingStepCode]);
  // Checking waits for the schema's download the first time; a second press must not skip a step.
  const [checking, setChecking] = useState(false);
  const checkingRef = useRef(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const errorSummaryRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const errorMessages = useMemo(() => Object.values(errors), [errors]);
  // Errors found without a check (a refused thumbprint photo on a form reopened at that step) get their summary too.
  const hasErrors = errorMessages.length > 0;
  useEffect(() => {
    if (hasErrors && !parts) void keepTrying(loadSendingParts).then(setParts);
  }, [hasErrors, parts]);
  const role = filer.user?.role;
  // Facilitators, and officers in field mode, file for someone else.
  const receiver = mayWorkInField(role);
  const filerContext: FilerContext = {
    isFacilitator: receiver,
    fieldMode: receiver && filer.fieldMode,
    hasThumbprintPhoto: thumbprintKey !== null && files.some((f) => f.key === thumbprintKey),
    hasVoiceNote: draft.voiceNoteKey !== '' && files.some((f) => f.key === draft.voiceNoteKey),
  };
  // Spoken help in the language on screen; a copy of the lists kept by an older release has none.
  const clips = mechanism.data?.spokenHelp?.clips ?? {};
  const voiceNote = (draft.voiceNoteKey && files.find((f) => f.key === draft.voiceNoteKey)?.file) || null;
  // Once the page has loaded, the steps' questions are kept on the phone for a visit with no signal.
  const questionClips = STEPS.map((s) => clips[`step.${s}`])
    .filter((u): u is string => Boolean(u))
    .join(' ');
  useEffect(() => {
    if (questionClips) prefetchClipsLater(questionClips.split(' '));
  }, [questionClips]);
  const update = useCallback((patch: Partial<ComplaintDraft>) => {
    // The first answer typed is the moment to fetch the checks (zod), the rest of the texts and the next
    // step's code, well before "Siguiente".
    loadIntakeSchema().catch(() => undefined);
    loadTexts('first').catch(() => undefined);
    loadAttachmentPicker().catch(() => undefined);
    prepareToSend();
    setDraft((d) => ({ ...d, ...patch }));
    // An answer being corrected should not keep shouting its old error.
    setErrors((e) => {
      const next = { ...e };
      for (const key of Object.keys(patch)) delete next[key];
      return next;
    });
  }, []);

  // Taking over from the form's first screen drawn into the page (drawnFirstStep.ts) once the form (or
  // its error) is drawn, in the same frame: what was typed moves into the draft, the caret into the field.
  const drawn = Boolean(mechanism.data) || Boolean(mechanism.error);
  const caretToRestore = useRef<(NonNullable<TypedBeforeStart['focus']> & { value: string }) | null>(null);
  useLayoutEffect(() => {
    if (!drawn) return;
    const taken = takeOverDrawnFirstStep();
    markAppInCharge();
    if (!taken) return;
    const patch = withTyped(draft, taken.values);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the words were typed into the page drawn before React; only an effect may read them from it
    if (Object.keys(patch).length > 0) update(patch);
    if (taken.focus) caretToRestore.current = { ...taken.focus, value: patch[taken.focus.field] ?? draft[taken.focus.field] };
    // Once, when the form first appears; `draft` is the one it appears with.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [drawn]);
  useLayoutEffect(() => {
    const caret = caretToRestore.current;
    const control = caret && formRef.current?.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name="${caret.field}"]`);
    // After the render that holds the typed words (the one just after the take-over).
    if (!caret) return;
    if (!control) {
      // The draft kept from before is on another step, or the form could not be drawn.
      caretToRestore.current = null;
      return;
    }
    if (control.value !== caret.value) return;
    caretToRestore.current = null;
    control.focus();
    if (caret.start !== null && caret.end !== null) control.setSelectionRange(caret.start, caret.end);
  });
  const stepIndex = STEPS.indexOf(draft.step);
  const stepNumber = stepIndex + 1;
  // Each step is a screen of its own: the tab says which, so a person (and a screen reader) knows where they are.
  // A later step's name is in the first part of the texts, which a form opened at the first step starts without.
  const titled = draft.step === STEPS[0] || hasTexts('first');
  usePageTitle(titled ? t('intakeUi:stepPageTitle', { step: stepNumber, total: STEPS.length, title: t(`intakeUi:steps.${draft.step}.title`) }) : null);

  // Every change is kept on the device at once, so a reload or a dropped signal loses nothing.
  useEffect(() => saveDraft(draft), [draft]);
  // Files cannot be kept in the draft: an app update must not reload the page under them (nor the answers).
  useKeepsWork(draftStarted(draft) || files.length > 0);
  // A form opened half filled (a reload, a correction) is mid-way: fetch its checks and the files' parts
  // now, while there may still be signal, not at the next "Siguiente".
  const openedStarted = useRef(draftStarted(draft));
  useEffect(() => {
    if (!openedStarted.current) return;
    loadIntakeSchema().catch(() => undefined);
    loadAttachmentPicker().catch(() => undefined);
    prepareToSend();
  }, []);

  // A new version of the data policy must be read and accepted again.
  const currentPolicy = policy.data?.version;
  // Adjusted while rendering, not in an effect a render later (react.dev: "adjusting state when a prop changes").
  if (currentPolicy && draft.consentAccepted && draft.consentVersion !== currentPolicy) {
    setDraft((d) => ({ ...d, consentAccepted: false, consentVersion: currentPolicy }));
  }

  // A new step's title takes the focus, and the page goes to its top, in the commit that draws the step:
  // a press that comes just after (a quick second tap, a screen reader) finds the page already still.
  const headingWanted = useRef(false);
  useLayoutEffect(() => {
    if (!headingWanted.current || !headingRef.current) return;
    headingWanted.current = false;
    headingRef.current.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  });
  const focusAfterRender = (target: 'heading' | 'errors') => {
    if (target === 'heading') {
      headingWanted.current = true;
      return;
    }
    // Errors come from the checks, which downloaded sendingParts.ts already; the summary lists its entries after its first frame.
    window.requestAnimationFrame(() => void loadSendingParts().then((m) => m.focusSummary(errorSummaryRef.current)));
  };

  /** Moves to `step`; from the review's error list the server's messages stay beside their fields. */
  function goTo(step: Step, keepErrors = false) {
    if (!keepErrors) setErrors({});
    setSendError(null);
    setDraft((d) => ({ ...d, step, attachmentNames: files.map((f) => f.file.name) }));
    focusAfterRender('heading');
  }

  /** The step's problems, once the checks are downloaded; undefined when they could not be (no signal, first visit). */
  async function problemsOf(step: Step): Promise<FieldMessages | null | undefined> {
    if (checkingRef.current) return undefined;
    checkingRef.current = true;
    setChecking(true);
    try {
      // The checks' messages are in the rest of the texts (a page opened at the form starts without them);
      // the next step is drawn whole, with its code.
      const [[loaded, problems]] = await Promise.all([
        loadSendingParts().then(async (m) => [m, await m.checkStep(draft, step, filerContext)] as const),
        loadTexts('first'),
        loadStepCode().then(setStepCode),
      ]);
      // With the problems, in the same render: the summary is there to take the focus.
      setParts(loaded);
      return problems;
    } catch (error) {
      console.warn('Could not load the intake checks', error);
      setSendError(new ApiError(0, 'network', t('app:network.offline')));
      return undefined;
    } finally {
      checkingRef.current = false;
      setChecking(false);
    }
  }

  async function next() {
    const problems = await problemsOf(draft.step);
    if (problems === undefined) return;
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
    const problems = await problemsOf('review');
    if (problems === undefined) return;
    if (problems) {
      setErrors(problems);
      focusAfterRender('errors');
      return;
    }
    setSending(true);
    setSendError(null);
    // Downloaded with the checks just run.
    const { saveAndTry } = await loadSendingParts();
    const sent = await saveAndTry({ draft, files, thumbprintKey, filer, filerContext, mechanism: mechanism.data!, limits: limits.data });
    if (sent.kind === 'storageFailed') {
      setSendError(new ApiError(0, 'storage_failed', t('offline:queue.storageFailed')));
      setSending(false);
      focusAfterRender('errors');
      return;
    }
    if (sent.kind === 'refused') {
      // Refused at once, with the person still here: back to the form with the server's words beside the fields.
      setSendError(sent.error);
      setErrors(sent.error.fieldMessages());
      setSending(false);
      focusAfterRender('errors');
      return;
    }
    onFiled(sent.id);
  }

  /** The thumbprint's photo goes through the picker's check and is made lighter, like any chosen photo; a refusal shows beside the consent. */
  async function keepThumbprint(chosen: File) {
    let prepared: PreparedAttachment;
    try {
      // The check and the resizer come with the files' parts, loaded by the time a thumbprint is taken.
      const { prepareAttachment } = await import('../../media/prepareAttachment');
      prepared = await prepareAttachment(chosen, limits.data);
    } catch (error) {
      // The photo cannot be read (moved or deleted meanwhile).
      console.warn('the thumbprint photo could not be prepared', error);
      prepared = { ok: false, message: t('errors:upload_failed') };
    }
    if (!prepared.ok) {
      setErrors((e) => ({ ...e, 'onBehalf.how': prepared.message }));
      return;
    }
    const key = crypto.randomUUID();
    setFiles((current) => [
      ...current.filter((f) => f.key !== thumbprintKey),
      { key, file: prepared.file, ...(prepared.file === chosen ? {} : { originalSize: prepared.originalSize }) },
    ]);
    setThumbprintKey(key);
    update({ onBehalfHow: 'thumbprint' });
    setErrors((e) => {
      const next = { ...e };
      delete next['onBehalf.how'];
      return next;
    });
  }

  /** The voice note recorded on the first step becomes (or stops being) the complaint's account. */
  function keepVoiceNote(file: File | null) {
    const previous = draft.voiceNoteKey;
    if (!file) {
      setFiles((current) => current.filter((f) => f.key !== previous));
      update({ voiceNoteKey: '' });
      return;
    }
    const key = crypto.randomUUID();
    setFiles((current) => [...current.filter((f) => f.key !== previous), { key, file }]);
    update({ voiceNoteKey: key });
    setErrors((e) => {
      const next = { ...e };
      delete next.voiceNote;
      delete next.whatHappened;
      return next;
    });
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
    setThumbprintKey(null);
    setErrors({});
    setSendError(null);
    focusAfterRender('heading');
  }

  // A page opened at the form starts with the first step's texts alone (src/i18n.ts); a draft kept on
  // another step waits for the rest, which downloads as soon as the app is in charge, and for its step's code.
  if (draft.step !== STEPS[0] && (!hasTexts('first') || !stepCode)) return <Loading />;
  if (!mechanism.data) {
    return mechanism.error ? <ErrorMessage message={mechanism.error.message} onRetry={() => void mechanism.reload()} busy={mechanism.loading} /> : <Loading />;
  }
  const data = mechanism.data;
  const stepProps = { draft, update, errors, filer: filerContext, clips };
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
      {fieldPanel}

      <form
        ref={formRef}
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (draft.step === 'review') void send();
          else void next();
        }}
        aria-labelledby="step-title"
        aria-busy={sending || checking}
      >
        <h2 id="step-title" ref={headingRef} tabIndex={-1}>
          <span className="visually-hidden">{t('intakeUi:stepOf', { step: stepNumber, total: STEPS.length })}: </span>
          {t(`intakeUi:steps.${draft.step}.title`)}
        </h2>
        <div className="step-intro">
          <p className="lead-small">{t(`intakeUi:steps.${draft.step}.intro`)}</p>
          <ListenButton url={clips[`step.${draft.step}`]} label={t(`intakeUi:steps.${draft.step}.title`)} />
        </div>

        {errorEntries.length > 0 && draft.step !== 'review' && parts && (
          <parts.ErrorSummary
            ref={errorSummaryRef}
            form={formRef}
            messages={errorMessages}
            intro={sendError && sendError.code !== 'validation_failed' ? sendError.message : t('intakeUi:errorsIntro', { count: errorEntries.length })}
          />
        )}
        {errorEntries.length > 0 && draft.step === 'review' && parts && (
          <parts.ReviewProblems
            ref={errorSummaryRef}
            errors={errors}
            intro={sendError && sendError.code !== 'validation_failed' ? sendError.message : t('intakeUi:errorsIntro', { count: errorEntries.length })}
            onChange={(step) => goTo(step, true)}
          />
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

        {draft.step === 'what' && <WhatStep {...stepProps} voiceNote={voiceNote} onVoiceNote={keepVoiceNote} />}
        {draft.step === 'evidence' && (
          <>
            {forgottenFiles.length > 0 && <p className="callout">{t('intakeUi:files.repick', { names: forgottenFiles.join(', ') })}</p>}
            {stepCode && <stepCode.AttachmentPicker files={files} onChange={setFiles} limits={limits.data} />}
            <p className="hint">{t('intakeUi:files.afterSend')}</p>
          </>
        )}
        {/* A later step is drawn once its code is here (`stepCode`). */}
        {stepCode && (
          <>
            {draft.step === 'where' && <stepCode.WhereStep {...stepProps} mechanism={data} />}
            {draft.step === 'company' && <stepCode.CompanyStep {...stepProps} mechanism={data} />}
            {draft.step === 'categories' && <stepCode.CategoriesStep {...stepProps} mechanism={data} />}
            {draft.step === 'who' && (
              <stepCode.WhoStep
                {...stepProps}
                thumbprint={files.find((f) => f.key === thumbprintKey)?.file.name ?? null}
                onThumbprint={(file) => void keepThumbprint(file)}
              />
            )}
            {draft.step === 'identity' && <stepCode.IdentityStep {...stepProps} />}
            {draft.step === 'equity' && <stepCode.EquityStep {...stepProps} />}
            {draft.step === 'consent' && <stepCode.ConsentStep {...stepProps} policy={policy} />}
            {draft.step === 'review' && <stepCode.Review draft={draft} files={files} mechanism={data} filer={filerContext} onChange={goTo} />}
          </>
        )}
        {draft.step === 'review' && (
          <label className={`choice-card${draft.publishDescription ? ' choice-card-checked' : ''}`}>
            <input type="checkbox" checked={draft.publishDescription ?? false} onChange={(event) => update({ publishDescription: event.target.checked })} />
            <span className="choice-body">
              {t('intakeUi:review.publish')}
              <span className="hint">{t('intakeUi:review.publishHint')}</span>
            </span>
          </label>
        )}
        {draft.step === 'review' && filerContext.fieldMode && <p className="callout">{t('offline:field.receivedNow')}</p>}

        <div className="wizard-nav">
          {stepIndex > 0 && (
            <button type="button" className="button button-secondary" onClick={back} disabled={sending}>
              {t('intakeUi:nav.back')}
            </button>
          )}
          {draft.step === 'review' ? (
            <button type="submit" className="button button-primary" disabled={sending || checking}>
              {sending ? t('intakeUi:send.sending') : t('intakeUi:send.send')}
            </button>
          ) : (
            <button type="submit" className="button button-primary" disabled={checking}>
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
