/**
 * Rules for filing a complaint and for the case actions around it, shared by the browser form and the
 * API so both give the same words. Messages are `validation.*` keys of the `errors` namespace.
 * Checks that need the database (the municipality exists, the vereda belongs to it, the categories and
 * the company exist in the mechanism) are made by the server and reported on the same field names.
 */
import { LANGUAGE_CODE_PATTERN } from '../languages';
import { REPRISAL_RISK_LEVELS } from './custody';
import { z } from 'zod';
import { ACTIONS_WITH_OWN_COMMAND, CASE_ACTIONS } from '../caseLifecycle';
import { PETITION_KINDS } from '../types/deadlines';
import { isFullStrengthReceiptKey, isProvisionalCode, normalizeProvisionalCode } from '../deviceReceipt';
import { formatReceiptKey, isWellFormedReceiptKey, parseReceiptKey } from '../receiptKey';
import { isCaseReference } from '../receiptCheck';
import {
  AGE_BANDS,
  CESAR_BOUNDS,
  CONSENT_WAYS,
  CONTACT_PREFERENCES,
  DISABILITY_ANSWERS,
  ETHNIC_GROUPS,
  GENDERS,
  GROUP_KINDS,
  IDENTITY_MODES,
  INTAKE_LIMITS,
  ON_BEHALF_CONSENT_KINDS,
} from './intakeChoices';

// The lists and limits live in a module without zod, so screens can show the questions without
// downloading the validation library; they are re-exported here for everything else.
export * from './intakeChoices';

/**
 * The receipt a device made before it had signal (docs/offline-intake.md): a receipt key of full
 * strength, shown to the person at once, and a provisional code to name the complaint until it has a
 * reference. The server keeps only hashes of the key.
 */
export const deviceReceiptSchema = z.strictObject({
  receiptKey: z
    .string({ message: 'validation.required' })
    .max(64, { message: 'validation.receipt_key_malformed' })
    .refine(isWellFormedReceiptKey, { message: 'validation.receipt_key_malformed' })
    // A malformed key has its own message; weakness is judged only on a well-formed one.
    .refine((v) => !isWellFormedReceiptKey(v) || isFullStrengthReceiptKey(v), { message: 'validation.receipt_key_weak' })
    .transform(formatReceiptKey),
  provisionalCode: z
    .string({ message: 'validation.required' })
    .max(40, { message: 'validation.provisional_code' })
    .transform(normalizeProvisionalCode)
    .refine(isProvisionalCode, { message: 'validation.provisional_code' }),
});

/**
 * A verbal petition received in the field by a facilitator or an ombudsman officer (Decreto 1166 de
 * 2016): when the person told it, by the device's clock, kept apart from the server's filing time.
 */
export const fieldInterviewSchema = z.strictObject({
  receivedAt: z.iso.datetime({ offset: true, message: 'validation.datetime' }),
  /** How many files the person handed over with it (they are uploaded after the case exists). */
  declaredFiles: z
    .number({ message: 'validation.invalid_type' })
    .int({ message: 'validation.whole_number' })
    .min(0, { message: 'validation.invalid_value' })
    .max(50, { message: 'validation.invalid_value' }),
  /** The reprisal risk the receiving official assessed in the interview (issue #15 §5); assessed later when absent. */
  reprisalRisk: z.enum(REPRISAL_RISK_LEVELS, { message: 'validation.invalid_value' }).optional(),
});

const requiredText = (max: number) =>
  z.string({ message: 'validation.required' }).trim().min(1, { message: 'validation.required' }).max(max, { message: 'validation.too_long' });

const optionalText = (max: number) =>
  z
    .string({ message: 'validation.invalid_type' })
    .trim()
    .max(max, { message: 'validation.too_long' })
    .optional()
    // An emptied field in the form means "not given".
    .transform((v) => (v === '' ? undefined : v));

// A missing choice is "required"; a value outside the list is "not valid".
const choiceError = (issue: { input?: unknown }) => (issue.input === undefined ? 'validation.required' : 'validation.invalid_value');
const choice = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: choiceError });

