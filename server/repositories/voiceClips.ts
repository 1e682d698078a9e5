/** The spoken-help clips of each mechanism and language (migration 0027), bytes included. */
import type { Queryable } from '../db/database';

/** A clip's facts, without its bytes. */
export interface VoiceClipRecord {
  clipKey: string;
  mime: string;
  size: number;
  sha256: string;
  updatedAt: Date;
}

/** A clip with its bytes, to serve. */
export interface VoiceClipAudio extends VoiceClipRecord {
  audio: Buffer;
}

const FACTS = `clip_key AS "clipKey", mime, size, sha256, updated_at AS "updatedAt"`;

/** The clips of a mechanism in one language, by key (without their bytes). */
export function listVoiceClips(db: Queryable, mechanismId: string, language: string): Promise<VoiceClipRecord[]> {
  return db.query<VoiceClipRecord>(`SELECT ${FACTS} FROM voice_clips WHERE mechanism_id = $1 AND language = $2 ORDER BY clip_key`, [mechanismId, language]);
}

/** One clip with its bytes, if recorded. */
export function findVoiceClipAudio(db: Queryable, mechanismId: string, language: string, clipKey: string): Promise<VoiceClipAudio | undefined> {
  return db.maybeOne<VoiceClipAudio>(`SELECT ${FACTS}, audio FROM voice_clips WHERE mechanism_id = $1 AND language = $2 AND clip_key = $3`, [
    mechanismId,
    language,
    clipKey,
  ]);
}

/** Records a clip, replacing the one under the same key; answers whether one was replaced. */
export async function upsertVoiceClip(
  db: Queryable,
  clip: { mechanismId: string; language: string; clipKey: string; audio: Buffer; mime: string; sha256: string; at: Date; byUserId: string | null },
): Promise<{ replaced: boolean }> {
  const row = await db.one<{ inserted: boolean }>(
    `INSERT INTO voice_clips (mechanism_id, language, clip_key, audio, mime, size, sha256, updated_at, updated_by_user_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (mechanism_id, language, clip_key) DO UPDATE
       SET audio = EXCLUDED.audio, mime = EXCLUDED.mime, size = EXCLUDED.size, sha256 = EXCLUDED.sha256,
           updated_at = EXCLUDED.updated_at, updated_by_user_id = EXCLUDED.updated_by_user_id
     RETURNING (xmax = 0) AS inserted`,
    [clip.mechanismId, clip.language, clip.clipKey, clip.audio, clip.mime, clip.audio.length, clip.sha256, clip.at, clip.byUserId],
  );
  return { replaced: !row.inserted };
}

/** The recorded clip keys of each language of a mechanism. */
export async function listVoiceClipCounts(db: Queryable, mechanismId: string): Promise<Map<string, string[]>> {
  const rows = await db.query<{ language: string; keys: string[] }>(
    `SELECT language, json_agg(clip_key ORDER BY clip_key) AS keys FROM voice_clips WHERE mechanism_id = $1 GROUP BY language`,
    [mechanismId],
  );
  return new Map(rows.map((row) => [row.language, row.keys]));
}

/** Deletes a clip; answers whether there was one. */
export async function deleteVoiceClip(db: Queryable, mechanismId: string, language: string, clipKey: string): Promise<boolean> {
  const rows = await db.query(`DELETE FROM voice_clips WHERE mechanism_id = $1 AND language = $2 AND clip_key = $3 RETURNING clip_key`, [
    mechanismId,
    language,
    clipKey,
  ]);
  return rows.length > 0;
}
