/**
 * Photos lose their metadata before they are stored (issue #15 §3, docs/encryption.md): EXIF (GPS
 * position, time, phone model and serial), XMP, IPTC and comments. A photo taken at home would otherwise
 * tell whoever opens it — the company included — where a confidential complainant lives. sharp re-encodes
 * the picture, and writes none of the input's metadata unless asked (we never ask); `rotate()` first turns
 * the pixels as the EXIF orientation said, so the photo still stands the right way up without it.
 * A JPEG or PNG in which exifr (an outside parser) finds no metadata at all — the app's own photos, already
 * resized on the phone — is kept byte for byte: a second lossy compression would only cost quality.
 */
import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import exifr from 'exifr';
import sharp from 'sharp';
import type { ReceivedFile } from '../http/multipart';
import type { FileStorage } from './fileStorage';
import { SNIFF_BYTES } from '../../shared/fileType';

/** The photo types whose metadata is removed by re-encoding (GIF carries no EXIF; HEIC: see docs/encryption.md). */
const CLEANED = new Set(['image/jpeg', 'image/png', 'image/webp']);

/** Whether files of `mime` are re-encoded without metadata before they are kept. */
export function hasPhotoMetadataRemoved(mime: string): boolean {
  return CLEANED.has(mime);
}

/** Types exifr reads; others (WebP) are always re-encoded. */
const PARSED = new Set(['image/jpeg', 'image/png']);

/** Whether `input` carries any metadata segment worth removing (EXIF, GPS, XMP, IPTC, ICC, comments). */
async function carriesMetadata(input: Buffer, mime: string): Promise<boolean> {
  if (!PARSED.has(mime)) return true;
  const found = (await exifr
    .parse(input, { tiff: true, exif: true, gps: true, interop: true, ifd1: true, xmp: true, iptc: true, icc: true, jfif: false, ihdr: false, mergeOutput: false })
    .catch(() => ({ unreadable: true }))) as Record<string, unknown> | undefined;
  return found !== undefined && Object.keys(found).length > 0;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The picture of `input` upright and without metadata, in the same format. Throws when it is no readable picture. */
export async function photoWithoutMetadata(input: Buffer, mime: string): Promise<Buffer> {
  const image = sharp(input, { failOn: 'error' }).rotate();
  // Same format; JPEG at a quality that does not visibly degrade a photo already compressed by the phone.
  if (mime === 'image/jpeg') return image.jpeg({ quality: 90, mozjpeg: true }).toBuffer();
  if (mime === 'image/png') return image.png().toBuffer();
  return image.webp({ quality: 90 }).toBuffer();
}

/**
 * The received photo `file` replaced by its copy without metadata: a new not-yet-kept file in `storage`
 * (size, hash and head recomputed); the original bytes are deleted. Other types come back unchanged.
 * Throws when the picture cannot be read (the caller refuses the file as unsupported).
 */
export async function receivedWithoutMetadata(storage: FileStorage, file: ReceivedFile, mime: string): Promise<ReceivedFile> {
  if (!hasPhotoMetadataRemoved(mime)) return file;
  // Kept to be read back: either it stays (no metadata) or its cleaned copy replaces it.
  const original = await file.incoming.keep();
  try {
    const bytes = await readAll(storage.read(original));
    if (!(await carriesMetadata(bytes, mime))) {
      return { ...file, incoming: { stream: file.incoming.stream, keep: async () => original, discard: () => storage.remove(original) } };
    }
    const cleaned = await photoWithoutMetadata(bytes, mime);
    const incoming = storage.begin();
    try {
      await pipeline(Readable.from([cleaned]), incoming.stream);
    } catch (err) {
      await incoming.discard();
      throw err;
    }
    await storage.remove(original);
    return { ...file, incoming, size: cleaned.length, sha256: crypto.createHash('sha256').update(cleaned).digest('hex'), head: cleaned.subarray(0, SNIFF_BYTES) };
  } catch (err) {
    await storage.remove(original);
    throw err;
  }
}
