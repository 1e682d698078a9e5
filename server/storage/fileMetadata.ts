/**
 * Every received file passes here before it is kept (issue #15 §3, docs/encryption.md): photos, audio
 * and PDF documents are replaced by a copy without their metadata, each by a maintained tool — sharp
 * (photos, storage/photoMetadata.ts), Debian's ffmpeg (audio, storage/audioMetadata.ts), pdf-lib (PDF,
 * storage/pdfMetadata.ts). A photo that cannot be read is refused (it is no photo); an audio file or PDF
 * the tool cannot read (encrypted PDF, a codec ffmpeg lacks) is kept as it came and the case logged, since
 * refusing a person's only voice note would lose what they said.
 */
import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReceivedFile } from '../http/multipart';
import { logger } from '../logger';
import { SNIFF_BYTES } from '../../shared/fileType';
import { audioWithoutMetadata, hasAudioMetadataRemoved } from './audioMetadata';
import type { FileStorage } from './fileStorage';
import { hasPdfMetadataRemoved, pdfWithoutMetadata } from './pdfMetadata';
import { hasPhotoMetadataRemoved, photoCarriesMetadata, photoWithoutMetadata } from './photoMetadata';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The copy of `bytes` without metadata, or null to keep the bytes as they are. Throws to refuse the file. */
async function cleaned(bytes: Buffer, mime: string): Promise<Buffer | null> {
  if (hasPhotoMetadataRemoved(mime)) return (await photoCarriesMetadata(bytes, mime)) ? photoWithoutMetadata(bytes, mime) : null;
  const tool = hasAudioMetadataRemoved(mime) ? 'ffmpeg' : 'pdf-lib';
  try {
    return hasAudioMetadataRemoved(mime) ? await audioWithoutMetadata(bytes, mime) : await pdfWithoutMetadata(bytes);
  } catch (err) {
    logger.warn('file kept with whatever metadata it has: the tool could not read it', { mime, tool, size: bytes.length, err });
    return null;
  }
}

/** Whether files of `mime` go through a metadata cleaner before they are kept. */
export function hasMetadataRemoved(mime: string): boolean {
  return hasPhotoMetadataRemoved(mime) || hasAudioMetadataRemoved(mime) || hasPdfMetadataRemoved(mime);
}

/**
 * The received `file` replaced by its copy without metadata: a new not-yet-kept file in `storage` (size,
 * hash and head recomputed); the original bytes are deleted. Other types, and files already without
 * metadata, come back with their bytes unchanged. Throws when a photo cannot be read (the caller refuses
 * the file as unsupported).
 */
export async function receivedWithoutMetadata(storage: FileStorage, file: ReceivedFile, mime: string): Promise<ReceivedFile> {
  if (!hasMetadataRemoved(mime)) return file;
  // Kept to be read back: either it stays as it came or its cleaned copy replaces it.
  const original = await file.incoming.keep();
  try {
    const bytes = await readAll(storage.read(original));
    const copy = await cleaned(bytes, mime);
    if (!copy) {
      return { ...file, incoming: { stream: file.incoming.stream, keep: async () => original, discard: () => storage.remove(original) } };
    }
    const incoming = storage.begin();
    try {
      await pipeline(Readable.from([copy]), incoming.stream);
    } catch (err) {
      await incoming.discard();
      throw err;
    }
    await storage.remove(original);
    return { ...file, incoming, size: copy.length, sha256: crypto.createHash('sha256').update(copy).digest('hex'), head: copy.subarray(0, SNIFF_BYTES) };
  } catch (err) {
    await storage.remove(original);
    throw err;
  }
}
