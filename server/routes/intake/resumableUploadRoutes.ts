/**
 * Resumable attachment uploads over the tus protocol 1.0 (https://tus.io/protocols/resumable-upload),
 * served by @tus/server with its FileStore (storage/resumableStore.ts): a file cut off on a bad line
 * continues from the last byte that arrived. The contract and the limits are in README.md beside this
 * file. tus moves the bytes; everything else is decided here before tus sees a request: who may upload
 * into the case (the same reader checks as every case route, 404 for forbidden and missing), that every
 * later request comes from whoever created the upload, the size and file-count limits, and — once the
 * last byte is in — the content check and the attachment (commands/resumableUploadFinisher.ts).
 */
import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Router, type Request, type Response } from 'express';
import type { Server as TusServer } from '@tus/server' with { 'resolution-mode': 'import' };
import type { UploadAttachmentsResponse } from '../../../shared/types/intake';
import { uploadPurposeQuery } from '../../../shared/validation/dialogue';
import type { AppContext } from '../../context';
import { AppError, NotFound } from '../../errors';
import { errorBodyOf } from '../../http/errorHandler';
import { fileTooLarge } from '../../http/multipart';
import { caseReaderOf } from '../../http/tracking';
import { parseInput } from '../../http/validate';
import { logger } from '../../logger';
import type { CaseActor } from '../../policies/casePolicy';
import { presentAttachment } from '../../presenters/attachmentPresenter';
import { countAttachments, findAttachmentByClientKey, type AttachmentPurpose, type AttachmentRecord } from '../../repositories/attachments';
import {
  countOpenUploads,
  deleteOpenUpload,
  findOpenUploadByKey,
  findResumableUpload,
  insertResumableUpload,
  type ResumableUploadRecord,
} from '../../repositories/resumableUploads';
import { assertMayAttach } from '../../commands/attachmentUploader';
import { finishResumableUpload, forgetUpload } from '../../commands/resumableUploadFinisher';

/** The only protocol version tus-js-client and @tus/server speak. */
const TUS_VERSION = '1.0.0';
const UPLOAD_ID = /^[a-f0-9]{32}$/;
/** tus's ERRORS.ERR_LOCK_TIMEOUT (a 500 there), read here as the busy upload it means. */
const LOCK_TIMEOUT_BODY = 'failed to acquire lock before timeout';
/** Longest file name kept (in tus's own record, only to name the file in a refusal). */
const NAME_MAX = 200;

const COLLECTION = '/cases/:id/attachments/uploads';
const ONE = `${COLLECTION}/:uploadId`;

/** What the handlers decided about a request, for tus's hooks (keyed by the Node request tus wraps). */
interface UploadRequest {
  expressReq: Request;
  actor: CaseActor;
  caseId: string;
  purpose: AttachmentPurpose;
  owner: string;
  /** The send queue's key for the file (`?key=`), or null. */
  clientKey: string | null;
  /** The upload a HEAD/PATCH/DELETE is about (none yet for the POST that creates it). */
  upload?: ResumableUploadRecord;
  uploadId?: string;
  clientName: string;
  /** Set when tus's answer carries our JSON error body (tus itself writes no Content-Type). */
  jsonError?: boolean;
}

type TusAnswer = { status_code: number; body: string; headers?: Record<string, string> };

/**
 * Who an upload belongs to: the account, or for an anonymous tracker its session (hashed: the session
 * id itself is a credential). Every request after the creation must come from the same owner.
 */
function ownerOf(req: Request, actor: CaseActor): string {
  if (actor.role !== 'tracker') return `user:${actor.id}`;
  return `session:${crypto.createHash('sha256').update(req.sessionID).digest('hex')}`;
}

/** The file name from `Upload-Metadata` (`filename <base64>`), cut to NAME_MAX; '' when absent or unreadable. */
function clientNameOf(req: Request): string {
  for (const pair of (req.get('upload-metadata') ?? '').split(',')) {
    const [key, value] = pair.trim().split(' ');
    if (key === 'filename' && value)
      return Buffer.from(value, 'base64')
        .toString('utf8')
        .replace(/[\p{Cc}]/gu, '')
        .slice(0, NAME_MAX);
  }
  return '';
}

