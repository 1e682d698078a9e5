/**
 * What the dialogue panels share: the reader's side, running a write with its busy state and errors in
 * place, and uploading files for a message or a commitment report before sending it.
 */
import { useCallback, useState } from 'react';
import type { DialogueDto } from '../../../../../shared/types/dialogue';
import type { AttachmentLimitsDto, UploadAttachmentsResponse } from '../../../../../shared/types/intake';
import { FILES_PER_ENTRY } from '../../../../../shared/validation/dialogue';
import { apiSend, toApiError, type WriteMethod } from '../../../api/client';
import { uploadFile } from '../../../api/upload';
import type { PendingFile } from '../../../components/AttachmentPicker';
import type { FieldMessages } from '../../../forms/fieldMessages';
import '../../../styles/cases.css';

/** The side of the case the reader speaks for; decides how markers are worded (the server decides the rest). */
export type ReaderSide = 'complainant' | 'company' | 'ombudsman';

/** A write's state: busy while it runs, then its failure and field messages, shown where it was made. */
export interface Step {
  busy: boolean;
  failure: string | null;
  errors: FieldMessages;
  setErrors: (errors: FieldMessages) => void;
  /** Runs `write`; resolves true when it succeeded. */
  run: (write: () => Promise<void>) => Promise<boolean>;
}

/** Busy state and errors for one form or button of the panels. */
export function useStep(): Step {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldMessages>({});
  const run = useCallback(async (write: () => Promise<void>) => {
    setBusy(true);
    setFailure(null);
    try {
      await write();
      setErrors({});
      return true;
    } catch (error) {
      const apiError = toApiError(error);
      setErrors(apiError.fieldMessages());
      setFailure(apiError.message);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, failure, errors, setErrors, run };
}

/** Sends a dialogue write whose answer is the dialogue as the writer now sees it. */
export function sendDialogueWrite(method: WriteMethod, path: string, body?: unknown): Promise<DialogueDto> {
  return apiSend<DialogueDto>(method, path, body);
}

/** The attachment limits, as one message or report allows them (the picker counts against `maxFilesPerCase`). */
export function entryLimits(limits: AttachmentLimitsDto | undefined): AttachmentLimitsDto | undefined {
  return limits && { ...limits, maxFilesPerCase: FILES_PER_ENTRY };
}

/**
 * Uploads the files not uploaded yet for a message or a report and returns every id, in order.
 * `done` remembers what already went up (by picked-file key), so a retry does not upload twice.
 */
export async function uploadForEntry(
  caseId: string,
  purpose: 'message' | 'evidence',
  files: readonly PendingFile[],
  done: Map<string, string>,
): Promise<string[]> {
  for (const { key, file } of files) {
    if (done.has(key)) continue;
    const answer = await uploadFile<UploadAttachmentsResponse>(`/api/cases/${encodeURIComponent(caseId)}/attachments?for=${purpose}`, file, () => undefined);
    done.set(key, answer.attachments[0]!.id);
  }
  return files.map(({ key }) => done.get(key)!);
}