// An emptied optional field in the form means "not given", not "invalid".
const blankAsUndefined = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(value: string): boolean {
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/**
 * The account of what happened is a voice note: the key the device gave the audio file (also its
 * attachment key, so a resent filing keeps it once).
 */
export const voiceNoteSchema = z.strictObject({
  key: z.uuid({ message: 'validation.invalid_value' }),
});

/** Person's identity and contact; encrypted at rest, shown to companies only in named cases. */
export const identitySchema = z.strictObject({
  name: requiredText(INTAKE_LIMITS.nameMax),
  /** Cédula de ciudadanía: digits only (dots and spaces are removed). */
  documentId: blankAsUndefined(
    z
      .string({ message: 'validation.invalid_type' })
      .transform((v) => v.replace(/[\s.]/g, ''))
      .pipe(z.string().regex(/^\d{5,12}$/, { message: 'validation.document_id' })),
  ),
  /** Colombian mobile: 10 digits starting with 3 (spaces, dashes and +57 are removed). */
  phone: blankAsUndefined(
    z
      .string({ message: 'validation.invalid_type' })
      .transform((v) => v.replace(/[\s\-()]/g, '').replace(/^\+?57(?=3\d{9}$)/, ''))
      .pipe(z.string().regex(/^3\d{9}$/, { message: 'validation.phone' })),
  ),
  email: blankAsUndefined(
    z
      .string({ message: 'validation.invalid_type' })
      .trim()
      .toLowerCase()
      .max(INTAKE_LIMITS.emailMax, { message: 'validation.too_long' })
      .pipe(z.email({ message: 'validation.email' })),
  ),
});

/** A complaint made for a group. */
export const collectiveSchema = z.strictObject({
  groupName: requiredText(INTAKE_LIMITS.groupNameMax),
  groupKind: choice(GROUP_KINDS),
  groupSize: z
    .number({ message: 'validation.invalid_type' })
    .int({ message: 'validation.whole_number' })
    .min(INTAKE_LIMITS.groupSizeMin, { message: 'validation.group_size' })
    .max(INTAKE_LIMITS.groupSizeMax, { message: 'validation.group_size' }),
});

/**
 * Optional equity answers; never shown to companies. They are sensitive data (Ley 1581 arts. 5–6): kept
 * only with their own explicit consent (`consent: true`), apart from the data policy's, which the person
 * may withdraw at any time (docs/habeas-data.md). Without any answer nothing is kept, consent or not.
 */
export const equitySchema = z
  .strictObject({
    ethnicGroup: choice(ETHNIC_GROUPS).optional(),
    gender: choice(GENDERS).optional(),
    ageBand: choice(AGE_BANDS).optional(),
    disability: choice(DISABILITY_ANSWERS).optional(),
    consent: z.boolean({ message: 'validation.expected_boolean' }).optional(),
  })
  .superRefine((v, ctx) => {
    const answered = v.ethnicGroup !== undefined || v.gender !== undefined || v.ageBand !== undefined || v.disability !== undefined;
    if (answered && v.consent !== true) ctx.addIssue({ code: 'custom', path: ['consent'], message: 'validation.sensitive_consent_required' });
  })
  .transform((v) => ((v.ethnicGroup ?? v.gender ?? v.ageBand ?? v.disability) === undefined ? undefined : { ...v, consent: true as const }));

/** Builds the filing schema for `today` (fileComplaintSchema keeps one a day). */
function buildFileComplaintSchema(today: string) {
  return (
    z
      .strictObject({
        /** A UUID the client generates once per draft; a retry with it returns the same case. */
        idempotencyKey: z.uuid({ message: 'validation.invalid_value' }),
        /** The account in the person's words; at least whatHappenedMin characters unless it is a voice note. */
        whatHappened: z.string({ message: 'validation.required' }).trim().max(INTAKE_LIMITS.whatHappenedMax, { message: 'validation.too_long' }).optional(),
        /**
         * Present when the account of what happened (and what the person hopes for) is a voice note: the
         * send queue's key of the audio file, which must arrive in the same request (the route refuses the
         * filing otherwise, naming `voiceNote`). The written fields are then optional.
         */
        voiceNote: voiceNoteSchema.optional(),
        hopedOutcome: optionalText(INTAKE_LIMITS.hopedOutcomeMax),
        occurredOn: z
          .string({ message: 'validation.invalid_type' })
          .regex(isoDate, { message: 'validation.date' })
          .refine(isRealDate, { message: 'validation.date' })
          .refine((v) => v <= today, { message: 'validation.date_in_future' })
          .optional(),
        municipalityId: z.uuid({ message: 'validation.required' }),
        veredaId: z.uuid({ message: 'validation.invalid_value' }).optional(),
        placeDetail: optionalText(INTAKE_LIMITS.placeDetailMax),
        latitude: z
          .number({ message: 'validation.invalid_type' })
          .min(CESAR_BOUNDS.minLat, { message: 'validation.outside_region' })
          .max(CESAR_BOUNDS.maxLat, { message: 'validation.outside_region' })
          .optional(),
        longitude: z
          .number({ message: 'validation.invalid_type' })
          .min(CESAR_BOUNDS.minLng, { message: 'validation.outside_region' })
          .max(CESAR_BOUNDS.maxLng, { message: 'validation.outside_region' })
          .optional(),
        /** null: "no sé" — the ombudsman routes the case. */
        companyId: z.uuid({ message: 'validation.invalid_value' }).nullable(),
        categoryCodes: z
          .array(z.string().min(1).max(60), { message: 'validation.invalid_type' })
          .min(INTAKE_LIMITS.categoriesMin, { message: 'validation.choose_one' })
          .max(INTAKE_LIMITS.categoriesMax, { message: 'validation.too_many' })
          .refine((codes) => new Set(codes).size === codes.length, { message: 'validation.duplicate' }),
        identityMode: choice(IDENTITY_MODES),
        identity: identitySchema.optional(),
        contactPreference: choice(CONTACT_PREFERENCES),
        collective: collectiveSchema.optional(),
        equity: equitySchema.optional(),
        consent: z.strictObject({
          policyVersion: requiredText(40),
          accepted: z.literal(true, { message: 'validation.consent_required' }),
          /** 'spoken': heard and said yes on a field-mode device; read on the screen when absent. */
          how: choice(CONSENT_WAYS).optional(),
        }),
        /**
         * The complainant allows "what happened" to be published in the open-data feed, without their
         * identity (docs/open-data.md). Off unless they say yes.
         */
        publishDescription: z.boolean({ message: 'validation.invalid_type' }).optional(),
        /**
         * The language the person filed in (the interface's, written or by voice), when not Spanish: the
         * case is marked for an interpreter (issue #14 §7). An ISO 639 code; absent means Spanish.
         */
        language: z.string({ message: 'validation.invalid_type' }).regex(LANGUAGE_CODE_PATTERN, { message: 'validation.language_code' }).optional(),
        /** A receipt made on the device before the signal; without it anonymous filings get a key from the server. */
        deviceReceipt: deviceReceiptSchema.optional(),
        /** Present exactly when a facilitator or an ombudsman officer records a verbal petition in field mode. */
        fieldInterview: fieldInterviewSchema.optional(),
        /** Present exactly when a facilitator (or an officer in field mode) files for someone else. */
        onBehalf: z
          .strictObject({
            personConsented: z.literal(true, { message: 'validation.consent_required' }),
            how: choice(ON_BEHALF_CONSENT_KINDS),
          })
          .optional(),
      })
      // The account's length is judged even when other answers are wrong, so every problem shows at once.
      .superRefine(
        (v, ctx) => {
          if (v.voiceNote) return;
          if (v.whatHappened === undefined) ctx.addIssue({ code: 'custom', path: ['whatHappened'], message: 'validation.required', input: undefined });
          else if (v.whatHappened.length < INTAKE_LIMITS.whatHappenedMin) {
            const minimum = INTAKE_LIMITS.whatHappenedMin;
            ctx.addIssue({
              code: 'too_small',
              origin: 'string',
              minimum,
              inclusive: true,
              path: ['whatHappened'],
              message: 'validation.too_short',
              input: v.whatHappened,
            });
          }
        },
        { when: (payload) => !payload.issues.some((issue) => issue.path?.[0] === 'whatHappened' || issue.path?.[0] === 'voiceNote') },
      )
      .superRefine((v, ctx) => {
        const problem = (path: string[], message: string) => ctx.addIssue({ code: 'custom', path, message });
        // Spoken consent needs someone who heard it: a verbal petition received in field mode.
        if (v.consent.how === 'spoken' && !v.fieldInterview) problem(['consent', 'how'], 'validation.spoken_consent_field_mode');
        if ((v.latitude === undefined) !== (v.longitude === undefined)) {
          problem([v.latitude === undefined ? 'latitude' : 'longitude'], 'validation.coordinates_pair');
        }
        if (v.identityMode === 'anonymous') {
          if (v.identity) problem(['identity'], 'validation.not_for_anonymous');
          if (v.contactPreference !== 'none') problem(['contactPreference'], 'validation.anonymous_no_contact');
          return;
        }
        if (!v.identity) {
          problem(['identity', 'name'], 'validation.required');
          return;
        }
        const pref = v.contactPreference;
        if ((pref === 'phone' || pref === 'whatsapp') && !v.identity.phone) problem(['identity', 'phone'], 'validation.contact_needs_phone');
        if (pref === 'email' && !v.identity.email) problem(['identity', 'email'], 'validation.contact_needs_email');
        if (pref === 'facilitator' && !v.onBehalf) problem(['contactPreference'], 'validation.contact_needs_facilitator');
      })
  );
}

// Built once a day, not per request: a schema of this size costs more to build than to check a body with.
let dailySchema: { today: string; schema: ReturnType<typeof buildFileComplaintSchema> } | undefined;

/**
 * The body of `POST /api/complaints`, checked against `today` (the Bogota date, 'YYYY-MM-DD') so an
 * occurrence date in the future is refused. The browser passes its own Bogota date; the server its clock's.
 */
export function fileComplaintSchema(today: string): ReturnType<typeof buildFileComplaintSchema> {
  if (dailySchema?.today !== today) dailySchema = { today, schema: buildFileComplaintSchema(today) };
  return dailySchema.schema;
}

/** A complaint as the server receives it after parsing. */
export type FileComplaintInput = z.output<ReturnType<typeof fileComplaintSchema>>;

/** Where a case is referred when the mechanism cannot settle it (competent body, other remedies). */
export const referralSchema = z.strictObject({
  /** The body or remedy, e.g. "Corpocesar", "Inspección de Trabajo de Valledupar". */
  to: requiredText(INTAKE_LIMITS.referralMax),
  /** Plain words for the complainant: how to reach it, what to bring. */
  note: optionalText(INTAKE_LIMITS.reasonMax),
});

/** Body of `POST /api/cases/:id/transitions`. Reason and referral are required by some actions. */
export const caseTransitionSchema = z
  .strictObject({
    // Agreements and reopening go through their own routes, which check what a bare status move cannot.
    action: choice(CASE_ACTIONS).refine((action) => !ACTIONS_WITH_OWN_COMMAND.includes(action), { message: 'validation.invalid_value' }),
    reason: optionalText(INTAKE_LIMITS.reasonMax),
    referral: referralSchema.optional(),
    // The ombudsman says at admission what kind of petition it is (Ley 1755, art. 14); general if not said.
    petitionKind: choice(PETITION_KINDS).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.petitionKind !== undefined && body.action !== 'admit') {
      ctx.addIssue({ code: 'custom', path: ['petitionKind'], message: 'validation.petition_kind_at_admission' });
    }
  });

