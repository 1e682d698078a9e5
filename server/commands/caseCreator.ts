/**
 * Files a complaint: checks it against the mechanism's lists, encrypts identity and equity answers,
 * and writes the case, its categories, its `cases.filed` event, its first deadline, the liaisons'
 * notices and e-mails and its reference code in one statement that commits on its own (`file_case`,
 * migration 0036), after one read of everything it looks up (repositories/filings.ts); then tells
 * everyone allowed to see it. Idempotent on the client's key per draft. A complaint that
 * waited on a phone brings the receipt the phone made (key and provisional code), and one received in
 * the field by a facilitator or an officer the record of a verbal petition (docs/offline-intake.md).
 */
import crypto from 'node:crypto';
import type { FileComplaintInput } from '../../shared/validation/intake';
import type { FileComplaintResponse } from '../../shared/types/intake';
import type { AppContext } from '../context';
import { isUniqueViolation } from '../db/database';
import { AppError, ValidationFailed, type FieldProblem } from '../errors';
import { hashReceiptKey } from '../crypto/receiptKeyHash';
import { newReceiptKey } from '../../shared/receiptKey';
import { currentDataPolicy } from '../repositories/dataPolicies';
import type { MechanismRecord } from '../repositories/mechanisms';
import { findCaseByIdempotencyKey, IDEMPOTENCY_CONSTRAINT, RECEIPT_FINGERPRINT_CONSTRAINT, type FiledCaseRecord } from '../repositories/cases';
import { readFilingContext, writeFiling, type FilingContext, type FilingSession } from '../repositories/filings';
import type { SessionWrite } from '../auth/sessionStore';
import { calendarOf, DEFAULT_DEADLINE_POLICY } from '../repositories/deadlines';
import { openedAccount } from '../repositories/users';
import { sealedOutboxRows } from '../mail/mailer';
import { presentNotification } from '../presenters/notificationPresenter';
import { audibleCompany } from '../policies/caseAudience';
import { bogotaDate } from '../../shared/calendar';
import type { UserRecord } from '../repositories/users';
import type { Actor } from '../../shared/caseLifecycle';
import { VERBAL_PETITION_EVENT, type VerbalPetitionData } from '../../shared/types/intake';
import type { ComplainantIdentity } from '../presenters/casePresenter';
import { logger } from '../logger';
import { filedCaseDeadlines } from '../deadlines/deadlineScheduler';
import { filingLanguageOf } from '../languages/filingLanguage';
import { newCaseNotices } from '../notifications/notifier';
import { casePlace, filingReceiptPlace } from '../crypto/sealedColumns';
import { refuseOverLimit, windowStartFor, type Limit } from '../http/rateLimit';

/** How long a retry can still get an anonymous case's receipt key back. */
export const RECEIPT_COPY_TTL_MS = 24 * 60 * 60 * 1000;

/** Who files: the logged-in complainant, facilitator or (in field mode) ombudsman officer, or nobody (an anonymous visitor). */
export type Filer = UserRecord | undefined;

/** The purpose under which device-made receipt keys are fingerprinted (FieldCipher.fingerprint). */
const RECEIPT_KEY_PURPOSE = 'receipt-key';

/** The keyed fingerprint of a device-made receipt key (display form). */
export function receiptKeyFingerprint(ctx: AppContext, receiptKey: string): string {
  return ctx.cipher.fingerprint(RECEIPT_KEY_PURPOSE, receiptKey);
}

/**
 * What a retry must repeat to be the same filing. A device-made receipt key enters only as its keyed
 * fingerprint: this sha256 is stored, and a fast hash of the key beside the case's own text would let
 * a database dump be searched for the key.
 */
function filingFingerprint(ctx: AppContext, input: FileComplaintInput, filer: Filer): string {
  const deviceReceipt = input.deviceReceipt
    ? { provisionalCode: input.deviceReceipt.provisionalCode, receiptKey: receiptKeyFingerprint(ctx, input.deviceReceipt.receiptKey) }
    : undefined;
  return crypto
    .createHash('sha256')
    .update(JSON.stringify({ input: { ...input, deviceReceipt }, filer: filer?.id ?? null }))
    .digest('hex');
}

