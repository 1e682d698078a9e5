/**
 * The phone's own check of a chosen file, before anything is filed or queued: its type by content (the
 * same magic bytes and accepted list as the server, shared/fileType.ts — a renamed .exe is refused
 * here) and its size, with the very messages the server answers (errors:validation.*), so a person
 * hears the same words with or without signal. The server checks every upload again.
 */
import { megabytesOf, sniff, SNIFF_BYTES, type SniffedType } from '../../../shared/fileType';
import type { AttachmentLimitsDto } from '../../../shared/types/intake';
import i18n from '../i18n';

/** What the phone decided about a file: its type, or why it cannot be sent (`message` is translated). */
export type DeviceFileVerdict = { ok: true; type: SniffedType } | { ok: false; code: 'unsupported_file_type' | 'file_too_large'; message: string };

/** The file's type from its first bytes, or undefined when it is not one the server accepts. */
export async function sniffFile(file: Blob): Promise<SniffedType | undefined> {
  return sniff(new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer()));
}

/** The file of `name` is not an accepted type: the server's field message for a 415. */
export function unsupportedMessage(name: string): string {
  return i18n.t('errors:validation.unsupported_file', { name });
}

/** The file of `name` is too large: the server's field message for a 413. */
export function tooLargeMessage(name: string, limits: Pick<AttachmentLimitsDto, 'maxFileBytes'>): string {
  return i18n.t('errors:validation.file_too_large', { name, megabytes: megabytesOf(limits.maxFileBytes) });
}

/**
 * Checks `file` (type by content, then size against `limits.maxFileBytes`) as the server will, naming
 * it `shownName` in a refusal (a photo made lighter on the phone is still named as the person chose
 * it). Without `limits` (not loaded yet on a slow line) only the type is checked. The intake's file
 * picker (prepareAttachment.ts) and the send queue (offline/sendQueue.ts, as a file is kept for
 * sending) call it; a file that cannot be read any more rejects.
 */
export async function checkFileOnDevice(
  file: Blob,
  limits: Pick<AttachmentLimitsDto, 'maxFileBytes'> | undefined,
  shownName: string = file instanceof File ? file.name : '',
): Promise<DeviceFileVerdict> {
  const type = await sniffFile(file);
  if (!type) return { ok: false, code: 'unsupported_file_type', message: unsupportedMessage(shownName) };
  if (limits && file.size > limits.maxFileBytes) return { ok: false, code: 'file_too_large', message: tooLargeMessage(shownName, limits) };
  return { ok: true, type };
}
