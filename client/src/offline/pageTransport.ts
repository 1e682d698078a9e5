/** The send queue's way to the server from a page: the app's own API client and upload (CSRF, language, errors). */
import type { FileComplaintResponse, UploadAttachmentsResponse } from '../../../shared/types/intake';
import { EXPECTED_FILER_HEADER } from '../../../shared/types/intake';
import { apiSend, fetchSessionAndAnnounce } from '../api/client';
import { uploadFile } from '../api/upload';
import type { QueueTransport } from './queueSender';
import { filingPath } from './filingPath';

/** A page's transport. */
export const pageTransport: QueueTransport = {
  async whoIsThere() {
    return (await fetchSessionAndAnnounce()).user?.id ?? null;
  },
  async file(item) {
    const answer = await apiSend<FileComplaintResponse>('POST', filingPath(item), item.body, { headers: { [EXPECTED_FILER_HEADER]: item.owner } });
    return { caseId: answer.caseId, reference: answer.reference };
  },
  async upload(item, file, stored, onProgress) {
    const bytes = stored.blob instanceof File ? stored.blob : new File([stored.blob], stored.name, { type: stored.type });
    await uploadFile<UploadAttachmentsResponse>(`/api/cases/${item.caseId}/attachments?key=${file.id}`, bytes, ({ loaded, total }) => onProgress(loaded, total));
  },
};
