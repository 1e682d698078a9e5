/**
 * Receives the files of a multipart request straight into the storage module (never into memory),
 * hashing them and keeping their first bytes for type sniffing. Nothing is kept yet: the caller decides
 * after checking every file, and discards them all if one fails.
 */
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import busboy from 'busboy';
import { AppError } from '../errors';
import { HashingStream } from '../storage/hashingStream';
import type { FileStorage, IncomingFile } from '../storage/fileStorage';
import { megabytesOf, SNIFF_BYTES } from '../../shared/fileType';

/** One received file, waiting for the caller's decision. */
export interface ReceivedFile {
  /** The name the browser gave; only for error messages, never stored or used as a path. */
  clientName: string;
  size: number;
  sha256: string;
  head: Buffer;
  /** Cut at the size limit. */
  truncated: boolean;
  incoming: IncomingFile;
}

/** Limits of one request. */
export interface MultipartLimits {
  maxFileBytes: number;
  maxFiles: number;
  /** Only parts with this field name are files we take. */
  fieldName: string;
}

/**
 * Streams `source` (a finished resumable upload) into `storage` with the same hashing and head-keeping
 * as a multipart part, so the result goes through the same checks in commands/attachmentUploader.ts.
 * On a read or write failure the received bytes are discarded and the error is thrown.
 */
export async function receiveStream(source: Readable, storage: FileStorage, clientName: string): Promise<ReceivedFile> {
  const incoming = storage.begin();
  const inspector = new HashingStream(SNIFF_BYTES);
  try {
    await pipeline(source, inspector, incoming.stream);
  } catch (err) {
    await incoming.discard();
    throw err;
  }
  return { clientName, size: inspector.bytes, sha256: inspector.hash.digest('hex'), head: inspector.head, truncated: false, incoming };
}

/** 413 for a file over `maxFileBytes`, naming it in the field message the phone shows before sending (client/src/media/fileCheck.ts). */
export function fileTooLarge(clientName: string, maxFileBytes: number): AppError {
  const megabytes = megabytesOf(maxFileBytes);
  return new AppError(413, 'file_too_large', { megabytes }, [
    { field: 'file', messageKey: 'validation.file_too_large', params: { name: clientName, megabytes } },
  ]);
}

/** Discards every received file (after a refusal). */
export async function discardAll(files: ReceivedFile[]): Promise<void> {
  await Promise.all(files.map((f) => f.incoming.discard()));
}

/**
 * Streams the request's files into `storage`. Rejects with 400 `no_file`/`upload_failed` or 413
 * `file_too_large`, having discarded whatever it received.
 */
export async function receiveFiles(req: Request, storage: FileStorage, limits: MultipartLimits): Promise<ReceivedFile[]> {
  return (await receiveForm(req, storage, limits)).files;
}

/** A multipart request's text fields (the last value of each name) and its files. */
export interface ReceivedForm {
  fields: Record<string, string>;
  files: ReceivedFile[];
}

/**
 * Like receiveFiles, also keeping the text fields (a complaint sent with its voice note: the JSON body
 * in a field, the audio as a file). With `allowNoFile`, a form without files is not refused here: the
 * caller says which file was missing, in its own words.
 */
export function receiveForm(req: Request, storage: FileStorage, limits: MultipartLimits & { allowNoFile?: boolean }): Promise<ReceivedForm> {
  const fields: Record<string, string> = {};
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      // One more file than allowed is read so "too many" can be told apart from "just enough".
      parser = busboy({ headers: req.headers, limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles + 1, fields: 10, parts: limits.maxFiles + 11 } });
    } catch {
      reject(new AppError(400, 'no_file'));
      return;
    }
    const received: ReceivedFile[] = [];
    const pending: Promise<void>[] = [];
    let failed = false;
    const fail = (err: AppError) => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      req.resume();
      void Promise.allSettled(pending)
        .then(() => discardAll(received))
        .finally(() => reject(err));
    };
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (field, stream, info) => {
      if (field !== limits.fieldName || failed) {
        stream.resume();
        return;
      }
      const incoming = storage.begin();
      const inspector = new HashingStream(SNIFF_BYTES);
      const file: ReceivedFile = { clientName: info.filename ?? '', size: 0, sha256: '', head: Buffer.alloc(0), truncated: false, incoming };
      received.push(file);
      stream.on('limit', () => {
        file.truncated = true;
      });
      pending.push(
        pipeline(stream, inspector, incoming.stream).then(
          () => {
            file.size = inspector.bytes;
            file.sha256 = inspector.hash.digest('hex');
            file.head = inspector.head;
          },
          () => fail(new AppError(400, 'upload_failed')),
        ),
      );
    });
    parser.on('error', () => fail(new AppError(400, 'upload_failed')));
    parser.on('close', () => {
      void Promise.all(pending).then(async () => {
        if (failed) return;
        if (received.length === 0 && !limits.allowNoFile) return fail(new AppError(400, 'no_file'));
        if (received.some((f) => f.truncated)) {
          return fail(fileTooLarge(received.find((f) => f.truncated)!.clientName, limits.maxFileBytes));
        }
        resolve({ fields, files: received });
      });
    });
    req.on('aborted', () => fail(new AppError(400, 'upload_failed')));
    req.pipe(parser);
  });
}
