/**
 * A pass-through stream that hashes (SHA-256) and counts the bytes on their way to or from storage,
 * keeping the first few for type sniffing when asked: an upload, a backup and a restore check files
 * with it as they stream, never holding them in memory.
 */
import crypto from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/** Hashes and counts what passes; `head` holds its first `headBytes` bytes (none by default). */
export class HashingStream extends Transform {
  readonly hash = crypto.createHash('sha256');
  bytes = 0;
  private headParts: Buffer[] = [];
  private headLength = 0;

  constructor(private readonly headBytes = 0) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (this.headLength < this.headBytes) {
      this.headParts.push(chunk.subarray(0, this.headBytes - this.headLength));
      this.headLength += Math.min(chunk.length, this.headBytes - this.headLength);
    }
    done(null, chunk);
  }

  /** The first bytes that passed (up to the number asked for). */
  get head(): Buffer {
    return Buffer.concat(this.headParts);
  }
}
