/** Attachments as they leave the server: no storage key, no uploader. */
import type { AttachmentDto } from '../../shared/types/intake';
import type { AttachmentRecord } from '../repositories/attachments';

/** One attachment for a reader already allowed to see its case. */
export function presentAttachment(a: AttachmentRecord): AttachmentDto {
  return { id: a.id, kind: a.kind, mime: a.mime, size: a.size, createdAt: a.createdAt.toISOString() };
}
