/**
 * The complaint being written: kept on this device (localStorage) so a reload or a dropped signal
 * never loses it, turned into the body of `POST /api/complaints`, and checked step by step with the
 * shared schema (./draftChecks.ts, downloaded at the first answer typed, with zod: the form must appear as
 * early as possible on a weak signal). The idempotency key is made once per draft, so resending after a
 * lost answer returns the same case.
 */
import type { IdentityMode } from '../../../../shared/types/api';
import {
  AGE_BANDS,
  CONTACT_PREFERENCES,
  DISABILITY_ANSWERS,
  ETHNIC_GROUPS,
  GENDERS,
  GROUP_KINDS,
  ON_BEHALF_CONSENT_KINDS,
} from '../../../../shared/validation/intakeChoices';
import { INTAKE_STEPS, type IntakeStep } from '../../../../shared/spokenHelp';

/** The steps of the form, in order; one question per screen on a phone (each with its spoken-help clip). */
export const STEPS = INTAKE_STEPS;
/** One step of the form. */
export type Step = IntakeStep;

/** Request fields each step asks for; a server error on a field sends the person back to its step. */
export const STEP_FIELDS: Record<Step, readonly string[]> = {
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
