/**
 * Audio files lose their metadata before they are kept (issue #15 §3, docs/encryption.md): ID3 and
 * Vorbis comments, MP4 atoms (a phone's recorder may write the place, ©xyz), the recorder's name, cover
 * pictures and chapters. Debian's ffmpeg copies the sound itself untouched (`-c copy`, no re-encoding)
 * and writes none of the input's metadata (`-map_metadata -1`), nor its own encoder tag (bitexact).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** ffmpeg's muxer for each audio type we accept (shared/fileType.ts). */
const MUXER: Record<string, string> = {
  'audio/mpeg': 'mp3',
  'audio/ogg': 'ogg',
  'audio/webm': 'webm',
  'audio/mp4': 'mp4',
  'audio/3gpp': '3gp',
  'audio/amr': 'amr',
  'audio/wav': 'wav',
};

/** Whether files of `mime` are rewritten without metadata by ffmpeg. */
export function hasAudioMetadataRemoved(mime: string): boolean {
  return mime in MUXER;
}

/**
 * The sound of `input` in the same container without any metadata. Throws when ffmpeg cannot read it
 * (the caller decides what to keep). Works on files: MP4 needs to seek in its input and its output.
 */
export async function audioWithoutMetadata(input: Buffer, mime: string): Promise<Buffer> {
  const muxer = MUXER[mime];
  if (!muxer) throw new Error(`no muxer for ${mime}`);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'puente-audio-'));
  try {
    const source = path.join(dir, 'in');
    const target = path.join(dir, 'out');
    await fs.writeFile(source, input);
    await run(
      'ffmpeg',
      [
        ...['-v', 'error', '-nostdin', '-i', source],
        // Only sound: a cover picture is an attached video stream, and a data stream may hold anything.
        ...['-map', '0:a', '-map_metadata', '-1', '-map_chapters', '-1', '-c', 'copy'],
        ...['-fflags', '+bitexact', '-flags:a', '+bitexact'],
        ...(muxer === 'mp3' ? ['-id3v2_version', '0', '-write_id3v1', '0'] : []),
        ...['-f', muxer, '-y', target],
      ],
      { timeout: 60_000, maxBuffer: 1024 * 1024 },
    );
    return await fs.readFile(target);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
