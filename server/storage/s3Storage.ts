/**
 * Attachment bytes in an S3-compatible object store (AWS S3, MinIO, Ceph, Garage, a cloud provider's
 * object storage), so that every app server reads every file (FILE_STORAGE=s3). Objects are named
 * `<S3_PREFIX><key>` with the same random keys as on local disk.
 *
 * An upload streams straight into the store while it is received (@aws-sdk/lib-storage: one PUT for a
 * small file, a multipart upload above 5 MB), so keeping it afterwards only waits for the last bytes.
 * An object appears only once its upload completes, so a half-received file is never served; one whose
 * row never got written (a refused file, a crash) is deleted by discard() or, a day later, by the
 * orphan sweep through list(). Multipart uploads cut off mid-way are aborted by removeIncomplete(); a
 * lifecycle rule (AbortIncompleteMultipartUpload) on the bucket does the same without us (docs/scaling.md).
 */
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { isStorageKey, newStorageKey, type FileStorage, type IncomingFile, type StoredFile } from './fileStorage';
import { logger } from '../logger';

/** Where the objects are and how to reach them. */
export interface S3StorageOptions {
  bucket: string;
  region: string;
  /** An S3-compatible service's address; undefined for AWS S3 itself. */
  endpoint: string | undefined;
  /** Bucket in the path (http://host/bucket/key) rather than the host name: most self-hosted stores need it. */
  forcePathStyle: boolean;
  /** Prepended to every object name ('' or ending in '/'), so one bucket can hold other things too. */
  prefix: string;
  /** Unset: the AWS SDK's usual chain (environment, shared files, instance role). */
  accessKeyId: string | undefined;
  secretAccessKey: string | undefined;
}

const OWNER_OBJECT = 'OWNER';
/** Gives up connecting to the store after this long (the request then fails instead of hanging). */
const CONNECTION_TIMEOUT_MS = 5000;

function isMissing(err: unknown): boolean {
  return err instanceof S3ServiceException && (err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata.httpStatusCode === 404);
}

/** Files in an S3-compatible bucket. */
export class S3Storage implements FileStorage {
  private readonly client: S3Client;
  private warnedNoUploadListing = false;

  constructor(private readonly options: S3StorageOptions) {
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: options.accessKeyId && options.secretAccessKey ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } : undefined,
      // Checksums only where an operation demands them: several S3-compatible stores do not understand
      // the checksum trailers the SDK now adds by default to streamed bodies.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // No overall request timeout: a download paced by a phone on 2G may stay idle for a long time.
      requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS },
    });
  }

  private objectName(key: string): string {
    if (!isStorageKey(key)) throw new Error('Invalid storage key');
    return `${this.options.prefix}${key}`;
  }

  /** Streams `body` into the object for `key`; `done` settles when the object exists (or failed). */
  private upload(key: string, body: Readable): { done: Promise<void> } {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.options.bucket, Key: this.objectName(key), Body: body, ContentType: 'application/octet-stream' },
      leavePartsOnError: false,
    });
    return { done: upload.done().then(() => undefined) };
  }

  begin(): IncomingFile {
    const key = newStorageKey();
    const stream = new PassThrough();
    const upload = this.upload(key, stream);
    // A store that fails mid-upload stops reading: end the stream too, or the request would wait forever.
    upload.done.catch((err: unknown) => stream.destroy(err instanceof Error ? err : new Error(String(err))));
    return {
      stream,
      keep: async () => {
        await upload.done;
        return key;
      },
      discard: async () => {
        // Not upload.abort(): that only drops our side of a PUT already sent, and the store may still
        // create the object after the delete below. A stream cut short fails the upload (a multipart one
        // is aborted by lib-storage); one already whole is waited for, then deleted.
        stream.destroy();
        await upload.done.catch(() => undefined);
        // The upload may have completed before it was discarded (a refused type is known only at the end).
        await this.remove(key);
      },
    };
  }

  read(key: string): Readable {
    const out = new PassThrough();
    this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.objectName(key) })).then(
      (res) => {
        // pipeline also ends the store's response when the reader goes away (a download cut off).
        pipeline(res.Body as Readable, out, () => undefined);
      },
      (err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))),
    );
    return out;
  }

  async remove(key: string): Promise<void> {
    // Deleting an object that is not there succeeds in S3.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.objectName(key) }));
  }

  async *list(): AsyncIterable<StoredFile> {
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: this.options.prefix || undefined, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        const key = object.Key?.slice(this.options.prefix.length);
        // Only names this module makes: the owner marker and anything else in the bucket are never attachments.
        if (!key || !isStorageKey(key) || !object.LastModified) continue;
        yield { key, modifiedAt: object.LastModified };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async removeIncomplete(writtenBefore: Date): Promise<number> {
    let removed = 0;
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    try {
      do {
        const page = await this.client.send(
          new ListMultipartUploadsCommand({
            Bucket: this.options.bucket,
            Prefix: this.options.prefix || undefined,
            KeyMarker: keyMarker,
            UploadIdMarker: uploadIdMarker,
          }),
        );
        for (const upload of page.Uploads ?? []) {
          const key = upload.Key?.slice(this.options.prefix.length);
          if (!key || !isStorageKey(key) || !upload.UploadId || !upload.Initiated) continue;
          if (upload.Initiated.getTime() >= writtenBefore.getTime()) continue;
          await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.options.bucket, Key: upload.Key, UploadId: upload.UploadId }));
          removed += 1;
        }
        keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
        uploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
      } while (keyMarker);
    } catch (err) {
      // Some S3-compatible stores cannot list uploads; their bucket's own lifecycle rule must do it.
      if (!(err instanceof S3ServiceException && err.name === 'NotImplemented')) throw err;
      if (!this.warnedNoUploadListing) {
        this.warnedNoUploadListing = true;
        logger.warn('the object store cannot list unfinished uploads; give the bucket an AbortIncompleteMultipartUpload lifecycle rule', {
          bucket: this.options.bucket,
        });
      }
    }
    return removed;
  }

  private async readOwner(): Promise<string | undefined> {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: `${this.options.prefix}${OWNER_OBJECT}` }));
      return (await res.Body!.transformToString()).trim();
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async claimOwner(ownerId: string): Promise<string> {
    const recorded = await this.readOwner();
    if (recorded) return recorded;
    try {
      // Written only if absent (a conditional write, where the store supports it), then read back: instances
      // claiming at once agree on what the store kept.
      await this.client.send(
        new PutObjectCommand({ Bucket: this.options.bucket, Key: `${this.options.prefix}${OWNER_OBJECT}`, Body: ownerId, IfNoneMatch: '*' }),
      );
    } catch (err) {
      if (!(err instanceof S3ServiceException && (err.$metadata.httpStatusCode === 412 || err.name === 'PreconditionFailed'))) throw err;
    }
    return (await this.readOwner()) ?? ownerId;
  }

  async put(key: string, body: Readable): Promise<void> {
    await this.upload(key, body).done;
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
