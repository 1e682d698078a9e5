/** The only way a notification leaves the server. */
import type { NotificationDto } from '../../shared/types/notifications';

/** A stored notice as its recipient receives it (rows from the notifier or the deadline engine). */
export function presentNotification(row: {
  id: number;
  caseId: string | null;
  kind: string;
  data: Record<string, unknown>;
  createdAt: Date;
  readAt?: Date | null;
}): NotificationDto {
  return { id: row.id, caseId: row.caseId, kind: row.kind, data: row.data, createdAt: row.createdAt.toISOString(), read: Boolean(row.readAt) };
}
