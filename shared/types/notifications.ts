/** Shapes of in-app notifications (`GET /api/notifications`, socket `notifications.new`). */

/** What someone is told about; each has an e-mail template of the same name (emails namespace). */
export const NOTIFICATION_KINDS = [
  'new_case',
  'message',
  'deadline_reminder',
  'escalation',
  'agreement_proposed',
  'commitment_due',
  'status_changed',
] as const;

/** A notification kind. */
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** One notification, as its recipient sees it: never complaint text, only what happened and where. */
export interface NotificationDto {
  id: number;
  kind: NotificationKind;
  caseId: string | null;
  /** The case reference and, for status changes, the new status. */
  data: { reference?: string; status?: string };
  createdAt: string;
  read: boolean;
}

/** Answer of `GET /api/notifications`: unread first, then the latest read ones. */
export interface NotificationListDto {
  notifications: NotificationDto[];
  unread: number;
}
