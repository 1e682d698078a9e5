/** The only way a notification leaves the server. */
import type { NotificationDto } from '../../shared/types/notifications';
import type { NotificationRow } from '../repositories/deadlines';

/** A stored notice as its recipient receives it. */
export function presentNotification(row: NotificationRow): NotificationDto {
  return { id: row.id, caseId: row.caseId, kind: row.kind, data: row.data, createdAt: row.createdAt.toISOString() };
}