/**
 * The answer to a filing whose idempotency key already made a case (`existing` when the caller read it,
 * else read now).
 */
async function answerRetry(
  ctx: AppContext,
  input: FileComplaintInput,
  filer: Filer,
  existing?: FiledCaseRecord | null,
): Promise<FileComplaintResponse | undefined> {
  const found = existing === undefined ? await findCaseByIdempotencyKey(ctx.db, input.idempotencyKey, ctx.clock.now()) : existing;
  if (!found) return undefined;
  if (found.filingFingerprint !== filingFingerprint(ctx, input, filer)) throw new AppError(409, 'idempotency_conflict');
  const answer: FileComplaintResponse = { caseId: found.id, reference: found.reference, status: found.status, alreadyFiled: true };
  if (found.provisionalCode) {
    // The device made the key and still holds it; the server never had it to give back.
    answer.provisionalCode = found.provisionalCode;
    answer.receiptKeyFromDevice = true;
  } else if (found.identityMode === 'anonymous') {
    if (found.receiptKeyCiphertext) answer.receiptKey = ctx.cipher.open<string>(found.receiptKeyCiphertext, filingReceiptPlace(input.idempotencyKey));
    else answer.receiptKeyAlreadyShown = true;
  }
  return answer;
}

/** A device key already taken by another case: refused, beside the field that carried it. */
function receiptKeyReused(): AppError {
  return new AppError(409, 'receipt_key_reused', {}, [{ field: 'deviceReceipt.receiptKey', messageKey: 'validation.receipt_key_reused' }]);
}

/** How far ahead of the server's clock a phone's clock may be when it says when it received a petition. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
/** A verbal petition older than this is not a delayed sync but a new filing with an old date. */
const MAX_FIELD_DELAY_MS = 365 * 24 * 60 * 60 * 1000;

/** Checks the filing against what the database knew (`context`); returns the category ids, whether one is a red flag, and the policy consented to. */
async function checkAgainstMechanism(
  ctx: AppContext,
  mechanism: MechanismRecord,
  input: FileComplaintInput,
  filer: Filer,
  choices: FilingContext,
  now: Date,
): Promise<{ categoryIds: string[]; redFlag: boolean; policyVersion: string }> {
  const problems: FieldProblem[] = [];
  const receivedAt = input.fieldInterview ? new Date(input.fieldInterview.receivedAt) : null;
  if (receivedAt && receivedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    problems.push({ field: 'fieldInterview.receivedAt', messageKey: 'validation.received_in_future' });
  } else if (receivedAt && receivedAt.getTime() < now.getTime() - MAX_FIELD_DELAY_MS) {
    problems.push({ field: 'fieldInterview.receivedAt', messageKey: 'validation.received_too_old' });
  }
  // The person consented in the vereda to the policy in force then; a newer one published while the
  // phone had no signal does not undo that consent.
  let policyVersion = choices.policyVersion;
  if (policyVersion && receivedAt && policyVersion !== input.consent.policyVersion && receivedAt < now) {
    const thenInForce = await currentDataPolicy(ctx.db, mechanism.id, receivedAt);
    if (thenInForce?.version === input.consent.policyVersion) policyVersion = thenInForce.version;
  }
  if (!choices.municipality) problems.push({ field: 'municipalityId', messageKey: 'validation.unknown_municipality' });
  else if (!choices.municipality.veredaMatches) problems.push({ field: 'veredaId', messageKey: 'validation.vereda_mismatch' });
  if (!choices.companyKnown) problems.push({ field: 'companyId', messageKey: 'validation.unknown_company' });
  const categories = input.categoryCodes.map((code) => choices.categories.find((c) => c.code === code));
  if (categories.some((c) => !c)) problems.push({ field: 'categoryCodes', messageKey: 'validation.unknown_category' });
  if (!policyVersion || policyVersion !== input.consent.policyVersion) {
    problems.push({ field: 'consent.policyVersion', messageKey: 'validation.policy_outdated' });
  }
  // Facilitators always file for someone; an officer files only a verbal petition received for someone.
  const receiver = filer?.role === 'facilitator' || filer?.role === 'ombudsman';
  if (receiver && !input.onBehalf) problems.push({ field: 'onBehalf.personConsented', messageKey: 'validation.on_behalf_required' });
  if (!receiver && input.onBehalf) problems.push({ field: 'onBehalf', messageKey: 'validation.on_behalf_not_expected' });
  if (!receiver && input.fieldInterview) problems.push({ field: 'fieldInterview', messageKey: 'validation.field_mode_not_expected' });
  if (problems.length) throw new ValidationFailed(problems);
  const found = categories.filter((c): c is NonNullable<typeof c> => Boolean(c));
  return { categoryIds: found.map((c) => c.id), redFlag: found.some((c) => c.redFlag), policyVersion: policyVersion! };
}

