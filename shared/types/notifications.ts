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
