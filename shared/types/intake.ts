/**
 * Shapes of the intake, tracking, case-detail and attachment API (server/routes/intake/README.md lists
 * the endpoints). Request bodies are the zod schemas of shared/validation/intake.ts; these are answers.
 */
import type { DeadlineStage } from './deadlines';
import type { CaseAction, CaseStatus } from '../caseLifecycle';
import type { Actor } from '../caseLifecycle';
import type { z } from 'zod';
import type { caseTransitionSchema, fileComplaintSchema, releaseRedFlagSchema, routeCaseSchema, trackSchema } from '../validation/intake';
import type { IdentityMode } from './api';

/** Body of `POST /api/complaints` as the client sends it. */
export type FileComplaintRequest = z.input<ReturnType<typeof fileComplaintSchema>>;
/** Body of `POST /api/track`. */
export type TrackRequest = z.input<typeof trackSchema>;
/** Body of `POST /api/cases/:id/transitions`. */
export type CaseTransitionRequest = z.input<typeof caseTransitionSchema>;
/** Body of `POST /api/cases/:id/route`. */
export type RouteCaseRequest = z.input<typeof routeCaseSchema>;
/** Body of `POST /api/cases/:id/release-red-flag`. */
export type ReleaseRedFlagRequest = z.input<typeof releaseRedFlagSchema>;

/**
 * Header a phone's send queue adds to `POST /api/complaints`: the id of the account the queued complaint
 * belongs to, or `VISITOR_FILER`. When the session is not that filer the answer is 401 and nothing is filed.
 */
export const EXPECTED_FILER_HEADER = 'x-expected-filer';
/** `EXPECTED_FILER_HEADER` for a complaint queued without an account. */
export const VISITOR_FILER = 'visitor';

/**
 * The complaint form that works without JavaScript, drawn by the server (server/routes/plainForm): the
 * app's drawn first screen links to it for a phone whose code never arrives, and the service worker
 * leaves it to the network.
 */
export const PLAIN_FORM_PATH = '/presentar-queja/formulario-sencillo';

/** Answer of `POST /api/complaints` (201 new, 200 for a retry with the same idempotency key). */
export interface FileComplaintResponse {
  caseId: string;
  /** Public reference, e.g. `CES-2026-000123`. */
  reference: string;
  /**
   * Anonymous cases only: the secret receipt key. Shown once; a retry with the same idempotency key
   * within 24 hours gets it again, later retries get `receiptKeyAlreadyShown: true` instead.
   */
  receiptKey?: string;
  receiptKeyAlreadyShown?: boolean;
  /** Filings with a device-made receipt: its provisional code, now tied to the reference. */
  provisionalCode?: string;
  /** True when the device made the receipt key: the server never returns it (the person already has it). */
  receiptKeyFromDevice?: boolean;
  status: CaseStatus;
  /** True when this answer is for a retry: the case already existed. */
  alreadyFiled: boolean;
}

/** Kinds of attachment, decided from the file's content. */
export type AttachmentKind = 'photo' | 'audio' | 'document';

/** A file attached to a case; download it at `GET /api/attachments/:id`. */
export interface AttachmentDto {
  id: string;
  kind: AttachmentKind;
  /** The type sniffed from the content (never trusted from the upload). */
  mime: string;
  /** Bytes. */
  size: number;
  createdAt: string;
}

/** Answer of `GET /api/data-policy`: the data-treatment policy a filer consents to. */
export interface DataPolicyDto {
  version: string;
  /** Plain text in the caller's language; paragraphs separated by blank lines. */
  text: string;
  /** A short plain version of a few sentences, shown (and heard) first; null when the version has none. */
  summary: string | null;
  publishedAt: string;
}

/** A referral to the competent body or to other remedies (not admitted, closed without agreement). */
export interface ReferralDto {
  to: string;
  note?: string;
}

/** Kind of the history entry that records a verbal petition received in the field (Decreto 1166 de 2016). */
export const VERBAL_PETITION_EVENT = 'cases.verbal_petition';

/** How the person filed for gave consent (`ON_BEHALF_CONSENT_KINDS`). */
export type ConsentHow = 'verbal' | 'written' | 'thumbprint';

/** What the server stores with a verbal petition's history entry. */
export interface VerbalPetitionData {
  /** When the person told it, by the device's clock (the entry's own time is the server's filing time). */
  receivedAt: string;
  /** The facilitator or officer who received it. */
  receivedBy: { userId: string; role: string; name: string };
  consentHow: ConsentHow;
  categoryCodes: string[];
  /** Files the person handed over; they arrive after the case. */
  declaredFiles: number;
  /** How the person consented to the data policy: heard it and said yes ('spoken'), or read it. Absent in records made before it was kept. */
  policyConsent?: 'read' | 'spoken';
  verbal: true;
}

/**
 * The record of a verbal petition (Decreto 1166 de 2016, art. 2.2.3.12.3) as the reader may see it:
 * reference, when it was received and filed, who received it and for whom, subject, grounds,
 * attachments, consent, and that it was given verbally.
 */