/** Body of `POST /api/cases/:id/route`. */
export const routeCaseSchema = z.strictObject({
  companyId: z.uuid({ message: 'validation.required' }),
  reason: optionalText(INTAKE_LIMITS.reasonMax),
});

/** Body of `POST /api/cases/:id/release-red-flag`. */
export const releaseRedFlagSchema = z.strictObject({
  reason: requiredText(INTAKE_LIMITS.reasonMax),
});

/**
 * A typed receipt key, read by shared/receiptKey.ts: spaces, dashes and case do not matter, O is read
 * as 0 and I or L as 1, and the parsed value is the canonical key. A text that cannot be a key (other
 * characters, a wrong length) is refused here with its own message, before any secret is checked.
 */
export function receiptKeyField() {
  return z
    .string({ message: 'validation.required' })
    .max(100, { message: 'validation.too_long' })
    .transform((typed, ctx) => {
      const parsed = parseReceiptKey(typed);
      if (parsed.ok) return parsed.key;
      ctx.addIssue({ code: 'custom', message: parsed.problem === 'required' ? 'validation.required' : `validation.receipt_key_${parsed.problem}` });
      return z.NEVER;
    });
}

/**
 * A typed case reference, or the provisional code of a receipt made on the device before the signal,
 * read as shared/receiptCheck.ts reads it (a provisional code as a key is; a reference trimmed and in
 * capitals).
 */
export function caseReferenceField() {
  return z
    .string({ message: 'validation.required' })
    .trim()
    .min(1, { message: 'validation.required' })
    .max(40, { message: 'validation.reference' })
    .transform(normalizeProvisionalCode)
    .refine(isCaseReference, { message: 'validation.reference' });
}

/**
 * The reference and receipt key that open a case without an account, read one way wherever they are
 * typed: tracking (`POST /api/track`) and claiming (`POST /api/me/claims`) alike.
 */
export function receiptCheckFields() {
  return { reference: caseReferenceField(), receiptKey: receiptKeyField() };
}

/**
 * Body of `POST /api/track`: the reference (or the provisional code of a receipt made on the device
 * before the signal) and the receipt key shown once at filing.
 */
export const trackSchema = z.strictObject(receiptCheckFields());
