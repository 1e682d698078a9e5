/**
 * Tells a file's type from its first bytes (magic numbers), never from its name or the type the browser
 * claims. Only the photos, voice notes and documents a complaint needs are recognised; anything else —
 * executables, HTML, scripts, archives — is refused. Shared so the phone refuses a file before anything
 * is filed or queued with exactly the server's verdict (the server sniffs every upload again).
 * (file-type ≥ 17 is ESM-only and needs Node 22; it would also be 30 KB more on the phone.)
 */
import type { AttachmentKind } from './types/intake';

/** How many leading bytes `sniff` needs. */
export const SNIFF_BYTES = 64;

/** A recognised type. */
export interface SniffedType {
  mime: string;
  kind: AttachmentKind;
}

/** Every type `sniff` can answer, for the form's hint and the API docs. */
export const ACCEPTED_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'image/heic',
  'image/heif',
  'application/pdf',
  'audio/mpeg',
  'audio/ogg',
  'audio/webm',
  'audio/mp4',
  'audio/3gpp',
  'audio/amr',
  'audio/wav',
] as const;

function startsWith(head: Uint8Array, bytes: number[], offset = 0): boolean {
  return head.length >= offset + bytes.length && bytes.every((b, i) => head[offset + i] === b);
}

/** Bytes `start`..`end` as Latin-1 text (each byte one character), '' past the end. */
function ascii(head: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...head.subarray(start, end));
}

const HEIF_BRANDS: Record<string, string> = {
  heic: 'image/heic',
  heix: 'image/heic',
  hevc: 'image/heic',
  hevx: 'image/heic',
  heim: 'image/heic',
  heis: 'image/heic',
  mif1: 'image/heif',
  msf1: 'image/heif',
  avif: '',
};

/** ISO base media (ftyp box): HEIC/HEIF photos, M4A/MP4 and 3GP voice recordings. */
function sniffFtyp(head: Uint8Array): SniffedType | undefined {
  if (ascii(head, 4, 8) !== 'ftyp') return undefined;
  const brand = ascii(head, 8, 12);
  if (brand in HEIF_BRANDS) {
    const mime = HEIF_BRANDS[brand];
    return mime ? { mime, kind: 'photo' } : undefined;
  }
  if (brand.startsWith('3g')) return { mime: 'audio/3gpp', kind: 'audio' };
  // M4A from phones, and the isom/mp4x/iso5/dash brands browsers' MediaRecorder writes for audio/mp4.
  if (/^(M4A |M4B |isom|iso[2-9]|mp4[12]|dash|avc1|qt {2})$/.test(brand)) return { mime: 'audio/mp4', kind: 'audio' };
  return undefined;
}

/** WebM (EBML header whose DocType is `webm`): the voice notes browsers record. */
function sniffWebm(head: Uint8Array): SniffedType | undefined {
  if (!startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) return undefined;
  return ascii(head, 0, SNIFF_BYTES).includes('webm') ? { mime: 'audio/webm', kind: 'audio' } : undefined;
}

/** MP3: an ID3 tag or an MPEG audio frame header (layer bits set, unlike AAC's ADTS). */
function sniffMp3(head: Uint8Array): SniffedType | undefined {
  if (ascii(head, 0, 3) === 'ID3') return { mime: 'audio/mpeg', kind: 'audio' };
  const [b0, b1] = [head[0], head[1]];
  if (b0 === 0xff && b1 !== undefined && (b1 & 0xe0) === 0xe0 && (b1 & 0x06) !== 0) return { mime: 'audio/mpeg', kind: 'audio' };
  return undefined;
}

/** The type of a file from its first SNIFF_BYTES bytes (a Node Buffer or a browser Uint8Array), or undefined when it is not accepted. */
export function sniff(head: Uint8Array): SniffedType | undefined {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { mime: 'image/jpeg', kind: 'photo' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mime: 'image/png', kind: 'photo' };
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') return { mime: 'image/gif', kind: 'photo' };
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return { mime: 'image/webp', kind: 'photo' };
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WAVE') return { mime: 'audio/wav', kind: 'audio' };
  if (ascii(head, 0, 5) === '%PDF-') return { mime: 'application/pdf', kind: 'document' };
  if (ascii(head, 0, 4) === 'OggS') return { mime: 'audio/ogg', kind: 'audio' };
  if (ascii(head, 0, 6) === '#!AMR\n') return { mime: 'audio/amr', kind: 'audio' };
  return sniffFtyp(head) ?? sniffWebm(head) ?? sniffMp3(head);
}

/** The per-file limit in whole megabytes, as the server's and the phone's messages both say it. */
export function megabytesOf(maxFileBytes: number): number {
  return Math.floor(maxFileBytes / (1024 * 1024));
}
