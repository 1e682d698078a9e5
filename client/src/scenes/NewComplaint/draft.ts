/**
 * The complaint being written: kept on this device (localStorage) so a reload or a dropped signal
 * never loses it, turned into the body of `POST /api/complaints`, and checked step by step with the
 * shared schema. The idempotency key is made once per draft, so resending after a lost answer returns
 * the same case. The schema (and zod with it) is downloaded when the first step is checked, not before:
 * the form must appear as early as possible on a weak signal.
 */
import type { z } from 'zod';
import type { IdentityMode } from '../../../../shared/types/api';
import type { FileComplaintRequest } from '../../../../shared/types/intake';
import {
  AGE_BANDS,
  CONTACT_PREFERENCES,
  DISABILITY_ANSWERS,
  ETHNIC_GROUPS,
  GENDERS,
  GROUP_KINDS,
  ON_BEHALF_CONSENT_KINDS,
} from '../../../../shared/validation/intakeChoices';
import { errorText, messagesFromIssues, type FieldMessages } from '../../forms/fieldMessages';
import { INTAKE_STEPS, type IntakeStep } from '../../../../shared/spokenHelp';

/** The steps of the form, in order; one question per screen on a phone (each with its spoken-help clip). */
export const STEPS = INTAKE_STEPS;
/** One step of the form. */
export type Step = IntakeStep;

/** Request fields each step asks for; a server error on a field sends the person back to its step. */
const STEP_FIELDS: Record<Step, readonly string[]> = {
  what: ['whatHappened', 'hopedOutcome', 'occurredOn', 'voiceNote'],
  evidence: [],
  where: ['municipalityId', 'veredaId', 'placeDetail', 'latitude', 'longitude'],
  company: ['companyId'],
  categories: ['categoryCodes'],
  who: ['collective', 'onBehalf'],
  identity: ['identityMode', 'identity', 'contactPreference'],
  equity: ['equity'],
  consent: ['consent'],
  review: ['idempotencyKey'],
};

/** The step that asks for a field given as a dotted path (`identity.phone` → identity). */
export function stepOfField(field: string): Step {
  const root = field.split('.')[0] ?? '';
  return STEPS.find((step) => STEP_FIELDS[step].includes(root)) ?? 'review';
}

type Choice<T extends readonly string[]> = T[number] | '';

/** Everything the form holds; strings as typed, converted only when sending. */
export interface ComplaintDraft {
  version: 1;
  idempotencyKey: string;
  step: Step;
  whatHappened: string;
  hopedOutcome: string;
  occurredOn: string;
  /** The key of the voice note that is the account of what happened (the file's key among the files); '' when written. */
  voiceNoteKey: string;
  municipalityId: string;
  veredaId: string;
  placeDetail: string;
  latitude: number | null;
  longitude: number | null;
  /** '' not answered yet, 'unknown' for "No sé", otherwise the company id. */
  company: string;
  categoryCodes: string[];
  collective: boolean | null;
  groupName: string;
  groupKind: Choice<typeof GROUP_KINDS>;
  groupSize: string;
  onBehalfConsented: boolean;
  onBehalfHow: Choice<typeof ON_BEHALF_CONSENT_KINDS>;
  identityMode: IdentityMode | '';
  name: string;
  documentId: string;
  phone: string;
  email: string;
  contactPreference: Choice<typeof CONTACT_PREFERENCES>;
  ethnicGroup: Choice<typeof ETHNIC_GROUPS>;
  gender: Choice<typeof GENDERS>;
  ageBand: Choice<typeof AGE_BANDS>;
  disability: Choice<typeof DISABILITY_ANSWERS>;
  /** Explicit consent for the sensitive answers above (Ley 1581 art. 6); absent in drafts kept by older releases. */
  sensitiveConsent?: boolean;
  consentAccepted: boolean;
  /** The data-policy version the person read when they ticked the box. */
  consentVersion: string;
  /** Field mode: the person heard the short version and consented aloud. */
  consentSpoken: boolean;
  /** The person allowed "what happened" to be published as open data, without their identity. */
  publishDescription?: boolean;
  /** Names of files chosen before a reload; the browser cannot keep the files themselves. */
  attachmentNames: string[];
  /** A receipt the phone already gave the person (a complaint sent back for correcting keeps it). */
  deviceReceipt: { receiptKey: string; provisionalCode: string } | null;
  /** Field mode: when the verbal petition was received, kept when it comes back for correcting. */
  fieldReceivedAt: string;
  /** Field mode: the reprisal risk the receiving official assessed ('' when not assessed). Optional: older saved drafts lack it. */
  fieldReprisalRisk?: '' | 'low' | 'medium' | 'high';
}

/** Where the draft lives on this device. */
export const DRAFT_STORAGE_KEY = 'puente.complaintDraft';

