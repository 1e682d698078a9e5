/**
 * The admin records a spoken-help clip (issue #14 §6): checked to be audio by its content, kept per
 * mechanism, language and key, replacing the recording before it.
 */
import crypto from 'node:crypto';
import type { AppContext } from '../context';
import { AppError, ValidationFailed } from '../errors';
import { logger } from '../logger';
import { deleteVoiceClip, upsertVoiceClip } from '../repositories/voiceClips';
import { sniff } from '../../shared/fileType';
import { CLIP_KEY_PATTERN } from '../../shared/spokenHelp';
import { recordAdminChange } from '../audit/adminChanges';

/** A clip's language: a two- or three-letter code (an audio-first language such as Yukpa has one too). */
export const CLIP_LANGUAGE_PATTERN = /^[a-z]{2,3}$/;

/** Keeps `audio` as the clip `clipKey` of the mechanism in `language`; answers whether it replaced one. */
export async function keepVoiceClip(
  ctx: AppContext,
  adminId: string,
  mechanismId: string,
  language: string,
  clipKey: string,
  audio: Buffer,
): Promise<{ replaced: boolean }> {
  if (!CLIP_LANGUAGE_PATTERN.test(language) || !CLIP_KEY_PATTERN.test(clipKey)) throw new AppError(404, 'not_found');
  const type = audio.length > 0 ? sniff(audio.subarray(0, 64)) : undefined;
  if (type?.kind !== 'audio')
    throw new ValidationFailed([{ field: 'file', messageKey: audio.length === 0 ? 'validation.required' : 'validation.clip_not_audio' }]);
  const sha256 = crypto.createHash('sha256').update(audio).digest('hex');
  const at = ctx.clock.now();
  // A clip is configuration a person hears as the mechanism's own voice: its change is on the audit record.
  const result = await ctx.db.transaction(async (tx) => {
    const kept = await upsertVoiceClip(tx, { mechanismId, language, clipKey, audio, mime: type.mime, sha256, at, byUserId: adminId });
    await recordAdminChange(tx, {
      mechanismId,
      actor: { id: adminId },
      action: kept.replaced ? 'voice_clips.replace' : 'voice_clips.add',
      targetId: `${language}/${clipKey}`,
      data: { language, clipKey, sha256, bytes: audio.length },
      at,
    });
    return kept;
  });
  logger.info('voice clip recorded', { mechanismId, language, clipKey, bytes: audio.length, replaced: result.replaced, by: adminId });
  return result;
}

/** Deletes the clip `clipKey` of the mechanism in `language` (the "Escuchar" button then disappears); 404 when there is none. */
export async function dropVoiceClip(ctx: AppContext, adminId: string, mechanismId: string, language: string, clipKey: string): Promise<void> {
  if (!CLIP_LANGUAGE_PATTERN.test(language) || !CLIP_KEY_PATTERN.test(clipKey)) throw new AppError(404, 'not_found');
  const at = ctx.clock.now();
  const dropped = await ctx.db.transaction(async (tx) => {
    if (!(await deleteVoiceClip(tx, mechanismId, language, clipKey))) return false;
    await recordAdminChange(tx, {
      mechanismId,
      actor: { id: adminId },
      action: 'voice_clips.delete',
      targetId: `${language}/${clipKey}`,
      data: { language, clipKey },
      at,
    });
    return true;
  });
  if (!dropped) throw new AppError(404, 'not_found');
  logger.info('voice clip deleted', { mechanismId, language, clipKey, by: adminId });
}
