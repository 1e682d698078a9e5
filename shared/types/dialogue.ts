/**
 * Shapes of the dialogue API: a case's thread, meetings, agreements and commitments, and the actions
 * the reader may take on each (computed by the server). Produced only by server/presenters/dialoguePresenter.ts.
 */
import type { CaseStatus } from '../caseLifecycle';
import type { AttachmentDto } from './intake';

/** Who may read a message: see DESIGN.md (Dialogue). */
export const MESSAGE_VISIBILITIES = ['parties', 'ombudsman_private', 'internal'] as const;

/** A message's visibility. */
export type MessageVisibility = (typeof MESSAGE_VISIBILITIES)[number];

/** What a thread entry is: a message someone wrote, or the trace of a meeting, agreement or commitment change. */
export const THREAD_ENTRY_KINDS = [
  'message',
  'meeting_scheduled',
  'meeting_minutes_recorded',
  'meeting_minutes_agreed',
  'agreement_proposed',
  'agreement_accepted',
  'agreement_rejected',
  'agreement_in_force',
  'commitment_reported',
  'commitment_confirmed',
  'commitment_disputed',
  'commitment_verified',
  'case_resolved',
  'satisfaction_recorded',
  'case_reopened',
  // The clock as Ley 1755 de 2015 writes it: a formal request for information to the complainant
  // (data.question, data.lapsesOn), its answer, the withdrawal when none came, the ombudsman's pauses,
  // an extension announced before the due date, and the referral to the competent body.
  'information_requested',
  'information_answered',
  'information_lapsed',
  'clock_paused',
  'clock_resumed',
  'deadline_extended',
  'referral_sent',
] as const;

/** A thread entry's kind. */
export type ThreadEntryKind = (typeof THREAD_ENTRY_KINDS)[number];

/** Who wrote an entry, as shown beside it. */
export type AuthorRole = 'complainant' | 'facilitator' | 'liaison' | 'ombudsman' | 'anonymous' | 'system';

/** One entry of a case's thread, already filtered for the reader. */
export interface MessageDto {
  /** Increases within a case in the order entries were written: the catch-up cursor (`?after=`). */
  id: number;
  caseId: string;
  kind: ThreadEntryKind;
  /** Null when the reader may not know the author (complainant side in a confidential case seen by the company). */
  authorUserId: string | null;
  authorName: string | null;
  authorRole: AuthorRole;
  visibility: MessageVisibility;
  /** What a person wrote (kind `message`; may be empty when files go with it); null for other entries. */
  body: string | null;
  /** Photos, voice notes and documents sent with the message (`GET /api/attachments/:id`). */
  attachments: AttachmentDto[];
  /** Facts of a non-message entry (meeting id, agreement version, reason …) for the client to word. */
  data: Record<string, unknown>;
  /** Written while the ombudsman led the case in mediation. */
  duringMediation: boolean;
  createdAt: string;
}

/** Answer of `GET /api/cases/:id/messages`. */
export interface MessageListDto {
  messages: MessageDto[];
  /** The newest entry the reader may see (0 when none): the cursor to resume from. */
  lastMessageId: number;
}

/** Body of `POST /api/cases/:id/messages`. */
export interface PostMessageRequest {
  body: string;
  visibility: MessageVisibility;
  /** The writer's own id for this message (e.g. a UUID made when it was typed): a retry posts it once. */
  clientKey: string;
  /** Files uploaded for this message first (`POST /api/cases/:id/attachments?for=message`). */
  attachmentIds?: string[];
}

/** What the reader may do to a meeting now. */
export type MeetingAction = 'record_minutes' | 'agree_minutes';

/** A meeting of the parties. */
export interface MeetingDto {
  id: number;
  scheduledAt: string;
  place: string;
  agenda: string;
  scheduledByRole: AuthorRole;
  attendees: string[];
  minutes: string | null;
  minutesRecordedAt: string | null;
  minutesAgreedByComplainantAt: string | null;
  minutesAgreedByCompanyAt: string | null;
  allowedActions: MeetingAction[];
}

/** Who owes a commitment. */
export const COMMITMENT_OWNERS = ['company', 'complainant', 'ombudsman'] as const;

/** A commitment's owner. */
export type CommitmentOwner = (typeof COMMITMENT_OWNERS)[number];

/** Where a commitment stands. */
export type CommitmentStatus = 'pending' | 'reported' | 'confirmed' | 'disputed' | 'verified';

/** What the reader may do to a commitment now. */
export type CommitmentAction = 'report' | 'confirm' | 'dispute' | 'verify';

/** One promise of an agreement: who does what by when, and how far it got. */
export interface CommitmentDto {
  id: number;
  owner: CommitmentOwner;
  description: string;
  /** A calendar day, YYYY-MM-DD. */
  dueOn: string;
  status: CommitmentStatus;
  evidence: string | null;
  /** Photos, voice notes or documents sent with the reports (`?for=evidence` uploads). */
  evidenceAttachments: AttachmentDto[];
  reportedAt: string | null;
  confirmedAt: string | null;
  disputedReason: string | null;
  disputedAt: string | null;
  verifiedAt: string | null;
  allowedActions: CommitmentAction[];
}

/** Where an agreement version stands. */
export type AgreementStatus = 'proposed' | 'accepted' | 'rejected' | 'superseded';

/** What the reader may do to an agreement version now. */
export type AgreementAction = 'accept' | 'reject';

/** One version of a proposed agreement. */
export interface AgreementDto {
  id: number;
  version: number;
  proposedByRole: AuthorRole;
  duringMediation: boolean;
  text: string;
  status: AgreementStatus;
  complainantDecision: 'accepted' | 'rejected' | null;
  complainantDecidedAt: string | null;
  companyDecision: 'accepted' | 'rejected' | null;
  companyDecidedAt: string | null;
  rejectionReason: string | null;
  createdAt: string;
  commitments: CommitmentDto[];
  allowedActions: AgreementAction[];
}

/** Body of `POST /api/cases/:id/agreements`. */
export interface ProposeAgreementRequest {
  text: string;
  commitments: { owner: CommitmentOwner; description: string; dueOn: string }[];
}

/** The complainant's answer to "how satisfied are you?" after a resolution. */
export interface SatisfactionDto {
  score: number;
  comment: string | null;
  createdAt: string;
}

/** Dialogue actions on the case as a whole that the reader may take now. */
export interface DialogueAllowedActions {
  /** Visibilities the reader may post with (empty: may not post). */
  postMessage: MessageVisibility[];
  proposeAgreement: boolean;
  scheduleMeeting: boolean;
  rate: boolean;
  reopen: boolean;
  /** Take the case into mediation (ombudsman), through `POST /api/cases/:id/transitions`. */
  startMediation: boolean;
}

/** Answer of `GET /api/cases/:id/dialogue`: everything the case page's dialogue panels show. */
export interface DialogueDto {
  caseId: string;
  status: CaseStatus;
  /** In mediation the ombudsman leads the thread. */
  ledByOmbudsman: boolean;
  messages: MessageDto[];
  lastMessageId: number;
  /** How far the reader has read (0 when never). */
  lastReadMessageId: number;
  meetings: MeetingDto[];
  /** Every version, newest first; the first is the current one. */
  agreements: AgreementDto[];
  satisfaction: SatisfactionDto | null;
  /** Last calendar day (YYYY-MM-DD, Bogota) the complainant may reopen; null while the case is not resolved or closed. */
  reopenUntil: string | null;
  allowedActions: DialogueAllowedActions;
}
