/**
 * Files a complaint: checks it against the mechanism's lists, encrypts identity and equity answers,
 * takes a reference code, writes the case and its `cases.filed` event in one transaction, and tells
 * everyone allowed to see it after commit. Idempotent on the client's key per draft. A complaint that
 * waited on a phone brings the receipt the phone made (key and provisional code), and one received in
 * the field by a facilitator or an officer the record of a verbal petition (docs/offline-intake.md).
 */
import crypto from 'node:crypto';
import type { FileComplaintInput } from '../../shared/validation/intake';
import type { FileComplaintResponse } from '../../shared/types/intake';
import type { AppContext } from '../context';
import type { Tx } from '../db/database';
import { isUniqueViolation } from '../db/database';
import { AppError, ValidationFailed, type FieldProblem } from '../errors';
import { hashReceiptKey } from '../crypto/receiptKeyHash';
import { newReceiptKey } from '../../shared/receiptKey';
import { currentDataPolicy } from '../repositories/dataPolicies';
import { filingChoices, type MechanismRecord } from '../repositories/mechanisms';
import { assignReference, provisionalReference } from '../repositories/references';
import {
  findCaseByIdempotencyKey,
  IDEMPOTENCY_CONSTRAINT,
  RECEIPT_FINGERPRINT_CONSTRAINT,
  receiptKeyFingerprintTaken,
  insertCase,
  insertCaseEvent,
  keepFilingReceipt,
  type CaseRow,
} from '../repositories/cases';
import type { UserRecord } from '../repositories/users';
import type { Actor } from '../../shared/caseLifecycle';
import { VERBAL_PETITION_EVENT, type VerbalPetitionData } from '../../shared/types/intake';
import type { ComplainantIdentity } from '../presenters/casePresenter';
import { logger } from '../logger';
import { onCaseFiled } from '../deadlines/deadlineScheduler';
import { recordFilingLanguage } from '../languages/filingLanguage';
import { insertRiskAssessment } from '../repositories/custody';
import { newCaseRecipients, notifyNewCase } from '../notifications/notifier';
import { casePlace, filingReceiptPlace } from '../crypto/sealedColumns';


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

