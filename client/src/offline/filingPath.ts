/** Where a queued complaint is filed. */
import type { StoredFile } from './deviceDb';
import type { QueuedComplaint } from './queueTypes';

/** The path of `POST /api/complaints` for a queued complaint (a visitor's public page may name its mechanism). */
export function filingPath(item: Pick<QueuedComplaint, 'mechanismSlug'>): string {
  return item.mechanismSlug ? `/api/complaints?mechanism=${encodeURIComponent(item.mechanismSlug)}` : '/api/complaints';
}

/** A complaint told in a voice note, as one form: the JSON body in `complaint`, the audio in `voiceNote` (they must arrive together). */
export function filingForm(item: QueuedComplaint, voiceNote: StoredFile): FormData {
  const form = new FormData();
  form.append('complaint', JSON.stringify(item.body));
  form.append('voiceNote', voiceNote.blob, voiceNote.name);
  return form;
}
