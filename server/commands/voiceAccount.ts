/**
 * A complaint whose account of what happened is a voice note (issue #14 §5): the filing carries the
 * audio in the same request, so a case never exists that says "listen to the voice note" without one.
 * Checked before the case is made (the audio is there and is audio by its content), kept as the case's
 * attachment under the note's key right after. A resent filing of a case already made needs no audio
 * when that case already keeps it (the send queue forgets the bytes once the filing was answered).
 */
import type { AppContext } from '../context';
import { ValidationFailed } from '../errors';
import { discardAll, type ReceivedFile } from '../http/multipart';
import type { CaseActor } from '../policies/casePolicy';
import { findAttachmentByClientKey } from '../repositories/attachments';
import { findCaseByIdempotencyKey } from '../repositories/cases';
import type { FileComplaintInput } from '../../shared/validation/intake';
import { sniff } from '../../shared/fileType';
import { attachFiles } from './attachmentUploader';

const refuse = (messageKey: string) => new ValidationFailed([{ field: 'voiceNote', messageKey }]);

/**
 * Throws (having discarded the received files) unless the files fit the filing: exactly the voice
 * note's audio when the account is a voice note (or none when its case already keeps it), and no file
 * otherwise.
 */
export async function checkVoiceAccount(ctx: AppContext, input: FileComplaintInput, files: ReceivedFile[]): Promise<void> {
  try {
    if (!input.voiceNote) {
      if (files.length > 0) throw refuse('validation.unknown_field');
      return;
    }
    if (files.length > 1) throw refuse('validation.one_file_per_key');
    const [audio] = files;
    if (!audio) {
      const filed = await findCaseByIdempotencyKey(ctx.db, input.idempotencyKey, ctx.clock.now());
      const kept = filed && (await findAttachmentByClientKey(ctx.db, filed.id, input.voiceNote.key));
      if (!kept || kept.kind !== 'audio') throw refuse('validation.voice_note_missing');
      return;
    }
    if (sniff(audio.head)?.kind !== 'audio') throw refuse('validation.voice_note_not_audio');
  } catch (err) {
    await discardAll(files);
    throw err;
  }
}

/** Keeps the voice note as the case's attachment under its key (once, however often the filing is resent). */
export async function keepVoiceAccount(ctx: AppContext, actor: CaseActor, caseId: string, input: FileComplaintInput, files: ReceivedFile[]): Promise<void> {
  if (!input.voiceNote || files.length === 0) return;
  await attachFiles(ctx, actor, caseId, files, 'case', input.voiceNote.key);
}