/** Work once the filing committed: a failed push must not turn a filed case into an error (as Tx.afterCommit). */
function afterFiling(work: () => void): void {
  try {
    work();
  } catch (err) {
    logger.error('after-commit work failed', { err });
  }
}

/** How a filing differs from a web form's. */
export interface FilingOptions {
  /**
   * A receipt key the channel already made and will send the person (SMS/WhatsApp: docs/channels.md).
   * It is hashed for any identity mode, since a basic phone has no session to follow its case with.
   */
  receiptKey?: string;
  /**
   * The rate limit this filing counts against, counted in the filing's first read (one round trip
   * less than a statement of its own); over it, the filing is refused with 429 before anything else.
   */
  rateLimit?: { key: string; limit: Limit };
  /** A visitor's session that is to follow the new case, written in the filing's own statement (http/tracking.ts). */
  follower?: CaseFollower;
  /**
   * The session the filing was decided on without reading it (intakeRoutes' recent-session path): the
   * filing's first read goes ahead, and counts its hit, only while that session is still as read; if not,
   * `SessionChanged` is thrown with nothing counted or written.
   */
  session?: FilingSession;
}

/** The session a filing was decided on (FilingOptions.session) changed before its first read: nothing was done. */
export class SessionChanged extends Error {
  constructor() {
    super('session changed since it was read');
  }
}

/** The session row that follows a new case, and where to say whether the filing's statement wrote it. */
export interface CaseFollower {
  /** The session's row with `caseId` followed; undefined when there is no stored session to update. */
  rowFor(caseId: string): SessionWrite | undefined;
  /** Called once the filing is written: `found` is whether the session was still there and was written. */
  written(row: SessionWrite, found: boolean): void;
}

/**
 * Files `input` for `filer` in `mechanism`. A retry with the same idempotency key answers with the case
 * it made (`alreadyFiled: true`); the same key with other content is a 409 `idempotency_conflict`.
 */
