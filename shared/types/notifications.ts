/** In-app notifications (the notifications issue adds e-mail and read state on top). */

/** One notice for one person; `data` holds facts the client words in the reader's language. */
export interface NotificationDto {
  id: number;
  caseId: string | null;
  /** e.g. `deadlines.reminder`, `cases.escalated`, `deadlines.extended`. */
  kind: string;
  data: Record<string, unknown>;
  createdAt: string;
}
