/**
 * `/presentar-queja`: the intake form, one question per screen with "Paso n de m", back and next, a
 * review and the send. Each step is checked with the shared schema; the draft (with its step and its
 * idempotency key) survives a reload. "Enviar" saves the complaint with its files on the phone (the send
 * queue, docs/offline-intake.md) and shows its receipt at once; the queue sends it — now, or by itself
 * when the signal returns. When the signal is there, the form waits for the first try, so a refusal is
 * shown beside the fields as before. Facilitators and ombudsman officers can work in field mode.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { MechanismDto } from '../../../../shared/types/api';
import type { AttachmentLimitsDto, DataPolicyDto } from '../../../../shared/types/intake';
import { newDeviceReceiptKey, newProvisionalCode } from '../../../../shared/deviceReceipt';
import { ApiError } from '../../api/client';
import type { PendingFile } from '../../components/AttachmentPicker';
import type { PreparedAttachment } from '../../media/prepareAttachment';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ErrorSummary, focusSummary } from '../../components/ErrorSummary';
import { Loading } from '../../components/Loading';
import type { FieldMessages } from '../../forms/fieldMessages';
import { formatBytes } from '../../forms/format';
import { useApiQuery } from '../../hooks/useApiQuery';
import { publicMechanismSlug, useMechanism, withPublicMechanism } from '../../hooks/useMechanism';
import { usePageTitle } from '../../hooks/usePageTitle';
import { useSession } from '../../hooks/useSession';
import { currentLanguage, UI_NAMESPACES } from '../../i18n';
import { takeRestoredFiles } from '../../offline/correction';
import { mayWorkInField, turnFieldModeOff, turnFieldModeOn, useWithDeviceCopy } from '../../offline/fieldMode';
import { QueueList } from '../../offline/QueueList';
import { readQueued, VISITOR } from '../../offline/queueStore';
import type { FirstReader, QueuedComplaint, QueuedFile } from '../../offline/queueTypes';
import { confirmKeySaved, enqueueComplaint, firstOutcome, forgetQueued, useSendQueue, type QueueSnapshot } from '../../offline/sendQueue';
import { useFiler, type Filer } from '../../offline/useFiler';
import { useKeepsWork } from '../../shell/formsInProgress';
import { checkStep, clearDraft, draftStarted, loadDraft, loadIntakeSchema, newDraft, saveDraft, STEPS, stepOfField, toRequest, type ComplaintDraft, type FilerContext, type Step } from './draft';
import { Receipt, receiptKeyOf } from './Receipt';
import { Review } from './Review';
import { CategoriesStep, CompanyStep, ConsentStep, EquityStep, IdentityStep, WhatStep, WhereStep, WhoStep } from './Steps';

// The files' picker and voice recorder are not needed for the first question: they arrive while the
// person answers it (see `update`), or come from the service worker's precache.
const loadAttachmentPicker = () => import('../../components/AttachmentPicker');
const AttachmentPicker = lazy(() => loadAttachmentPicker().then((m) => ({ default: m.AttachmentPicker })));

/** Roles that may file; liaisons and admins answer or run complaints, they do not file them. */
const FILING_ROLES = ['complainant', 'facilitator'] as const;

/** How long "Enviar" waits, with signal, for the first try before showing the receipt of a saved complaint. */
const FIRST_TRY_MS = 20_000;

// Receipts saved in this tab: a visitor's unconfirmed key is shown again only here (a shared phone's next visitor must not see it).
const THIS_TAB_KEY = 'puente.receiptsOfThisTab';

function rememberInThisTab(id: string): void {
  try {
    const ids = JSON.parse(window.sessionStorage.getItem(THIS_TAB_KEY) ?? '[]') as string[];
    window.sessionStorage.setItem(THIS_TAB_KEY, JSON.stringify([...ids.filter((i) => i !== id), id].slice(-50)));
  } catch {
    // Without session storage the key shows only until the page changes.
  }
}

function savedInThisTab(id: string): boolean {
  try {
    return (JSON.parse(window.sessionStorage.getItem(THIS_TAB_KEY) ?? '[]') as string[]).includes(id);
  } catch {
    return false;
  }
}

