/** The send queue's way to the server from a page: the app's own API client and upload (CSRF, language, errors). */
import type { FileComplaintResponse, UploadAttachmentsResponse } from '../../../shared/types/intake';
import { EXPECTED_FILER_HEADER } from '../../../shared/types/intake';
import { apiSend, fetchSessionAndAnnounce } from '../api/client';
import { uploadFile } from '../api/upload';
import type { QueueTransport } from './queueSender';
import { filingForm, filingPath } from './filingPath';

// Who the server last said was logged in, and when: a round on a flaky line need not stop because this one question got lost.
let lastKnown: { viewer: string | null; at: number } | null = null;
const LAST_KNOWN_MS = 10 * 60_000;

/** A page's transport. */
export const pageTransport: QueueTransport = {
  async whoIsThere() {
    try {
      const viewer = (await fetchSessionAndAnnounce()).user?.id ?? null;
      lastKnown = { viewer, at: Date.now() };
      return viewer;
    } catch (error) {
      // The answer got lost: a recent one still names the filer. Each filing says whose it is (x-expected-filer),
      // so a stale answer can only make the server refuse, never file a complaint as someone else's.
      if (lastKnown && Date.now() - lastKnown.at < LAST_KNOWN_MS) return lastKnown.viewer;
      throw error;
    }
  },
  async file(item, voiceNote) {
    const answer = await apiSend<FileComplaintResponse>('POST', filingPath(item), voiceNote ? filingForm(item, voiceNote) : item.body, {
      headers: { [EXPECTED_FILER_HEADER]: item.owner },
    });
    return { caseId: answer.caseId, reference: answer.reference };
  },
  async upload(item, file, stored, onProgress) {
    const bytes = stored.blob instanceof File ? stored.blob : new File([stored.blob], stored.name, { type: stored.type });
    await uploadFile<UploadAttachmentsResponse>(`/api/cases/${item.caseId}/attachments?key=${file.id}`, bytes, ({ loaded, total }) =>
      onProgress(loaded, total),
    );
  },
};