/** A fresh draft with its own idempotency key. */
export function newDraft(): ComplaintDraft {
  return {
    version: 1,
    idempotencyKey: crypto.randomUUID(),
    step: 'what',
    whatHappened: '',
    hopedOutcome: '',
    occurredOn: '',
    voiceNoteKey: '',
    municipalityId: '',
    veredaId: '',
    placeDetail: '',
    latitude: null,
    longitude: null,
    company: '',
    categoryCodes: [],
    collective: null,
    groupName: '',
    groupKind: '',
    groupSize: '',
    onBehalfConsented: false,
    onBehalfHow: '',
    identityMode: '',
    name: '',
    documentId: '',
    phone: '',
    email: '',
    contactPreference: '',
    ethnicGroup: '',
    gender: '',
    ageBand: '',
    disability: '',
    consentAccepted: false,
    consentVersion: '',
    consentSpoken: false,
    attachmentNames: [],
    deviceReceipt: null,
    fieldReceivedAt: '',
  };
}

/** Whether anything was answered (or a step passed): a reload for an app update must wait then. */
export function draftStarted(draft: ComplaintDraft): boolean {
  const blank: ComplaintDraft = { ...newDraft(), idempotencyKey: draft.idempotencyKey };
  return JSON.stringify(draft) !== JSON.stringify(blank);
}

/** The stored draft, or a new one when none is stored (or storage is unavailable or corrupt). */
export function loadDraft(): ComplaintDraft {
  try {
    const raw = window.localStorage.getItem(DRAFT_STORAGE_KEY);
    if (!raw) return newDraft();
    const stored = JSON.parse(raw) as Partial<ComplaintDraft>;
    if (stored.version !== 1 || typeof stored.idempotencyKey !== 'string') return newDraft();
    // Answers added by a later release take their defaults, so a draft written before an update opens
    // after it. A release that changes an answer's shape must bump `version` and convert older drafts
    // here, never drop them: an update must not lose a half-filled form (docs/reach.md).
    const draft = { ...newDraft(), ...stored };
    if (!STEPS.includes(draft.step)) draft.step = 'what';
    return draft;
  } catch {
    return newDraft();
  }
}

/** Keeps the draft on this device. */
export function saveDraft(draft: ComplaintDraft): void {
  try {
    window.localStorage.setItem(DRAFT_STORAGE_KEY, JSON.stringify(draft));
  } catch {
    // Without storage (private browsing, full) the draft lives only as long as the page.
  }
}

/** Forgets the draft: after a successful send, a complaint's text must not stay on a shared phone. */
export function clearDraft(): void {
  try {
    window.localStorage.removeItem(DRAFT_STORAGE_KEY);
  } catch {
    // Nothing stored, nothing to forget.
  }
}

/** Today's date in Bogota ('YYYY-MM-DD'), the day the schema compares the occurrence date with. */
export function bogotaToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Bogota', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

const text = (value: string): string | undefined => (value.trim() === '' ? undefined : value);

/**
 * Who is filing changes what the form asks: a facilitator (or an ombudsman officer in field mode) files
 * for someone else, with their consent; in field mode the petition is recorded as received verbally.
 */
export interface FilerContext {
  /** Files for someone else: a facilitator, or an officer in field mode. */
  isFacilitator: boolean;
  /** Field mode: a verbal petition received in the field (Decreto 1166 de 2016). */
  fieldMode?: boolean;
  /** Whether a photo of the person's thumbprint is among the files (consent given with a thumbprint). */
  hasThumbprintPhoto?: boolean;
  /** Whether the voice note the draft names as its account is among the files (a reload loses files). */
  hasVoiceNote?: boolean;
}