/** Who answers the complaint first: a safety topic (red-flag category) goes to the ombudsman alone, then the named company, else the ombudsman routes it. */
function firstReaderOf(draft: ComplaintDraft, mechanism: MechanismDto): FirstReader {
  const chosen = mechanism.categories.filter((c) => draft.categoryCodes.includes(c.code));
  if (chosen.some((c) => c.redFlag)) return { who: 'ombudsmanReviews' };
  const company = mechanism.companies.find((c) => c.id === draft.company);
  return company ? { who: 'company', company: company.name } : { who: 'ombudsmanRoutes' };
}

function kindOf(file: File): QueuedFile['kind'] {
  if (file.type.startsWith('image/')) return 'photo';
  if (file.type.startsWith('audio/') || file.type === 'video/webm') return 'audio';
  return 'document';
}

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
  const inWizard =
    !shown && status !== 'loading' && (!role || (FILING_ROLES as readonly string[]).includes(role) || (role === 'ombudsman' && filer.fieldMode));
  // The wizard names each of its steps in the title itself.
  usePageTitle(shown ? t('intakeUi:receipt.pageTitle') : inWizard ? null : t('intakeUi:title'));

  if (status === 'loading') return <Loading />;
  if (shown) return <Sent id={shown} onAnother={() => setParams({})} />;
  if (role && !(FILING_ROLES as readonly string[]).includes(role) && role !== 'ombudsman') {
    return (
      <div className="stack">
        <h1>{t('intakeUi:title')}</h1>
        <p className="callout">{t('intakeUi:notForRole')}</p>
      </div>
    );
  }
  const fieldPanel = mayWorkInField(role) ? <FieldModePanel filer={filer} /> : null;
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
      <QueueList onCorrected={() => setWizardKey((k) => k + 1)} />
    </div>
  );
}

