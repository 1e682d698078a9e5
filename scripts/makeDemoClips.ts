/**
 * Makes the demo mechanism's Spanish and English spoken-help clips (issue #14 §6) from the words they say: the
 * `spokenHelp:` texts, the demo's categories and the plain version of its data policy. Each is spoken
 * by espeak-ng (Debian package `espeak-ng`) and encoded by ffmpeg as mono Opus at 8 kbit/s in Ogg
 * (~1 KB a second), bit-exact so that an unchanged text gives unchanged bytes. Only clips whose text
 * changed are made again; `manifest.json` records what each says. The clips are committed, so neither
 * CI nor the seed needs espeak-ng: run `npx tsx scripts/makeDemoClips.ts` after changing a text
 * (`npx tsx scripts/makeDemoClips.ts en` for one language).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { demoClipTexts, DEMO_CLIPS_DIR, DEMO_CLIP_LANGUAGES, type DemoClipLanguage } from '../server/db/demoSpokenHelp';

/** espeak-ng's voice for each language: Latin-American Spanish, and English. */
const VOICES: Record<DemoClipLanguage, string> = { es: 'es-419', en: 'en' };

function make(language: DemoClipLanguage): void {
  const outDir = path.join(DEMO_CLIPS_DIR, language);
  const manifestPath = path.join(outDir, 'manifest.json');
  fs.mkdirSync(outDir, { recursive: true });
  const previous: Record<string, string> = fs.existsSync(manifestPath) ? JSON.parse(fs.readFileSync(manifestPath, 'utf8')) : {};
  const texts = demoClipTexts(language);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'puente-clips-'));
  let made = 0;
  try {
    for (const [key, text] of Object.entries(texts)) {
      const file = path.join(outDir, `${key}.ogg`);
      if (previous[key] === text && fs.existsSync(file)) continue;
      const wav = path.join(tmp, `${key}.wav`);
      // A little slower than the default 175 words a minute: easier to follow.
      execFileSync('espeak-ng', ['-v', VOICES[language], '-s', '150', '-w', wav, text]);
      execFileSync('ffmpeg', [
        '-hide_banner',
        '-loglevel',
        'error',
        '-y',
        '-i',
        wav,
        '-ac',
        '1',
        '-ar',
        '16000',
        '-c:a',
        'libopus',
        '-b:a',
        '8k',
        '-application',
        'voip',
        '-map_metadata',
        '-1',
        '-fflags',
        '+bitexact',
        '-flags:a',
        '+bitexact',
        file,
      ]);
      made += 1;
    }
    for (const stale of fs.readdirSync(outDir).filter((f) => f.endsWith('.ogg') && !(f.slice(0, -4) in texts))) fs.rmSync(path.join(outDir, stale));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  fs.writeFileSync(manifestPath, `${JSON.stringify(texts, null, 2)}\n`);
  const bytes = Object.keys(texts).reduce((sum, key) => sum + fs.statSync(path.join(outDir, `${key}.ogg`)).size, 0);
  console.log(`${language}: ${made} clip(s) made, ${Object.keys(texts).length} in all, ${Math.round(bytes / 1024)} KB`);
}

const asked = process.argv[2];
if (asked && !(DEMO_CLIP_LANGUAGES as readonly string[]).includes(asked))
  throw new Error(`no demo clips in ${asked}; choose one of ${DEMO_CLIP_LANGUAGES.join(', ')}`);
for (const language of asked ? [asked as DemoClipLanguage] : DEMO_CLIP_LANGUAGES) make(language);
