/**
 * What happens to a file between "chosen" and "kept for sending": the phone's check (type by content,
 * size), and for a photo a lighter copy made on the phone (photoResizer.ts, loaded only when a photo is
 * chosen). Refused files come back with the server's own message and are never kept.
 */
import type { AttachmentLimitsDto } from '../../../shared/types/intake';
import { checkFileOnDevice } from './fileCheck';

/** A file ready to send, or why it cannot be sent (translated). */
export type PreparedAttachment = { ok: true; file: File; originalSize: number } | { ok: false; message: string };

/**
 * Checks `file` and, for a photo, re-encodes it (longest side ≤ 1600 px, without EXIF). The size limit
 * applies to what will be sent: a 20 MB photo becomes a few hundred KB and is accepted. Without
 * `limits` (not loaded yet) only the type is checked; the send queue checks again when the file is
 * kept for sending, and the server checks either way.
 */
export async function prepareAttachment(file: File, limits: Pick<AttachmentLimitsDto, 'maxFileBytes'> | undefined): Promise<PreparedAttachment> {
  // The type first, as chosen: it decides whether there is a photo to make lighter.
  const chosen = await checkFileOnDevice(file, undefined);
  if (!chosen.ok) return { ok: false, message: chosen.message };
  let ready = file;
  if (chosen.type.kind === 'photo') {
    try {
      const { resizePhoto } = await import('./photoResizer');
      ready = await resizePhoto(file, chosen.type.mime);
    } catch {
      // Its code could not be loaded (no signal before the app was kept on the phone): the photo goes as
      // taken rather than not at all.
      ready = file;
    }
  }
  // Then what will really be sent, size included, under the name the person chose.
  const verdict = ready === file ? await checkFileOnDevice(file, limits) : await checkFileOnDevice(ready, limits, file.name);
  if (!verdict.ok) return { ok: false, message: verdict.message };
  return { ok: true, file: ready, originalSize: file.size };
}
