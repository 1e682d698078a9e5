/** Shapes of in-app notifications (`GET /api/notifications`, socket `notifications.new`). */

/**
 * Kinds written by this codebase that also go out by e-mail, each with a template of the same name in
 * the `emails` namespace (deadline notices use their event names: see EMAIL_TEMPLATE_FOR on the server).
 */
export const NOTIFICATION_KINDS = [
  'new_case',
  'message',
  'agreement_proposed',
  'commitment_due',
  'status_changed',
  // Ley 1755 de 2015: a formal request for information (art. 17), the withdrawal when it goes
  // unanswered (art. 17), and the referral of a case to the competent body (art. 21).
  'information_requested',
  'information_lapsed',
  'referral_sent',
] as const;

/** A notification kind written by the notifier. */
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** One notice for one person; `data` holds facts (reference, status…) the client words in the reader's language, never free text. */
export interface NotificationDto {
  id: number;
  caseId: string | null;
  /** e.g. `new_case`, `message`, `deadlines.reminder`, `cases.escalated`, `deadlines.extended`. */
  kind: string;
  data: Record<string, unknown>;
  createdAt: string;
  read: boolean;
}

/** Answer of `GET /api/notifications`: unread first, then the latest read ones. */
export interface NotificationListDto {
  notifications: NotificationDto[];
  unread: number;
}

/**
 * A sweep's digests (issue #16 §7): when one batch of the deadline sweep would give one person more than
 * DIGEST_ABOVE notices of one of these kinds, they get one notice of the digest kind instead, naming how
 * many cases and the first DIGEST_REFERENCES references, with a link to their queue.
 */
export const DIGEST_KINDS = { 'cases.escalated': 'cases.escalated_digest', 'deadlines.reminder': 'deadlines.reminder_digest' } as const;

/** Up to this many notices of one kind in one sweep batch stay one per case. */
export const DIGEST_ABOVE = 3;

/** How many references a digest names. */
export const DIGEST_REFERENCES = 10;

/** What a digest notice holds: how many cases, and the first references. */
export interface DigestData {
  count: number;
  references: string[];
}

/**
 * The queue a digest leads to: the ombudsman's escalated cases for an escalation digest, everyone's own
 * case list otherwise (`/casos` lists the cases a person may see).
 */
export function digestPath(role: string, kind: string): string {
  return role === 'ombudsman' && kind === DIGEST_KINDS['cases.escalated'] ? '/supervision/casos?queue=escalated' : '/casos';
}