/** The body of `POST /api/complaints` for a draft; unanswered questions are left out. */
export function toRequest(draft: ComplaintDraft, filer: FilerContext): Partial<FileComplaintRequest> & Record<string, unknown> {
  const anonymous = draft.identityMode === 'anonymous';
  const equity = {
    ethnicGroup: draft.ethnicGroup || undefined,
    gender: draft.gender || undefined,
    ageBand: draft.ageBand || undefined,
    disability: draft.disability || undefined,
  };
  const hasEquity = Object.values(equity).some((v) => v !== undefined);
  return {
    idempotencyKey: draft.idempotencyKey,
    // With a voice note the typed words are optional: blank means none.
    whatHappened: draft.voiceNoteKey ? text(draft.whatHappened) : draft.whatHappened,
    voiceNote: draft.voiceNoteKey ? { key: draft.voiceNoteKey } : undefined,
    hopedOutcome: text(draft.hopedOutcome),
    occurredOn: text(draft.occurredOn),
    municipalityId: text(draft.municipalityId),
    veredaId: text(draft.veredaId),
    placeDetail: text(draft.placeDetail),
    latitude: draft.latitude ?? undefined,
    longitude: draft.longitude ?? undefined,
    companyId: draft.company === '' ? undefined : draft.company === 'unknown' ? null : draft.company,
    categoryCodes: draft.categoryCodes,
    identityMode: draft.identityMode || undefined,
    identity:
      anonymous || draft.identityMode === ''
        ? undefined
        : { name: draft.name, documentId: text(draft.documentId), phone: text(draft.phone), email: text(draft.email) },
    // An anonymous complaint cannot be answered by anyone: the person follows it with the receipt key.
    contactPreference: anonymous ? 'none' : draft.contactPreference || undefined,
    collective: draft.collective
      ? {
          groupName: draft.groupName,
          groupKind: draft.groupKind || undefined,
          groupSize: draft.groupSize.trim() === '' ? undefined : Number(draft.groupSize),
        }
      : undefined,
    equity: hasEquity ? { ...equity, consent: draft.sensitiveConsent === true } : undefined,
    consent: {
      policyVersion: draft.consentVersion,
      accepted: draft.consentAccepted,
      // Consent given aloud is recorded only where someone received it: field mode.
      ...(filer.fieldMode && draft.consentSpoken ? { how: 'spoken' as const } : {}),
    },
    publishDescription: draft.publishDescription || undefined,
    onBehalf: filer.isFacilitator
      ? { personConsented: draft.onBehalfConsented || undefined, how: draft.onBehalfHow || undefined }
      : undefined,
  } as Partial<FileComplaintRequest> & Record<string, unknown>;
}

/**
 * A complete, valid body used to check one step before the later steps are answered: the shared
 * schema's cross-field rules (contact needs a phone, a point needs both coordinates) only run once the
 * whole body has the right shape, so the steps not reached yet are filled with neutral answers.
 */
function neutralAnswers(draft: ComplaintDraft, filer: FilerContext): Record<string, unknown> {
  return {
    idempotencyKey: draft.idempotencyKey,
    whatHappened: 'x'.repeat(20),
    municipalityId: '00000000-0000-4000-8000-000000000000',
    companyId: null,
    categoryCodes: ['other'],
    identityMode: 'anonymous',
    contactPreference: 'none',
    consent: { policyVersion: 'v', accepted: true },
    onBehalf: filer.isFacilitator ? { personConsented: true, how: 'verbal' } : undefined,
  };
}

/** Downloads the shared intake schema (once); the wizard calls it early so the first check rarely waits. */
export function loadIntakeSchema(): Promise<typeof import('../../../../shared/validation/intake')> {
  return import('../../../../shared/validation/intake');
}

/** Problems in the answers of `step` (every step up to it, for the review), translated; null when none. */
export async function checkStep(draft: ComplaintDraft, step: Step, filer: FilerContext): Promise<FieldMessages | null> {
  const { fileComplaintSchema } = await loadIntakeSchema();
  const request = toRequest(draft, filer);
  const upTo = STEPS.slice(0, STEPS.indexOf(step) + 1);
  const asked = new Set(upTo.flatMap((s) => STEP_FIELDS[s]));
  const probe: Record<string, unknown> = step === 'review' ? request : neutralAnswers(draft, filer);
  if (step !== 'review') {
    for (const field of asked) probe[field] = request[field];
  }
  const schema = fileComplaintSchema(bogotaToday());
  const result = (schema as z.ZodType).safeParse(probe);
  const messages: FieldMessages = result.success ? {} : messagesFromIssues(result.error.issues, probe);
  const ownFields = step === 'review' ? null : new Set(STEP_FIELDS[step]);
  const mine: FieldMessages = {};
  for (const [field, message] of Object.entries(messages)) {
    if (!ownFields || ownFields.has(field.split('.')[0] ?? '')) mine[field] = message;
  }
  // The API requires these, but the shared schema cannot know who is filing or whether a group was chosen.
  const own = (s: Step) => step === s || step === 'review';
  if (own('who')) {
    if (draft.collective === null) mine.collective ??= errorText('validation.required');
    // The API's own words for a missing consent say what to confirm, better than the schema's generic ones.
    if (filer.isFacilitator && !draft.onBehalfConsented) mine['onBehalf.personConsented'] = errorText('validation.on_behalf_required');
    // The thumbprint itself is the consent: its photo must go with the complaint.
    if (filer.isFacilitator && draft.onBehalfHow === 'thumbprint' && !filer.hasThumbprintPhoto) mine['onBehalf.how'] ??= errorText('validation.thumbprint_photo_required');
  }
  if (own('identity') && draft.identityMode === '') mine.identityMode ??= errorText('validation.required');
  // The server refuses a voice account whose audio does not come with it: say so here, where it can be recorded again.
  if (own('what') && draft.voiceNoteKey && !filer.hasVoiceNote) mine.voiceNote = errorText('validation.voice_note_missing');
  return Object.keys(mine).length > 0 ? mine : null;
}