/** Field mode on or off, for a facilitator or an officer (turned on only with the session at hand). */
function FieldModePanel({ filer }: { filer: Filer }) {
  const { t } = useTranslation([...UI_NAMESPACES, 'offline']);
  const { user } = useSession();
  return (
    <section className="field-mode no-print" aria-labelledby="field-mode-title">
      <h2 id="field-mode-title">{t('offline:field.title')}</h2>
      <p className="hint">{t('offline:field.intro')}</p>
      <label className={`choice-card${filer.fieldMode ? ' choice-card-checked' : ''}`}>
        <input
          type="checkbox"
          checked={filer.fieldMode}
          disabled={!user && !filer.fieldMode}
          onChange={(event) => {
            if (event.target.checked && user) turnFieldModeOn(user);
            else turnFieldModeOff();
          }}
        />
        <span className="choice-body">{t('offline:field.toggle')}</span>
      </label>
      {filer.fieldMode && filer.user && <p>{t('offline:field.active', { name: filer.user.displayName })}</p>}
      {filer.offline && <p className="hint">{t('offline:field.offline')}</p>}
    </section>
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
  // Checking waits for the schema's download the first time; a second press must not skip a step.
  const [checking, setChecking] = useState(false);
  const checkingRef = useRef(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const errorSummaryRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const errorMessages = useMemo(() => Object.values(errors), [errors]);
  const role = filer.user?.role;
  // Facilitators, and officers in field mode, file for someone else.
  const receiver = mayWorkInField(role);
  const filerContext: FilerContext = {
    isFacilitator: receiver,
    fieldMode: receiver && filer.fieldMode,
    hasThumbprintPhoto: thumbprintKey !== null && files.some((f) => f.key === thumbprintKey),
  };
  const stepIndex = STEPS.indexOf(draft.step);
  const stepNumber = stepIndex + 1;
  // Each step is a screen of its own: the tab says which, so a person (and a screen reader) knows where they are.
  usePageTitle(t('intakeUi:stepPageTitle', { step: stepNumber, total: STEPS.length, title: t(`intakeUi:steps.${draft.step}.title`) }));

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
  }, []);

  // A new version of the data policy must be read and accepted again.
  const currentPolicy = policy.data?.version;
  useEffect(() => {
    if (currentPolicy && draft.consentAccepted && draft.consentVersion !== currentPolicy) {
      setDraft((d) => ({ ...d, consentAccepted: false, consentVersion: currentPolicy }));
    }
  }, [currentPolicy, draft.consentAccepted, draft.consentVersion]);

  const update = useCallback((patch: Partial<ComplaintDraft>) => {
    // The first answer typed is the moment to fetch the checks (zod) and the next step's code, well before "Siguiente".
    loadIntakeSchema().catch(() => undefined);
    loadAttachmentPicker().catch(() => undefined);
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

  /** The step's problems, once the checks are downloaded; undefined when they could not be (no signal, first visit). */
  async function problemsOf(step: Step): Promise<FieldMessages | null | undefined> {
    if (checkingRef.current) return undefined;
    checkingRef.current = true;
    setChecking(true);
    try {
      return await checkStep(draft, step, filerContext);
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

  /** The complaint as the send queue keeps it, with a receipt made here when the person will need one. */
  function toQueued(now: Date): QueuedComplaint {
    const data = mechanism.data!;
    // Visitors and people filed for follow the case with the key; an account follows it in "Mis casos".
    const needsKey = !filer.user || receiver;
    const deviceReceipt = draft.deviceReceipt ?? (needsKey ? { receiptKey: newDeviceReceiptKey(), provisionalCode: newProvisionalCode() } : null);
    const receivedAt = filerContext.fieldMode ? draft.fieldReceivedAt || now.toISOString() : null;
    const body: Record<string, unknown> = {
      ...toRequest(draft, filerContext),
      ...(deviceReceipt ? { deviceReceipt } : {}),
      ...(receivedAt ? { fieldInterview: { receivedAt, declaredFiles: files.length } } : {}),
    };
    const filedFor = receiver
      ? draft.collective
        ? draft.groupName
        : draft.identityMode === 'anonymous'
          ? t('domain:complainant.anonymous')
          : draft.name
      : null;
    return {
      version: 1,
      id: draft.idempotencyKey,
      owner: filer.owner,
      savedAt: now.toISOString(),
      language: currentLanguage(),
      mechanismSlug: filer.user ? null : publicMechanismSlug(),
      body,
      draft: { ...draft, deviceReceipt, fieldReceivedAt: receivedAt ?? '' } as unknown as Record<string, unknown>,
      receipt: {
        provisionalCode: deviceReceipt?.provisionalCode ?? null,
        hasKey: deviceReceipt !== null,
        key: deviceReceipt?.receiptKey ?? null,
        keyConfirmed: false,
        municipality: data.municipalities.find((m) => m.id === draft.municipalityId)?.name ?? '',
        categories: data.categories.filter((c) => draft.categoryCodes.includes(c.code)).map((c) => c.name),
        firstReader: firstReaderOf(draft, data),
        filedFor,
        field:
          receivedAt && filer.user
            ? { receivedAt, receivedBy: filer.user.displayName, receivedByRole: filer.user.role, consentHow: draft.onBehalfHow || 'verbal' }
            : null,
      },
      files: files.map(({ key, file }) => ({ id: key, name: file.name, size: file.size, kind: kindOf(file), state: 'waiting', ...(key === thumbprintKey ? { thumbprint: true } : {}) })),
      state: 'waiting',
      caseId: null,
      reference: null,
      arrivedAt: null,
      refusal: null,
      failures: 0,
      nextAttemptAt: null,
    };
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
    const item = toQueued(new Date());
    try {
      await enqueueComplaint(
        item,
        files.map(({ key, file }) => ({ id: key, blob: file, name: file.name, type: file.type })),
        limits.data,
      );
    } catch {
      setSendError(new ApiError(0, 'storage_failed', t('offline:queue.storageFailed')));
      setSending(false);
      focusAfterRender('errors');
      return;
    }
    // Saved with its files: the complaint's words no longer need the draft (a shared phone).
    clearDraft();
    rememberInThisTab(item.id);
    const outcome = await firstOutcome(item.id, FIRST_TRY_MS);
    if (outcome === 'refused') {
      // Refused at once, with the person still here: back to the form with the server's words beside the fields.
      const refusal = (await readQueued(item.id))?.refusal;
      await forgetQueued(item.id);
      saveDraft(draft);
      const apiError = new ApiError(refusal?.status ?? 400, refusal?.code ?? 'validation_failed', refusal?.message ?? '', refusal?.fields ?? []);
      setSendError(apiError);
      setErrors(apiError.fieldMessages());
      setSending(false);
      focusAfterRender('errors');
      return;
    }
    onFiled(item.id);
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
    setFiles((current) => [...current.filter((f) => f.key !== thumbprintKey), { key, file: prepared.file, ...(prepared.file === chosen ? {} : { originalSize: prepared.originalSize }) }]);
    setThumbprintKey(key);
    update({ onBehalfHow: 'thumbprint' });
    setErrors((e) => {
      const next = { ...e };
      delete next['onBehalf.how'];
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

  if (!mechanism.data) {
    return mechanism.error ? <ErrorMessage message={mechanism.error.message} onRetry={() => void mechanism.reload()} busy={mechanism.loading} /> : <Loading />;
  }
  const data = mechanism.data;
  const stepProps = { draft, update, errors, filer: filerContext };
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
            <Suspense fallback={<Loading />}>
              <AttachmentPicker files={files} onChange={setFiles} limits={limits.data} />
            </Suspense>
            <p className="hint">{t('intakeUi:files.afterSend')}</p>
          </>
        )}
        {draft.step === 'where' && <WhereStep {...stepProps} mechanism={data} />}
        {draft.step === 'company' && <CompanyStep {...stepProps} mechanism={data} />}
        {draft.step === 'categories' && <CategoriesStep {...stepProps} mechanism={data} />}
        {draft.step === 'who' && (
          <WhoStep
            {...stepProps}
            thumbprint={files.find((f) => f.key === thumbprintKey)?.file.name ?? null}
            onThumbprint={(file) => void keepThumbprint(file)}
          />
        )}
        {draft.step === 'identity' && <IdentityStep {...stepProps} />}
        {draft.step === 'equity' && <EquityStep {...stepProps} />}
        {draft.step === 'consent' && <ConsentStep {...stepProps} policy={policy} />}
        {draft.step === 'review' && <Review draft={draft} files={files} mechanism={data} filer={filerContext} onChange={goTo} />}
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

/** The files of a saved complaint and how each is going. */
function QueuedFiles({ item, active }: { item: QueuedComplaint; active: QueueSnapshot['active'] }) {
  const { t } = useTranslation([...UI_NAMESPACES, 'offline']);
  if (item.files.length === 0) return null;
  return (
    <section className="no-print" aria-labelledby="uploads-title">
      <h2 id="uploads-title">{t('intakeUi:upload.title')}</h2>
      <ul className="file-list upload-list" aria-label={t('intakeUi:upload.title')}>
        {item.files.map((file) => {
          const sending = active?.id === item.id && active.fileId === file.id && file.state === 'waiting';
          const percent = sending && active.total ? Math.round(((active.loaded ?? 0) / active.total) * 100) : 0;
          return (
            <li key={file.id} className="file-item">
              <span className="file-name">{file.name}</span>
              <span className="hint">{formatBytes(file.size)}</span>
              {sending && <progress max={active.total || 1} value={active.loaded ?? 0} aria-label={t('intakeUi:upload.progressOf', { name: file.name })} />}
              <span className={`upload-status upload-${file.state === 'sent' ? 'done' : file.state === 'refused' ? 'failed' : sending ? 'uploading' : 'waiting'}`} role={file.state === 'refused' ? 'alert' : undefined}>
                {file.state === 'sent' && t('offline:queue.file.sent')}
                {file.state === 'waiting' && (sending ? t('offline:queue.file.sending', { percent }) : t('offline:queue.file.waiting'))}
                {file.state === 'refused' &&
                  (file.reasonCode === 'lost' ? t('offline:queue.file.lost') : t('offline:queue.file.refused', { reason: file.reason ?? '' }))}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/**
 * After "Enviar": the receipt of the saved complaint, following it live (saved, sending, arrived), the
 * forced "Ya guardé mi clave" while a key is shown, its files, and where to follow the case.
 */
function Sent({ id, onAnother }: { id: string; onAnother: () => void }) {
  const { t } = useTranslation([...UI_NAMESPACES, 'offline']);
  const queue = useSendQueue();
  const filer = useFiler();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const item = queue.items.find((i) => i.id === id && i.owner === filer.owner);
  // A visitor's unconfirmed key shows again only in the tab that saved it: the next visitor of a shared phone must not read it.
  const showKey = Boolean(item && item.receipt.hasKey && !item.receipt.keyConfirmed && receiptKeyOf(item) && (item.owner !== VISITOR || savedInThisTab(item.id)));
  // A receipt key shown once: an app update must not reload it away.
  useKeepsWork(showKey);
  useEffect(() => headingRef.current?.focus(), [queue.loaded]);
  useEffect(() => {
    if (!showKey) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [showKey]);

  if (!queue.loaded) return <Loading />;
  if (!item) {
    return (
      <div className="stack">
        <h1 ref={headingRef} tabIndex={-1}>
          {t('intakeUi:receipt.pageTitle')}
        </h1>
        <p>{t('offline:receipt.gone')}</p>
        <button type="button" className="button button-secondary" onClick={onAnother}>
          {t('intakeUi:receipt.another')}
        </button>
      </div>
    );
  }
  const active = queue.active?.id === item.id;
  const arrived = item.state === 'filed' || item.state === 'done';
  const heading =
    item.state === 'refused'
      ? t('offline:receipt.refusedHeading')
      : arrived
        ? t('offline:receipt.arrivedHeading')
        : active
          ? t('offline:receipt.sendingHeading')
          : t('offline:receipt.savedHeading');
  // Who answers first (saved with the receipt by this release); an older saved complaint says what any new case is.
  const firstReaderText = (reader: FirstReader | undefined) =>
    !reader
      ? t('domain:statusExplained.received')
      : reader.who === 'company'
        ? t('intakeUi:receipt.next.company', { company: reader.company })
        : t(`intakeUi:receipt.next.${reader.who}`);
  const trackPath = item.reference && item.owner === VISITOR ? `/seguimiento?ref=${encodeURIComponent(item.reference)}` : '/seguimiento';

  return (
    <div className="stack">
      <h1 ref={headingRef} tabIndex={-1} className="no-print">
        {heading}
      </h1>
      {item.state === 'waiting' && !active && <p className="no-print">{t('offline:receipt.savedLead')}</p>}
      {item.state === 'refused' && item.refusal && (
        <div className="alert alert-error no-print" role="alert">
          <p>{item.refusal.message}</p>
          <ul>
            {item.refusal.fields.map((f) => (
              <li key={f.field}>{f.message}</li>
            ))}
          </ul>
        </div>
      )}
      <Receipt item={item} showKey={showKey} />
      {item.receipt.hasKey && !item.receipt.keyConfirmed && !showKey && <p className="callout no-print">{t('offline:receipt.keyNotShownHere')}</p>}
      {showKey ? (
        <div className="callout key-confirm no-print">
          <p>{t('offline:receipt.keySavedHint')}</p>
          <button type="button" className="button button-primary" onClick={() => void confirmKeySaved(item.id)}>
            {t('offline:receipt.keySaved')}
          </button>
        </div>
      ) : (
        item.receipt.keyConfirmed && (
          <p className="no-print" role="status">
            {t('offline:receipt.keyConfirmed')}
          </p>
        )
      )}
      <QueuedFiles item={item} active={queue.active} />
      {!showKey && (
        <section className="no-print" aria-labelledby="next-title">
          <h2 id="next-title">{t('intakeUi:receipt.nextTitle')}</h2>
          {arrived ? <p>{firstReaderText(item.receipt.firstReader)}</p> : item.owner !== VISITOR && !item.receipt.hasKey && <p>{t('offline:receipt.accountFollow')}</p>}
          <div className="button-row">
            {item.receipt.hasKey && (
              <Link className="button button-primary" to={trackPath}>
                {t('intakeUi:receipt.track')}
              </Link>
            )}
            {item.owner !== VISITOR && item.caseId && (
              <Link className="button button-secondary" to={`/casos/${item.caseId}`}>
                {t('intakeUi:receipt.openCase')}
              </Link>
            )}
            <button type="button" className="button button-secondary" onClick={onAnother}>
              {t('intakeUi:receipt.another')}
            </button>
          </div>
        </section>
      )}
    </div>
  );
}
