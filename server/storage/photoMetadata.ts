/**
 * Photos lose their metadata before they are stored (issue #15 §3, docs/encryption.md): EXIF (GPS
 * position, time, phone model and serial), XMP, IPTC and comments. A photo taken at home would otherwise
 * tell whoever opens it — the company included — where a confidential complainant lives. sharp re-encodes
 * the picture, and writes none of the input's metadata unless asked (we never ask); `rotate()` first turns
 * the pixels as the EXIF orientation said, so the photo still stands the right way up without it.
 * A JPEG or PNG in which exifr (an outside parser) finds no metadata at all — the app's own photos, already
 * resized on the phone — is kept byte for byte: a second lossy compression would only cost quality.
 */
import exifr from 'exifr';
import type sharpModule from 'sharp';

/**
 * sharp, loaded with the first photo: with libvips it costs ~0.25 s of start-up that a process which never
 * receives a photo (most test files, the admin command) need not pay.
 */
function sharp(): typeof sharpModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('sharp') as typeof sharpModule;
}

/** The photo types whose metadata is removed by re-encoding (GIF carries no EXIF; HEIC: see docs/encryption.md). */
const CLEANED = new Set(['image/jpeg', 'image/png', 'image/webp']);

/** Whether files of `mime` are re-encoded without metadata before they are kept. */
export function hasPhotoMetadataRemoved(mime: string): boolean {
  return CLEANED.has(mime);
}

/** Types exifr reads; others (WebP) are always re-encoded. */
const PARSED = new Set(['image/jpeg', 'image/png']);

/** Whether the photo `input` carries any metadata segment worth removing (EXIF, GPS, XMP, IPTC, ICC, comments). */
export async function photoCarriesMetadata(input: Buffer, mime: string): Promise<boolean> {
  if (!PARSED.has(mime)) return true;
  const found = (await exifr
    .parse(input, {
      tiff: true,
      exif: true,
      gps: true,
      interop: true,
      ifd1: true,
      xmp: true,
      iptc: true,
      icc: true,
      jfif: false,
      ihdr: false,
      mergeOutput: false,
    })
    .catch(() => ({ unreadable: true }))) as Record<string, unknown> | undefined;
  return found !== undefined && Object.keys(found).length > 0;
}

/** The picture of `input` upright and without metadata, in the same format. Throws when it is no readable picture. */
export async function photoWithoutMetadata(input: Buffer, mime: string): Promise<Buffer> {
  const image = sharp()(input, { failOn: 'error' }).rotate();
  // Same format; JPEG at a quality that does not visibly degrade a photo already compressed by the phone.
  if (mime === 'image/jpeg') return image.jpeg({ quality: 90, mozjpeg: true }).toBuffer();
  if (mime === 'image/png') return image.png().toBuffer();
  return image.webp({ quality: 90 }).toBuffer();
}