export interface VerbalPetitionDto {
  reference: string;
  /** Device time of the field interview. */
  receivedAt: string;
  /** Server time the case was filed. */
  filedAt: string;
  /** The receiving person's name and role for the ombudsman and the complainant's side; only the role for companies. */
  receivedBy: string;
  /** The complainant as the reader may know them (a name, a group, or a masked label). */
  filedFor: string;
  /** The topics, translated. */
  subject: string;
  /** What happened, in the person's words. */
  grounds: string;
  /** The grounds are told in the case's voice note (the written grounds may be empty). */
  groundsByVoice: boolean;
  hopedOutcome: string | null;
  declaredFiles: number;
  /** Files of the complaint received so far, by kind. */
  receivedFiles: { photo: number; audio: number; document: number };
  consentHow: ConsentHow;
  /** How the person consented to the data policy: heard its plain version and said yes ('spoken'), or read it. */
  policyConsent: 'read' | 'spoken';
  givenVerbally: true;
}

/** One line of a case's history. */
export interface CaseHistoryEntryDto {
  at: string;
  /** `cases.filed`, `cases.acknowledge`, `cases.routed`, `cases.red_flag_released`, …; its label is `intake:event.<kind without 'cases.'>`. */
  kind: string;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus | null;
  /** `anonymous` for anonymous filers (and their withdrawals through the receipt key). */
  actorRole: Actor | 'anonymous';
  /** The role's label in the caller's language; never a person's name. */
  actorLabel: string;
  /** True when a facilitator acted for the complainant. */
  onBehalf: boolean;
  reason: string | null;
  referral?: ReferralDto;
  /** On a `cases.verbal_petition` entry: the record of the verbal petition. */
  verbalPetition?: VerbalPetitionDto;
  /** On `deadlines.recalculated`: the calendar change (the law is in `reason`) and the deadlines it moved. */
  calendarChange?: CalendarChangeDto;
}

/** A holiday added or removed (nationally by law, or by the mechanism) and the open deadlines it moved. */
export interface CalendarChangeDto {
  scope: 'national' | 'mechanism';
  /** The day that became a holiday (`added`) or a business day (`removed`). */
  date: string;
  kind: 'added' | 'removed';
  /** An earlier change undone: the day went back to what the calendar said before. */
  undone: boolean;
  deadlines: { stage: DeadlineStage; previousDueOn: string; dueOn: string }[];
  /** The complainant's last day to answer an open information request, when the change moved it (Ley 1755, art. 17). */
  informationRequest?: { previousLapsesOn: string; lapsesOn: string };
}

/** Actions that do not change the status, allowed per reader like the status actions. */
export type CaseOperation = 'route' | 'release_red_flag' | 'attach';

/** The complainant as the reader may see them (null when the reader may not). */
export interface ComplainantDto {
  name: string;
  /** Contact details only for the ombudsman and the complainant's own side, never for companies. */
  documentId?: string;
  phone?: string;
  email?: string;
}

/** Answer of `GET /api/cases/:id` and of the tracking routes: one case as the reader may see it. */
export interface CaseDetailDto {
  id: string;
  reference: string;
  status: CaseStatus;
  company: { id: string; name: string } | null;
  categories: { code: string; icon: string; name: string }[];
  municipality: { id: string; name: string };
  vereda: { id: string; name: string; kind: 'vereda' | 'corregimiento' } | null;
  placeDetail: string | null;
  /** Only for the ombudsman and the complainant's side: a point could identify a home. */
  location: { latitude: number; longitude: number } | null;
  /** In the person's words; may be empty when the account is a voice note. */
  whatHappened: string;
  hopedOutcome: string | null;
  /** The account of what happened (and what the person hopes for) is this voice note; null when written. */
  voiceAccount: { attachment: AttachmentDto | null } | null;
  occurredOn: string | null;
  identityMode: IdentityMode;
  complainantName: string | null;
  complainant: ComplainantDto | null;
  contactPreference: 'phone' | 'whatsapp' | 'email' | 'facilitator' | 'none' | null;
  collective: { groupName: string; groupKind: string; groupSize: number } | null;
  /** Always false for liaisons (they never see a red-flag case before it is released). */
  redFlag: boolean;
  redFlagReleased: boolean;
  /** Filed in this language (not Spanish): the Defensoría arranges an interpreter (Decreto 1166 de 2016). */
  interpreterLanguage: string | null;
  escalationLevel: number;
  /** The data-policy version consented to at filing. */
  consentPolicyVersion: string | null;
  filedOnBehalf: boolean;
  createdAt: string;
  updatedAt: string;
  history: CaseHistoryEntryDto[];
  attachments: AttachmentDto[];
  /** Status actions the reader may take now (POST /transitions). */
  allowedActions: CaseAction[];
  /** Other actions the reader may take now (route, release the red flag, attach files). */
  allowedOperations: CaseOperation[];
  /** Which actions need a reason / a referral (from the lifecycle), so the form asks for them. */
  actionRequirements: Partial<Record<CaseAction, { reason: boolean; referral: boolean }>>;
}

/** Answer of `POST /api/cases/:id/attachments`. */
export interface UploadAttachmentsResponse {
  attachments: AttachmentDto[];
}

/** Limits of uploads the form shows before sending. Answer of `GET /api/attachments/limits`. */
export interface AttachmentLimitsDto {
  maxFileBytes: number;
  maxFilesPerCase: number;
  /** Types accepted (by content). */
  accepted: string[];
}
