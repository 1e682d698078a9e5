/** The only way a notification leaves the server. */
import type { NotificationDto } from '../../shared/types/notifications';
import type { NotificationRow } from '../repositories/notifications';

/** A notification for its recipient. */
export function presentNotification(row: NotificationRow): NotificationDto {
  const data: NotificationDto['data'] = {};
  if (typeof row.data.reference === 'string') data.reference = row.data.reference;
  if (typeof row.data.status === 'string') data.status = row.data.status;
  return { id: row.id, kind: row.kind, caseId: row.caseId, data, createdAt: row.createdAt.toISOString(), read: row.readAt !== null };
}
