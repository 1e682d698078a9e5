/**
 * Brings a file a person sent through a gateway (a WhatsApp photo or voice note) into the storage
 * module, exactly as a browser upload arrives: streamed to a temporary part, hashed, its first bytes
 * kept for the type check by content (server/storage/sniff.ts), cut off at the upload size limit.
 * Nothing is kept until the caller decides.
 */
import crypto from 'node:crypto';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { ReceivedFile } from '../http/multipart';
import type { FileStorage } from '../storage/fileStorage';
import { SNIFF_BYTES } from '../../shared/fileType';
import type { Gateway, InboundMedia } from './gateway';

class Meter extends Transform {
  readonly hash = crypto.createHash('sha256');
  size = 0;
  head = Buffer.alloc(0);
  truncated = false;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (this.size + chunk.length > this.maxBytes) {
      this.truncated = true;
      done(new Error('file too large'));
      return;
    }
    this.size += chunk.length;
    this.hash.update(chunk);
    if (this.head.length < SNIFF_BYTES) this.head = Buffer.concat([this.head, chunk.subarray(0, SNIFF_BYTES - this.head.length)]);
    done(null, chunk);
  }
}

/**
 * Downloads `media` into `storage` (not kept yet). A file over `maxBytes` comes back `truncated` and
 * already discarded; a failed download throws, having discarded what it received.
 */
export async function receiveMedia(gateway: Gateway, media: InboundMedia, storage: FileStorage, maxBytes: number): Promise<ReceivedFile> {
  const response = await gateway.fetchMedia(media);
  const incoming = storage.begin();
  const meter = new Meter(maxBytes);
  const file: ReceivedFile = { clientName: 'whatsapp', size: 0, sha256: '', head: Buffer.alloc(0), truncated: false, incoming };
  try {
    if (!response.body) throw new Error('empty media response');
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), meter, incoming.stream);
  } catch (err) {
    await incoming.discard();
    if (meter.truncated) return { ...file, truncated: true };
    throw err;
  }
  return { ...file, size: meter.size, sha256: meter.hash.digest('hex'), head: meter.head };
}
