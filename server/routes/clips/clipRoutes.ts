/**
 * Spoken help of the intake (issue #14 §6). Anyone may play a clip (they are public help, like the
 * form's texts); only an admin of the mechanism lists, uploads and replaces them — 404 for everyone
 * else. A clip's address carries its version (`?v=`, from its hash), so a phone may keep it for good
 * and a replaced clip gets a new address.
 */
import express, { Router } from 'express';
import { isPathId } from '../../http/pathId';
import type { AdminClipListDto, AdminClipDto } from '../../../shared/types/admin';
import { CLIP_MAX_BYTES, intakeClipKeys, type SpokenHelpDto } from '../../../shared/spokenHelp';
import type { AppContext } from '../../context';
import { NotFound } from '../../errors';
import { currentUser } from '../../http/requestContext';
import { localized } from '../../presenters/casePresenter';
import { mechanismLists } from '../../repositories/mechanisms';
import { currentDataPolicy } from '../../repositories/dataPolicies';
import { findVoiceClipAudio, listVoiceClips, type VoiceClipRecord } from '../../repositories/voiceClips';
import { CLIP_LANGUAGE_PATTERN, dropVoiceClip, keepVoiceClip } from '../../commands/voiceClipKeeper';
import { offeredLanguage } from '../../languages/mechanismLanguages';
import { managedMechanism, requireAdmin } from '../../http/areaGates';
import type { Queryable } from '../../db/database';
import { DEFAULT_LANGUAGE, toLanguage } from '../../../shared/roles';

/** Characters of the hash in a clip's address: enough to tell recordings apart. */
const VERSION_LENGTH = 16;

/** The address a clip is played from, changing with its recording. */
export function clipUrl(mechanismId: string, language: string, clip: VoiceClipRecord): string {
  return `/api/clips/${mechanismId}/${language}/${encodeURIComponent(clip.clipKey)}?v=${clip.sha256.slice(0, VERSION_LENGTH)}`;
}

/** The clips a mechanism's intake can play in `language`, for the form (sent with the mechanism's lists). */
export async function spokenHelpOf(db: Queryable, mechanismId: string, language: string): Promise<SpokenHelpDto> {
  const clips = await listVoiceClips(db, mechanismId, language);
  return { language, clips: Object.fromEntries(clips.map((clip) => [clip.clipKey, clipUrl(mechanismId, language, clip)])) };
}

/** Routes of the spoken-help clips. */
export function clipRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/clips/:mechanismId/:language/:key', async (req, res) => {
    const { mechanismId, language, key } = req.params;
    const clip = isPathId(mechanismId) && CLIP_LANGUAGE_PATTERN.test(language) ? await findVoiceClipAudio(ctx.db, mechanismId, language, key) : undefined;
    if (!clip) throw new NotFound();
    const current = req.query.v === clip.sha256.slice(0, VERSION_LENGTH);
    res.set({
      'Content-Type': clip.mime,
      'Content-Length': String(clip.size),
      ETag: `"${clip.sha256}"`,
      // The versioned address never changes its bytes; an unversioned one may be replaced any time.
      'Cache-Control': current ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    });
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.end(clip.audio);
  });

  const base = '/admin/mechanisms/:mechanismId/clips';
  router.use(base, requireAdmin);

  /** Every clip the mechanism's intake can play, with what it should say (in that language), and the keys still without a recording. */
  router.get(base, async (req, res) => {
    const mechanismId = managedMechanism(req);
    const language = typeof req.query.language === 'string' ? req.query.language : req.language;
    if (!CLIP_LANGUAGE_PATTERN.test(language) || !(await offeredLanguage(ctx.db, mechanismId, language))) throw new NotFound();
    res.json(await clipList(ctx, mechanismId, language, req));
  });

  /** Uploads (or replaces) one clip: the request's body is the audio (Opus/Ogg, MP3, M4A, WebM or WAV). */
  router.put(`${base}/:language/:key`, express.raw({ type: () => true, limit: CLIP_MAX_BYTES }), async (req, res) => {
    const mechanismId = managedMechanism(req);
    const { language, key } = req.params as { language: string; key: string };
    const lists = await mechanismLists(ctx.db, mechanismId);
    if (!intakeClipKeys(lists.categories.map((c) => c.code)).includes(key)) throw new NotFound();
    // Clips are recorded for the languages the mechanism offers (its admin adds one first).
    if (!(await offeredLanguage(ctx.db, mechanismId, language))) throw new NotFound();
    const audio = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const { replaced } = await keepVoiceClip(ctx, currentUser(req).id, mechanismId, language, key, audio);
    const list = await clipList(ctx, mechanismId, language, req);
    res.status(replaced ? 200 : 201).json(list.clips.find((c) => c.key === key));
  });

  /** Deletes one clip: the form no longer offers "Escuchar" there. */
  router.delete(`${base}/:language/:key`, async (req, res) => {
    const mechanismId = managedMechanism(req);
    const { language, key } = req.params as { language: string; key: string };
    await dropVoiceClip(ctx, currentUser(req).id, mechanismId, language, key);
    res.status(204).end();
  });

  return router;
}

async function clipList(ctx: AppContext, mechanismId: string, language: string, req: express.Request): Promise<AdminClipListDto> {
  const [lists, recorded, policy] = await Promise.all([
    mechanismLists(ctx.db, mechanismId),
    listVoiceClips(ctx.db, mechanismId, language),
    currentDataPolicy(ctx.db, mechanismId, ctx.clock.now()),
  ]);
  const byKey = new Map(recorded.map((clip) => [clip.clipKey, clip]));
  // What to say is in the clip's own language; a language without written texts (audio-first) falls back to Spanish.
  const wording = toLanguage(language) ?? DEFAULT_LANGUAGE;
  const categories = new Map(lists.categories.map((c) => [`category.${c.code}`, c]));
  const clips: AdminClipDto[] = intakeClipKeys(lists.categories.map((c) => c.code)).map((key) => {
    const category = categories.get(key);
    const clip = byKey.get(key);
    return {
      key,
      text: category
        ? `${localized(category.name, wording)}. ${localized(category.description, wording)}`.trim()
        : key === 'consent.summary'
          ? policy?.summary
            ? localized(policy.summary, wording)
            : ''
          : (req.t as (k: string, o: { lng: string }) => string)(`spokenHelp:${key}`, { lng: wording }),
      recording: clip ? { mime: clip.mime, size: clip.size, updatedAt: clip.updatedAt.toISOString(), url: clipUrl(mechanismId, language, clip) } : null,
    };
  });
  return { language, clips, missing: clips.filter((c) => !c.recording).map((c) => c.key) };
}
