/**
 * What happens to a file between "chosen" and "kept for sending": the phone's check (type by content,
 * size), and for a photo a lighter copy made on the phone (photoResizer.ts, loaded only when a photo is
 * chosen). Refused files come back with the server's own message and are never kept.
 */
import type { AttachmentLimitsDto } from '../../../shared/types/intake';
import { sniffFile, tooLargeMessage, unsupportedMessage } from './fileCheck';

/** A file ready to send, or why it cannot be sent (translated). */
export type PreparedAttachment = { ok: true; file: File; originalSize: number } | { ok: false; message: string };

/**
 * Checks `file` and, for a photo, re-encodes it (longest side ≤ 1600 px, without EXIF). The size limit
 * applies to what will be sent: a 20 MB photo becomes a few hundred KB and is accepted. Without
 * `limits` (not loaded yet) only the type is checked; the server checks again either way.
 */
export async function prepareAttachment(file: File, limits: Pick<AttachmentLimitsDto, 'maxFileBytes'> | undefined): Promise<PreparedAttachment> {
  const type = await sniffFile(file);
  if (!type) return { ok: false, message: unsupportedMessage(file.name) };
  let ready = file;
  if (type.kind === 'photo') {
    try {
      const { resizePhoto } = await import('./photoResizer');
      ready = await resizePhoto(file, type.mime);
    } catch {
      // Its code could not be loaded (no signal before the app was kept on the phone): the photo goes as
      // taken rather than not at all.
      ready = file;
    }
  }
  if (limits && ready.size > limits.maxFileBytes) return { ok: false, message: tooLargeMessage(file.name, limits) };
  return { ok: true, file: ready, originalSize: file.size };
}
