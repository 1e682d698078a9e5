/**
 * The parts of the intake form needed only once its answers are checked or sent, gathered in one module
 * so that they arrive as one download with the checks (at the first answer typed, or at the first
 * "Siguiente"), not with the first question (docs/reach.md, the JS budget): the checks themselves, the
 * error summary and the review's list of problems, and the complaint as the send queue keeps it, saved
 * on the phone with its first try.
 */
import type { MechanismDto } from '../../../../shared/types/api';
import type { AttachmentLimitsDto } from '../../../../shared/types/intake';
import { newDeviceReceiptKey, newProvisionalCode } from '../../../../shared/deviceReceipt';
import { ApiError } from '../../api/client';
import type { PendingFile } from '../../components/AttachmentPicker';
import i18n, { currentLanguage, interfaceLanguage } from '../../i18n';
import { publicMechanismSlug } from '../../hooks/useMechanism';
import type { FirstReader, QueuedComplaint, QueuedFile } from '../../offline/queueTypes';
import type { Filer } from '../../offline/useFiler';
import { clearDraft, saveDraft, type ComplaintDraft, type FilerContext } from './draft';
import { toRequest } from './draftChecks';
import { rememberInThisTab } from './receiptsOfThisTab';

export { ErrorSummary, focusSummary } from '../../components/ErrorSummary';
export { checkStep, loadIntakeSchema } from './draftChecks';
export { ReviewProblems } from './ReviewProblems';

/** How long "Enviar" waits, with signal, for the first try before showing the receipt of a saved complaint. */
const FIRST_TRY_MS = 20_000;

/** What the form hands over to be sent. */
export interface Sending {
  draft: ComplaintDraft;
  files: PendingFile[];
  /** The file that is the photo of the person's thumbprint, if any. */
  thumbprintKey: string | null;
  filer: Filer;
  filerContext: FilerContext;
  mechanism: MechanismDto;
  limits: AttachmentLimitsDto | undefined;
}

/** What became of a complaint handed to the send queue. */
export type SendOutcome =
  /** Saved on the phone: it arrived, or the queue sends it when it can; its receipt can be shown. */
  | { kind: 'saved'; id: string }
  /** Refused by the server at the first try: the draft is back, with the server's words. */
  | { kind: 'refused'; error: ApiError }
  /** The phone could not keep it (no storage, or the queue's code could not be downloaded). */
  | { kind: 'storageFailed' };

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

/** The complaint as the send queue keeps it, with a receipt made here when the person will need one. */
function toQueued(now: Date, { draft, files, thumbprintKey, filer, filerContext, mechanism: data }: Sending): QueuedComplaint {
  // Facilitators, and officers in field mode, file for someone else.
  const receiver = filerContext.isFacilitator;
  // Visitors and people filed for follow the case with the key; an account follows it in "Mis casos".
  const needsKey = !filer.user || receiver;
  const deviceReceipt = draft.deviceReceipt ?? (needsKey ? { receiptKey: newDeviceReceiptKey(), provisionalCode: newProvisionalCode() } : null);
  const receivedAt = filerContext.fieldMode ? draft.fieldReceivedAt || now.toISOString() : null;
  // Filed in another language than Spanish (written or by voice): the case is marked for an interpreter.
  const filedIn = interfaceLanguage();
  const body: Record<string, unknown> = {
    ...toRequest(draft, filerContext),
    ...(filedIn !== 'es' ? { language: filedIn } : {}),
    ...(deviceReceipt ? { deviceReceipt } : {}),
    ...(receivedAt
      ? { fieldInterview: { receivedAt, declaredFiles: files.length, ...(draft.fieldReprisalRisk ? { reprisalRisk: draft.fieldReprisalRisk } : {}) } }
      : {}),
  };
  const filedFor = receiver
    ? draft.collective
      ? draft.groupName
      : draft.identityMode === 'anonymous'
        ? i18n.t('domain:complainant.anonymous')
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
    files: files.map(({ key, file }) => ({
      id: key,
      name: file.name,
      size: file.size,
      kind: kindOf(file),
      state: 'waiting',
      ...(key === thumbprintKey ? { thumbprint: true } : {}),
      ...(key === draft.voiceNoteKey ? { voiceNote: true } : {}),
    })),
    state: 'waiting',
    caseId: null,
    reference: null,
    arrivedAt: null,
    refusal: null,
    failures: 0,
    nextAttemptAt: null,
  };
}

/**
 * Saves the complaint with its files on the phone (the send queue), then, with signal, waits for the
 * first try: a refusal at once puts the draft back with the server's words, so they show beside the fields.
 */
export async function saveAndTry(sending: Sending): Promise<SendOutcome> {
  let item: QueuedComplaint;
  let queue: typeof import('../../offline/sendQueue');
  try {
    queue = await import('../../offline/sendQueue');
    item = toQueued(new Date(), sending);
    await queue.enqueueComplaint(
      item,
      sending.files.map(({ key, file }) => ({ id: key, blob: file, name: file.name, type: file.type })),
      sending.limits,
    );
  } catch {
    return { kind: 'storageFailed' };
  }
  // Saved with its files: the complaint's words no longer need the draft (a shared phone).
  clearDraft();
  rememberInThisTab(item.id);
  const outcome = await queue.firstOutcome(item.id, FIRST_TRY_MS);
  if (outcome === 'refused') {
    const refusal = (await (await import('../../offline/queueStore')).readQueued(item.id))?.refusal;
    await queue.forgetQueued(item.id);
    saveDraft(sending.draft);
    return {
      kind: 'refused',
      error: new ApiError(refusal?.status ?? 400, refusal?.code ?? 'validation_failed', refusal?.message ?? '', refusal?.fields ?? []),
    };
  }
  return { kind: 'saved', id: item.id };
}