/** The answer to a filing whose idempotency key already made a case. */
async function answerRetry(ctx: AppContext, input: FileComplaintInput, filer: Filer): Promise<FileComplaintResponse | undefined> {
  const existing = await findCaseByIdempotencyKey(ctx.db, input.idempotencyKey, ctx.clock.now());
  if (!existing) return undefined;
  if (existing.filingFingerprint !== filingFingerprint(ctx, input, filer)) throw new AppError(409, 'idempotency_conflict');
  const answer: FileComplaintResponse = { caseId: existing.id, reference: existing.reference, status: existing.status, alreadyFiled: true };
  if (existing.provisionalCode) {
    // The device made the key and still holds it; the server never had it to give back.
    answer.provisionalCode = existing.provisionalCode;
    answer.receiptKeyFromDevice = true;
  } else if (existing.identityMode === 'anonymous') {
    if (existing.receiptKeyCiphertext) answer.receiptKey = ctx.cipher.open<string>(existing.receiptKeyCiphertext, filingReceiptPlace(input.idempotencyKey));
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

/** Checks what only the database knows; returns the category ids and whether one is a red flag. */
async function checkAgainstMechanism(
  ctx: AppContext,
  mechanism: MechanismRecord,
  input: FileComplaintInput,
  filer: Filer,
): Promise<{ categoryIds: string[]; redFlag: boolean; policyVersion: string }> {
  const now = ctx.clock.now();
  const [choices, inForce] = await Promise.all([
    filingChoices(ctx.db, mechanism.id, {
      municipalityId: input.municipalityId,
      veredaId: input.veredaId ?? null,
      companyId: input.companyId,
      categoryCodes: input.categoryCodes,
    }),
    currentDataPolicy(ctx.db, mechanism.id, now),
  ]);
  const problems: FieldProblem[] = [];
  const receivedAt = input.fieldInterview ? new Date(input.fieldInterview.receivedAt) : null;
  if (receivedAt && receivedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    problems.push({ field: 'fieldInterview.receivedAt', messageKey: 'validation.received_in_future' });
  } else if (receivedAt && receivedAt.getTime() < now.getTime() - MAX_FIELD_DELAY_MS) {
    problems.push({ field: 'fieldInterview.receivedAt', messageKey: 'validation.received_too_old' });
  }
  // The person consented in the vereda to the policy in force then; a newer one published while the
  // phone had no signal does not undo that consent.
  let policy = inForce;
  if (policy && receivedAt && policy.version !== input.consent.policyVersion && receivedAt < now) {
    const thenInForce = await currentDataPolicy(ctx.db, mechanism.id, receivedAt);
    if (thenInForce?.version === input.consent.policyVersion) policy = thenInForce;
  }
  if (!choices.municipality) problems.push({ field: 'municipalityId', messageKey: 'validation.unknown_municipality' });
  else if (!choices.municipality.veredaMatches) problems.push({ field: 'veredaId', messageKey: 'validation.vereda_mismatch' });
  if (!choices.companyKnown) problems.push({ field: 'companyId', messageKey: 'validation.unknown_company' });
  const categories = input.categoryCodes.map((code) => choices.categories.find((c) => c.code === code));
  if (categories.some((c) => !c)) problems.push({ field: 'categoryCodes', messageKey: 'validation.unknown_category' });
  if (!policy || policy.version !== input.consent.policyVersion) {
    problems.push({ field: 'consent.policyVersion', messageKey: 'validation.policy_outdated' });
  }
  // Facilitators always file for someone; an officer files only a verbal petition received for someone.
  const receiver = filer?.role === 'facilitator' || filer?.role === 'ombudsman';
  if (receiver && !input.onBehalf) problems.push({ field: 'onBehalf.personConsented', messageKey: 'validation.on_behalf_required' });
  if (!receiver && input.onBehalf) problems.push({ field: 'onBehalf', messageKey: 'validation.on_behalf_not_expected' });
  if (!receiver && input.fieldInterview) problems.push({ field: 'fieldInterview', messageKey: 'validation.field_mode_not_expected' });
  if (problems.length) throw new ValidationFailed(problems);
  const found = categories.filter((c): c is NonNullable<typeof c> => Boolean(c));
  return { categoryIds: found.map((c) => c.id), redFlag: found.some((c) => c.redFlag), policyVersion: policy!.version };
}

/** How a filing differs from a web form's. */
export interface FilingOptions {
  /**
   * A receipt key the channel already made and will send the person (SMS/WhatsApp: docs/channels.md).
   * It is hashed for any identity mode, since a basic phone has no session to follow its case with.
   */
  receiptKey?: string;
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
  const retry = await answerRetry(ctx, input, filer);
  if (retry) return retry;
  const checked = await checkAgainstMechanism(ctx, mechanism, input, filer);

  const anonymous = input.identityMode === 'anonymous';
  const device = input.deviceReceipt;
  const keyFingerprint = device ? receiptKeyFingerprint(ctx, device.receiptKey) : null;
  if (keyFingerprint && (await receiptKeyFingerprintTaken(ctx.db, keyFingerprint))) throw receiptKeyReused();
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

  try {
    // Nothing in this transaction waits for another filing until its last statement: the reference is
    // taken there (assignReference), so the counter row is locked only for that statement and COMMIT.
    return await ctx.db.transaction(async (tx) => {
      const at = ctx.clock.now();
      const caseId = crypto.randomUUID();
      await insertCase(
        tx,
        {
          id: caseId,
          mechanismId: mechanism.id,
          reference: provisionalReference(caseId),
          companyId: input.companyId,
          municipalityId: input.municipalityId,
          veredaId: input.veredaId ?? null,
          placeDetail: input.placeDetail ?? null,
          locationCiphertext:
            input.latitude === undefined || input.longitude === undefined
              ? null
              : ctx.cipher.seal({ latitude: input.latitude, longitude: input.longitude }, casePlace(caseId, 'location')),
          occurredOn: input.occurredOn ?? null,
          // A voice account may come with no words at all: the voice note is the account.
          description: input.whatHappened ?? '',
          hopedOutcome: input.hopedOutcome ?? null,
          identityMode: input.identityMode,
          identityCiphertext: identity ? ctx.cipher.seal(identity, casePlace(caseId, 'identity')) : null,
          equityCiphertext: equity ? ctx.cipher.seal(equity, casePlace(caseId, 'equity')) : null,
          contactPreference: input.contactPreference,
          complainantUserId: filer?.role === 'complainant' ? filer.id : null,
          // An officer who received a verbal petition is its receiving official, not a party to the case.
          filedByUserId: filer?.role === 'facilitator' ? filer.id : null,
          collective: input.collective ?? null,
          redFlag: checked.redFlag,
          receiptKeyHash,
          receiptKeyFingerprint: keyFingerprint,
          provisionalCode: device?.provisionalCode ?? null,
          idempotencyKey: input.idempotencyKey,
          filingFingerprint: filingFingerprint(ctx, input, filer),
          consentPolicyVersion: checked.policyVersion,
          publishDescription: input.publishDescription === true,
          voiceNoteKey: input.voiceNote?.key ?? null,
          at,
        },
        checked.categoryIds,
        {
          kind: 'cases.filed',
          toStatus: 'received',
          actorUserId: filer?.id ?? null,
          actorRole: filer ? filer.role : anonymous ? 'anonymous' : 'complainant',
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
        },
      );
      await recordFilingLanguage(tx, caseId, input.language);
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
        await insertCaseEvent(tx, { caseId, kind: VERBAL_PETITION_EVENT, actorUserId: filer.id, actorRole: filer.role as Actor, data: { ...record }, at });
        // The reprisal-risk protocol's first assessment, made at intake by whoever received the petition.
        const risk = input.fieldInterview.reprisalRisk;
        if (risk) await insertRiskAssessment(tx, { caseId, level: risk, stage: 'received', note: null, by: filer.id, at });
      }
      // Only a key the server made is kept for retries: a device-made key never leaves the device again.
      if (serverKey) await keepFilingReceipt(tx, input.idempotencyKey, caseId, ctx.cipher.seal(serverKey, filingReceiptPlace(input.idempotencyKey)), new Date(at.getTime() + RECEIPT_COPY_TTL_MS));
      // The acknowledgement deadline starts in the filing transaction (it needs no reference).
      const facts = { id: caseId, mechanismId: mechanism.id, companyId: input.companyId, redFlag: checked.redFlag, status: 'received' as const };
      await onCaseFiled(ctx, tx, facts);
      // Read now, so that after the reference is taken only writes remain before COMMIT.
      const liaisons = await newCaseRecipients(tx, ctx.cipher, facts);
      const reference = await assignReference(tx, caseId, mechanism.id, mechanism.referencePrefix, at);
      await notifyNewCase(ctx, tx, { ...facts, reference }, filer?.id ?? null, { liaisons, mechanismId: mechanism.id });
      tx.afterCommit(() => {
        // Ids and facts only: never the identity, the contact or the complaint's text.
        logger.info('case filed', { caseId, reference, identityMode: input.identityMode, redFlag: checked.redFlag, byRole: filer?.role ?? 'visitor' });
        // Who hears of it follows from what was just written: no need to read the case back.
        ctx.realtime.caseChanged({
          ...facts,
          reference,
          complainantUserId: filer?.role === 'complainant' ? filer.id : null,
          filedByUserId: filer?.role === 'facilitator' ? filer.id : null,
        });
      });
      const answer: FileComplaintResponse = { caseId, reference, status: 'received', alreadyFiled: false };
      if (serverKey) answer.receiptKey = serverKey;
      if (device) {
        answer.provisionalCode = device.provisionalCode;
        answer.receiptKeyFromDevice = true;
      }
      return answer;
    });
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
