/**
 * The demo mechanism's spoken-help clips (issue #14 §6): what each says, where the committed
 * recordings are (made by scripts/makeDemoClips.ts), and loading them into `voice_clips` with the demo.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { resources } from '../../shared/i18n';
import { sniff } from '../../shared/fileType';
import { FIXED_CLIP_KEYS, intakeClipKeys } from '../../shared/spokenHelp';
import { logger } from '../logger';
import type { Queryable } from './database';
import { DATA_POLICY_2026_01 } from './dataPolicyText';
import { DEMO_CATEGORIES } from './demoData';
import { upsertVoiceClip } from '../repositories/voiceClips';

/** The languages the demo ships clips in: Spanish (the source) and English. */
export const DEMO_CLIP_LANGUAGES = ['es', 'en'] as const;
/** One of DEMO_CLIP_LANGUAGES. */
export type DemoClipLanguage = (typeof DEMO_CLIP_LANGUAGES)[number];

/**
 * Where the recordings are: beside this file when run from the sources (tsx, jest), and found by
 * walking up from the bundle (dist/server/…) to the repository's or image's `server/db/demoClips`.
 */
function findClipsDir(): string {
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    for (const candidate of [path.join(dir, 'demoClips'), path.join(dir, 'server', 'db', 'demoClips')]) {
      if (fs.existsSync(candidate)) return candidate;
    }
  }
  return path.join(__dirname, 'demoClips');
}

/** The folder of the committed clips, one sub-folder per language. */
export const DEMO_CLIPS_DIR = findClipsDir();

/** What each of the demo's clips says in `language`, by clip key. */
export function demoClipTexts(language: DemoClipLanguage = 'es'): Record<string, string> {
  const texts = resources[language].spokenHelp as unknown as Record<string, unknown>;
  const at = (key: string): string => {
    const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], texts);
    if (typeof value !== 'string') throw new Error(`spokenHelp:${key} has no ${language} text`);
    return value;
  };
  const out: Record<string, string> = {};
  for (const key of FIXED_CLIP_KEYS) out[key] = key === 'consent.summary' ? DATA_POLICY_2026_01.summary![language] : at(key);
  for (const category of DEMO_CATEGORIES) out[`category.${category.code}`] = `${category.name[language]}. ${category.description[language]}`;
  const expected = intakeClipKeys(DEMO_CATEGORIES.map((c) => c.code));
  if (expected.length !== Object.keys(out).length) throw new Error('the demo clip texts do not cover every clip key');
  return out;
}

/** Loads the committed clips of every demo language into the demo mechanism (inside the seed's transaction). */
export async function seedDemoClips(tx: Queryable, mechanismId: string, at: Date): Promise<number> {
  let loaded = 0;
  for (const language of DEMO_CLIP_LANGUAGES) loaded += await seedDemoClipsIn(tx, mechanismId, language, at);
  return loaded;
}

/** Loads the committed clips of one language; a missing folder only warns. */
async function seedDemoClipsIn(tx: Queryable, mechanismId: string, language: DemoClipLanguage, at: Date): Promise<number> {
  const dir = path.join(DEMO_CLIPS_DIR, language);
  if (!fs.existsSync(dir)) {
    logger.warn('demo clips not found; the demo intake has no spoken help in this language', { dir, language });
    return 0;
  }
  let loaded = 0;
  for (const key of Object.keys(demoClipTexts(language))) {
    const file = path.join(dir, `${key}.ogg`);
    if (!fs.existsSync(file)) continue;
    const audio = fs.readFileSync(file);
    const type = sniff(audio.subarray(0, 64));
    if (type?.kind !== 'audio') throw new Error(`demo clip ${file} is not audio`);
    const sha256 = crypto.createHash('sha256').update(audio).digest('hex');
    await upsertVoiceClip(tx, { mechanismId, language, clipKey: key, audio, mime: type.mime, sha256, at, byUserId: null });
    loaded += 1;
  }
  return loaded;
}