export async function createCase(
  ctx: AppContext,
  mechanism: MechanismRecord,
  filer: Filer,
  input: FileComplaintInput,
  options: FilingOptions = {},
): Promise<FileComplaintResponse> {
  const device = input.deviceReceipt;
  const keyFingerprint = device ? receiptKeyFingerprint(ctx, device.receiptKey) : null;
  // Everything the filing looks up, in one read before it writes.
  const readAt = ctx.clock.now();
  const context = await readFilingContext(ctx.db, mechanism.id, {
    municipalityId: input.municipalityId,
    veredaId: input.veredaId ?? null,
    companyId: input.companyId,
    categoryCodes: input.categoryCodes,
    idempotencyKey: input.idempotencyKey,
    receiptKeyFingerprint: keyFingerprint,
    now: readAt,
    ...(options.rateLimit ? { rateLimit: { key: options.rateLimit.key, windowStart: windowStartFor(options.rateLimit.limit, readAt) } } : {}),
    ...(options.session ? { session: options.session } : {}),
  });
  if (context.sessionOk === false) throw new SessionChanged();
  if (options.rateLimit && context.rateLimit) refuseOverLimit(context.rateLimit, options.rateLimit.limit, readAt);
  const retry = await answerRetry(ctx, input, filer, context.existing);
  if (retry) return retry;
  const at = ctx.clock.now();
  const checked = await checkAgainstMechanism(ctx, mechanism, input, filer, context, at);
  if (context.receiptKeyTaken) throw receiptKeyReused();

  const anonymous = input.identityMode === 'anonymous';
  // A device-made key is the person's already; the server makes one only for anonymous filings without it.
  const serverKey = anonymous && !device && !options.receiptKey ? newReceiptKey() : undefined;
  const receiptKey = device?.receiptKey ?? options.receiptKey ?? serverKey;
  // A keyed hash, not argon2id: the key is random, not chosen (server/crypto/receiptKeyHash.ts).
  const receiptKeyHash = receiptKey ? hashReceiptKey(ctx.cipher, receiptKey) : null;
  const identity: ComplainantIdentity | null = input.identity
    ? {
        name: input.identity.name,
        ...(input.identity.documentId ? { documentId: input.identity.documentId } : {}),
        ...(input.identity.phone ? { phone: input.identity.phone } : {}),
        ...(input.identity.email ? { email: input.identity.email } : {}),
      }
    : null;
  const equity = input.equity && Object.values(input.equity).some((v) => v !== undefined) ? input.equity : null;
  const caseId = crypto.randomUUID();
  const facts = { id: caseId, mechanismId: mechanism.id, companyId: input.companyId, redFlag: checked.redFlag, status: 'received' as const };
  const events: Record<string, unknown>[] = [
    {
      kind: 'cases.filed',
      to_status: 'received',
      actor_user_id: filer?.id ?? null,
      actor_role: filer ? filer.role : anonymous ? 'anonymous' : 'complainant',
      data: {
        consent: {
          policyVersion: checked.policyVersion,
          acceptedAt: at.toISOString(),
          how: input.consent.how ?? 'read',
          ...(input.publishDescription ? { publishDescription: true } : {}),
        },
        ...(input.voiceNote ? { account: 'voice' } : {}),
        ...(input.onBehalf ? { onBehalf: { personConsented: true, how: input.onBehalf.how } } : {}),
      },
      created_at: at,
    },
  ];
  let risk: Record<string, unknown> | undefined;
  if (input.fieldInterview && filer) {
    const record: VerbalPetitionData = {
      receivedAt: new Date(input.fieldInterview.receivedAt).toISOString(),
      receivedBy: { userId: filer.id, role: filer.role, name: filer.displayName },
      consentHow: input.onBehalf?.how ?? 'verbal',
      categoryCodes: input.categoryCodes,
      declaredFiles: input.fieldInterview.declaredFiles,
      policyConsent: input.consent.how ?? 'read',
      verbal: true,
    };
    events.push({ kind: VERBAL_PETITION_EVENT, actor_user_id: filer.id, actor_role: filer.role as Actor, data: { ...record }, created_at: at });
    // The reprisal-risk protocol's first assessment, made at intake by whoever received the petition.
    const level = input.fieldInterview.reprisalRisk;
    if (level) risk = { level, stage: 'received', note: null, assessed_by_user_id: filer.id, assessed_at: at };
  }
  // The acknowledgement deadline, from the policy and calendar read above.
  const deadlines = filedCaseDeadlines(facts, context.deadlinePolicy ?? { ...DEFAULT_DEADLINE_POLICY }, calendarOf(context.holidays), at);
  // The company's liaisons hear of it (unless red-flagged); their sealed fields are opened only then.
  const notices = newCaseNotices(facts, filer?.id ?? null, audibleCompany(facts) === null ? [] : context.liaisons.map((l) => openedAccount(ctx.cipher, l)));
  const year = Number(bogotaDate(at).slice(0, 4));
  const sessionRow = options.follower?.rowFor(caseId);

  try {
    // One statement that commits on its own, with the visitor's session that follows the case; the reference
    // is taken last inside it (migration 0036).
    const written = await writeFiling(ctx.db, sessionRow, {
      case: {
        id: caseId,
        mechanism_id: mechanism.id,
        company_id: input.companyId,
        municipality_id: input.municipalityId,
        vereda_id: input.veredaId ?? null,
        place_detail: input.placeDetail ?? null,
        location_ciphertext:
          input.latitude === undefined || input.longitude === undefined
            ? null
            : ctx.cipher.seal({ latitude: input.latitude, longitude: input.longitude }, casePlace(caseId, 'location')),
        occurred_on: input.occurredOn ?? null,
        // A voice account may come with no words at all: the voice note is the account.
        description: input.whatHappened ?? '',
        hoped_outcome: input.hopedOutcome ?? null,
        identity_mode: input.identityMode,
        identity_ciphertext: identity ? ctx.cipher.seal(identity, casePlace(caseId, 'identity')) : null,
        equity_ciphertext: equity ? ctx.cipher.seal(equity, casePlace(caseId, 'equity')) : null,
        contact_preference: input.contactPreference,
        complainant_user_id: filer?.role === 'complainant' ? filer.id : null,
        // An officer who received a verbal petition is its receiving official, not a party to the case.
        filed_by_user_id: filer?.role === 'facilitator' ? filer.id : null,
        is_collective: input.collective !== undefined && input.collective !== null,
        group_name: input.collective?.groupName ?? null,
        group_kind: input.collective?.groupKind ?? null,
        group_size: input.collective?.groupSize ?? null,
        red_flag: checked.redFlag,
        receipt_key_hash: receiptKeyHash,
        receipt_key_fingerprint: keyFingerprint,
        provisional_code: device?.provisionalCode ?? null,
        idempotency_key: input.idempotencyKey,
        filing_fingerprint: filingFingerprint(ctx, input, filer),
        consent_policy_version: checked.policyVersion,
        publish_description: input.publishDescription === true,
        voice_note_key: input.voiceNote?.key ?? null,
        filing_language: filingLanguageOf(input.language),
        created_at: at,
      },
      categoryIds: checked.categoryIds,
      events,
      deadlines: deadlines.map((d) => ({
        stage: d.stage,
        responsible: d.responsible,
        started_at: d.startedAt,
        started_on: d.startedOn,
        due_on: d.dueOn,
        due_at: d.dueAt,
        base_days: d.baseDays,
        reminder_days_before: d.reminderDaysBefore,
        reminder_at: d.reminderAt,
      })),
      // Only a key the server made is kept for retries: a device-made key never leaves the device again.
      ...(serverKey
        ? {
            receipt: {
              idempotency_key: input.idempotencyKey,
              receipt_key_ciphertext: ctx.cipher.seal(serverKey, filingReceiptPlace(input.idempotencyKey)),
              expires_at: new Date(at.getTime() + RECEIPT_COPY_TTL_MS),
            },
          }
        : {}),
      ...(risk ? { risk } : {}),
      ensureDeadlinePolicy: context.deadlinePolicy === null,
      counter: { year, prefix: `${mechanism.referencePrefix}-${year}-` },
      notices: notices.recipients.map((r) => ({ user_id: r.id, kind: 'new_case', data: {}, created_at: at })),
      emails: sealedOutboxRows(ctx.cipher, notices.emails).map((row) => ({ ...row, created_at: at })),
    });
    if (sessionRow) options.follower!.written(sessionRow, written.sessionWritten);
    const reference = written.reference;
    afterFiling(() => {
      // Ids and facts only: never the identity, the contact or the complaint's text.
      logger.info('case filed', { caseId, reference, identityMode: input.identityMode, redFlag: checked.redFlag, byRole: filer?.role ?? 'visitor' });
      // Who hears of it follows from what was just written: no need to read the case back. The
      // liaisons' notices go in the same push (one relay to the other servers, not two).
      ctx.realtime.caseChanged(
        {
          ...facts,
          reference,
          complainantUserId: filer?.role === 'complainant' ? filer.id : null,
          filedByUserId: filer?.role === 'facilitator' ? filer.id : null,
        },
        written.notifications.map((row) => ({ userId: row.userId, notification: presentNotification(row) })),
      );
    });
    const answer: FileComplaintResponse = { caseId, reference, status: 'received', alreadyFiled: false };
    if (serverKey) answer.receiptKey = serverKey;
    if (device) {
      answer.provisionalCode = device.provisionalCode;
      answer.receiptKeyFromDevice = true;
    }
    return answer;
  } catch (err) {
    // Two submissions of one draft raced: the loser answers with the winner's case.
    if (isUniqueViolation(err, IDEMPOTENCY_CONSTRAINT) || isUniqueViolation(err, RECEIPT_FINGERPRINT_CONSTRAINT)) {
      const winner = await answerRetry(ctx, input, filer);
      if (winner) return winner;
    }
    // Two different complaints raced with one device key: the second must not take it.
    if (isUniqueViolation(err, RECEIPT_FINGERPRINT_CONSTRAINT)) throw receiptKeyReused();
    throw err;
  }
}