/** An answer with a JSON body, for tus to write. */
function jsonAnswer(status: number, body: unknown): TusAnswer {
  return { status_code: status, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json; charset=utf-8' } };
}

/** tus's own refusals (plain-text bodies) as the project's errors. */
function fromTus(err: Error | { status_code: number; body: string }): AppError | undefined {
  if (err instanceof AppError) return err;
  const status = 'status_code' in err ? err.status_code : 500;
  // A newer request for the upload takes it over; this one could not get it back in time (MemoryLocker).
  if ('body' in err && err.body === LOCK_TIMEOUT_BODY) return new AppError(423, 'upload_busy');
  if (status === 404 || status === 410) return new NotFound();
  if (status === 409) return new AppError(409, 'upload_offset_mismatch');
  if (status === 423) return new AppError(423, 'upload_busy');
  if (status === 413) return new AppError(413, 'upload_invalid');
  if (status >= 400 && status < 500) return new AppError(status, 'upload_invalid');
  return undefined;
}

/** Routes of resumable uploads; mounted by intakeRoutes. */
export function resumableUploadRoutes(ctx: AppContext): Router {
  const router = Router();
  const requests = new WeakMap<object, UploadRequest>();
  let tus: Promise<TusServer> | undefined;

  const decided = (req: object): UploadRequest => {
    const decision = requests.get(req);
    if (!decision) throw new Error('resumable upload request reached tus without being authorized');
    return decision;
  };

  async function createTus(): Promise<TusServer> {
    const { Server } = await import('@tus/server');
    return new Server({
      // Unused: every URL is made by generateUrl and read by getFileIdFromRequest below.
      path: '/api/cases',
      datastore: await ctx.resumable.dataStore(),
      maxSize: ctx.config.uploadMaxBytes,
      namingFunction: () => crypto.randomBytes(16).toString('hex'),
      generateUrl: (req, { id }) => locationOf(decided(req).caseId, id),
      getFileIdFromRequest: (req) => decided(req).uploadId,
      disableTerminationForFinishedUploads: true,
      onUploadCreate: async (req, upload) => {
        const d = decided(req);
        await insertResumableUpload(ctx.db, {
          id: upload.id,
          caseId: d.caseId,
          purpose: d.purpose,
          owner: d.owner,
          size: upload.size!,
          clientKey: d.clientKey,
          at: ctx.clock.now(),
        });
        d.upload = await findResumableUpload(ctx.db, upload.id);
        // Only the name is kept, in tus's record of the part, to name the file if it is refused.
        return { metadata: { filename: d.clientName } };
      },
      onUploadFinish: async (req, upload) => {
        const d = decided(req);
        const record = d.upload ?? (await findResumableUpload(ctx.db, upload.id));
        if (!record) throw new NotFound();
        try {
          const attachment = await finishResumableUpload(ctx, d.actor, record, upload.metadata?.filename ?? d.clientName);
          return jsonAnswer(200, answerOf(attachment));
        } catch (err) {
          // A refusal is the answer to the last chunk; anything else goes to onResponseError.
          if (err instanceof AppError && err.status < 500) return jsonAnswer(err.status, errorBodyOf(err, d.expressReq.t));
          throw err;
        }
      },
      onResponseError: (req, err) => {
        const d = requests.get(req);
        const known = fromTus(err);
        if (!known) {
          logger.error('resumable upload failed', { err, method: req.method, caseId: d?.caseId, uploadId: d?.uploadId });
        } else if (known.code === 'upload_invalid') {
          logger.info('resumable upload request refused by tus', { status: known.status, tus: 'body' in err ? err.body : err.message, caseId: d?.caseId });
        }
        const answer = known ?? new AppError(500, 'internal');
        if (d) d.jsonError = true;
        const t = d?.expressReq.t;
        return { status_code: answer.status, body: JSON.stringify(t ? errorBodyOf(answer, t) : { error: { code: answer.code, message: answer.code } }) };
      },
    });
  }

  const tusServer = (): Promise<TusServer> => {
    if (!tus) {
      tus = createTus();
      // A failed start (the database not answering for the folder) must not stick.
      tus.catch(() => {
        tus = undefined;
      });
    }
    return tus;
  };

  /** The file name tus keeps in its record of the part ('' when there is none). */
  async function recordedName(uploadId: string): Promise<string> {
    try {
      return (await (await tusServer()).datastore.getUpload(uploadId)).metadata?.filename ?? '';
    } catch {
      return '';
    }
  }

  /**
   * Hands the request to tus as a web Request (tus's own Node adapter ends responses with
   * `res.end(callback)`, which express-session's wrapper of `end` takes for a body) and writes its
   * answer through Express.
   */
  async function viaTus(req: Request, res: Response, decision: UploadRequest): Promise<void> {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const withBody = req.method === 'PATCH' || req.method === 'POST';
    const webRequest = new globalThis.Request(`http://${req.get('host') ?? 'localhost'}${req.originalUrl}`, {
      method: req.method,
      headers,
      body: withBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
      duplex: 'half',
    } as RequestInit);
    requests.set(webRequest, decision);
    const answer = await (await tusServer()).handleWeb(webRequest);
    res.status(answer.status);
    answer.headers.forEach((value, name) => res.setHeader(name, value));
    if (decision.jsonError) res.setHeader('Content-Type', 'application/json; charset=utf-8');
    if (!answer.body || req.method === 'HEAD') {
      res.end();
      return;
    }
    try {
      await pipeline(Readable.fromWeb(answer.body as WebReadableStream<Uint8Array>), res);
    } catch (err) {
      // The line dropped (what arrived is kept; the client asks for the offset when it is back).
      if (!res.destroyed && !req.destroyed) throw err;
    }
  }

  /** 412 unless the request speaks tus 1.0 (as tus would answer, but in our error shape). */
  function requireTus(req: Request): void {
    if (req.get('tus-resumable') !== TUS_VERSION) throw new AppError(412, 'upload_invalid');
  }

  /** The reader of the case and their upload named in the URL; 404 unless it is theirs and for this case. */
  async function ownUpload(req: Request): Promise<{ actor: CaseActor; upload: ResumableUploadRecord; owner: string }> {
    const caseId = String(req.params.id);
    const actor = await caseReaderOf(ctx, req, caseId);
    const uploadId = String(req.params.uploadId);
    const upload = UPLOAD_ID.test(uploadId) ? await findResumableUpload(ctx.db, uploadId) : undefined;
    const owner = ownerOf(req, actor);
    if (!upload || upload.caseId !== caseId || upload.owner !== owner) throw new NotFound();
    return { actor, upload, owner };
  }

  function decisionFor(req: Request, actor: CaseActor, upload: ResumableUploadRecord, owner: string): UploadRequest {
    return {
      expressReq: req,
      actor,
      caseId: upload.caseId,
      purpose: upload.purpose,
      owner,
      clientKey: upload.clientKey,
      upload,
      uploadId: upload.id,
      clientName: '',
    };
  }

  const answerOf = (attachment: AttachmentRecord): UploadAttachmentsResponse => ({ attachments: [presentAttachment(attachment)] });
  const locationOf = (caseId: string, uploadId: string) => `/api${COLLECTION.replace(':id', caseId)}/${uploadId}`;

  /** Answers a creation with an upload that exists already (tus-js-client then asks where it stands and continues). */
  function existing(res: Response, caseId: string, uploadId: string): void {
    res.set({ Location: locationOf(caseId, uploadId), 'Tus-Resumable': TUS_VERSION });
    res.status(201).end();
  }

  // Creation: the size is declared up front and checked with the case's limits before a byte is taken.
  router.post(COLLECTION, async (req, res) => {
    const caseId = String(req.params.id);
    const actor = await caseReaderOf(ctx, req, caseId);
    const { for: purpose, key } = parseInput(uploadPurposeQuery, req.query);
    requireTus(req);
    const clientName = clientNameOf(req);
    const owner = ownerOf(req, actor);
    const declared = req.get('upload-length');
    if (req.get('upload-defer-length') !== undefined || req.get('upload-concat') !== undefined || !declared || !/^\d{1,16}$/.test(declared)) {
      throw new AppError(400, 'upload_invalid');
    }
    const size = Number(declared);
    if (size === 0) throw new AppError(400, 'no_file');
    if (size > ctx.config.uploadMaxBytes) throw fileTooLarge(clientName, ctx.config.uploadMaxBytes);
    if (key) {
      // The send queue resends a file (its answer, or the phone's record of the upload, was lost): a
      // file already kept under its key is answered as a finished upload; one still on its way continues.
      const kept = await findAttachmentByClientKey(ctx.db, caseId, key);
      if (kept) {
        const id = crypto.randomBytes(16).toString('hex');
        await insertResumableUpload(ctx.db, {
          id,
          caseId,
          purpose: kept.purpose,
          owner,
          size: kept.size,
          clientKey: key,
          at: ctx.clock.now(),
          attachmentId: kept.id,
        });
        existing(res, caseId, id);
        return;
      }
      const open = await findOpenUploadByKey(ctx.db, caseId, key, owner);
      if (open && open.size === size) {
        existing(res, caseId, open.id);
        return;
      }
    }
    await assertMayAttach(ctx, actor, caseId);
    const maximum = ctx.config.uploadMaxFilesPerCase;
    if ((await countAttachments(ctx.db, caseId, purpose)) >= maximum) throw new AppError(409, 'too_many_files', { maximum, count: maximum });
    if ((await countOpenUploads(ctx.db, caseId)) >= maximum) throw new AppError(409, 'too_many_uploads', { maximum, count: maximum });
    await viaTus(req, res, { expressReq: req, actor, caseId, purpose, owner, clientKey: key ?? null, clientName });
  });

  // Where to continue from. A finished upload answers complete, so a client that lost the last answer
  // does not send the file again (it then reads the attachment with GET).
  router.head(ONE, async (req, res) => {
    const { actor, upload, owner } = await ownUpload(req);
    if (upload.attachmentId) {
      res.set({ 'Tus-Resumable': TUS_VERSION, 'Upload-Offset': String(upload.size), 'Upload-Length': String(upload.size), 'Cache-Control': 'no-store' });
      res.status(200).end();
      return;
    }
    await viaTus(req, res, decisionFor(req, actor, upload, owner));
  });

  router.patch(ONE, async (req, res) => {
    const { actor, upload, owner } = await ownUpload(req);
    requireTus(req);
    if (upload.attachmentId) {
      res.set('Upload-Offset', String(upload.size));
      throw new AppError(409, 'upload_offset_mismatch');
    }
    try {
      await assertMayAttach(ctx, actor, upload.caseId);
    } catch (err) {
      // The case closed while the file was on its way: it can never be attached.
      if (err instanceof AppError && err.status === 409) await forgetUpload(ctx, upload, err.code);
      throw err;
    }
    await viaTus(req, res, decisionFor(req, actor, upload, owner));
  });

  // Cancelling (tus termination): the part and its row go; a finished upload is an attachment already.
  router.delete(ONE, async (req, res) => {
    const { actor, upload, owner } = await ownUpload(req);
    requireTus(req);
    if (upload.attachmentId) throw new AppError(409, 'upload_finished');
    await deleteOpenUpload(ctx.db, upload.id);
    await viaTus(req, res, decisionFor(req, actor, upload, owner));
  });

  // The attachment an upload became (finishing it now if its last answer was lost before it could).
  router.get(ONE, async (req, res) => {
    const { actor, upload } = await ownUpload(req);
    try {
      res.json(answerOf(await finishResumableUpload(ctx, actor, upload, upload.attachmentId ? '' : await recordedName(upload.id))));
    } catch (err) {
      if (err instanceof AppError && err.code === 'upload_incomplete') res.set('Upload-Offset', String(err.params.offset));
      throw err;
    }
  });

  return router;
}
