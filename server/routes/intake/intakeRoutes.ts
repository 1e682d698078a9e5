/**
 * Filing complaints, the data policy they consent to, following a case with its receipt key, and
 * attachments. The contract is in README.md beside this file. Thin: validate → authorize → command → present.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { SessionData } from 'express-session';
import type { AttachmentLimitsDto, DataPolicyDto, FileComplaintResponse, UploadAttachmentsResponse } from '../../../shared/types/intake';
import { fileComplaintSchema, trackSchema, type FileComplaintInput } from '../../../shared/validation/intake';
import { uploadPurposeQuery } from '../../../shared/validation/dialogue';
import { authorize } from '../../policies/authorize';
import { isPathId } from '../../http/pathId';
import { findEntryVisibility } from '../../repositories/messages';
import { bogotaDate } from '../../../shared/calendar';
import type { AppContext } from '../../context';
import { NotFound, Unauthenticated, ValidationFailed } from '../../errors';
import { discardAll, receiveFiles, receiveForm } from '../../http/multipart';
import { checkVoiceAccount, keepVoiceAccount } from '../../commands/voiceAccount';
import { consumeRateLimit, type Limit } from '../../http/rateLimit';
import { caseReaderOf, filedCaseFollower, rememberTrackedCase, trackedWith } from '../../http/tracking';
import { filingMechanism } from '../../http/mechanismResolver';
import { parseInput, refuseUnstorableText } from '../../http/validate';
import { isPlainJson } from '../../http/jsonBody';
import { canFileComplaint, caseReaderFor } from '../../policies/casePolicy';
import { localized } from '../../presenters/casePresenter';
import { currentDataPolicy } from '../../repositories/dataPolicies';
import { findAttachment, findAttachmentByClientKey } from '../../repositories/attachments';
import { findCase, findCaseKeyByReference } from '../../repositories/cases';
import { createCase, SessionChanged } from '../../commands/caseCreator';
import type { MechanismRecord } from '../../repositories/mechanisms';
import type { RecentSession, SessionWrite } from '../../auth/sessionStore';
import { recentSessionRequest } from '../../http/recentSession';
import { answeredForRoute } from '../../observability/metrics';
import { languageFromHeader, translatorFor } from '../../i18n';
import { EXPECTED_FILER_HEADER, VISITOR_FILER } from '../../../shared/types/intake';
import { readCase } from '../../commands/caseReader';
import { checkReceiptKey } from '../../commands/receiptKeyChecker';
import { assertMayAttach, attachFiles } from '../../commands/attachmentUploader';
import { resumableUploadRoutes } from './resumableUploadRoutes';
import { presentAttachment } from '../../presenters/attachmentPresenter';
import { ACCEPTED_TYPES } from '../../../shared/fileType';
import { trackedCaseIds } from '../../http/tracking';
import { logger } from '../../logger';

const HOUR_MS = 60 * 60 * 1000;

/** The JSON body a multipart filing carries in its `complaint` field; a missing or unreadable one is refused naming it. */
function jsonField(value: string | undefined): unknown {
  try {
    if (value !== undefined) return JSON.parse(value) as unknown;
  } catch {
    // Reported below like a missing field.
  }
  throw new ValidationFailed([{ field: 'complaint', messageKey: value === undefined ? 'validation.required' : 'validation.invalid_value' }]);
}

const COMPLAINTS_ROUTE = '/complaints';
/** The filing route's path on the app (the API router is mounted at /api). */
const FILINGS_PATH = `/api${COMPLAINTS_ROUTE}`;

/** The filing's rate limit: every attempt counts, refused or not (20 an hour from one address by default). */
function filingRateLimit(ctx: AppContext, req: Request): { key: string; limit: Limit } {
  return { key: `file:${req.ip}`, limit: { max: ctx.config.filingsPerHourPerIp, windowMs: HOUR_MS } };
}

/** The API's compression and JSON body parser, as the API router runs them for every other request. */
export interface ApiBodyHandling {
  json: RequestHandler;
  compress: RequestHandler;
  /** Below this many bytes `compress` sends an answer as it is (its `threshold`). */
  compressFrom: number;
}

/**
 * POST /complaints (JSON) by a session this server read lately (PgSessionStore.recentSession), ahead of the
 * session's middleware and passport, as a message is (dialogueRoutes): the session is not read but checked
 * by the filing's first statement, which reads and counts the filing only while the session is unexpired
 * and as read (a logged-in session by its digest with its account, a visitor's by its data). What the
 * middleware and the route would decide on it — CSRF, storable text, who files, the expected filer, the
 * body, the mechanism — is decided first, on the session as read, by the same functions; anything refused
 * there, and a session found changed (then nothing was counted or written), goes on to the usual path.
 * From that statement on, the request is the route's as if its session had been read at that moment: its
 * errors are answered as the route's, and a visitor's session follows the new case in the filing's own
 * statement (filedCaseFollower's row, made here from the data as read) or, on a retry, through the store's
 * write, as express-session would save it. A voice note or a form goes the usual way.
 *
 * A plain handler on the app, ahead of the API's router (no router is walked for it), and of compression: its
 * answer (~200 bytes of JSON) is below compression's threshold, so compression would only have added
 * `Vary: Accept-Encoding`, which it adds itself; a larger answer, an error and a request it leaves to the
 * usual path get compression's wrapper as before, before anything is written. The body is parsed by the
 * API's own parser (same limit, same errors), once: the usual path's parser then finds it read. An error
 * goes on to the app's error handler, where the API router's would have sent it.
 */
export function recentSessionFilings(ctx: AppContext, { json, compress, compressFrom }: ApiBodyHandling): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'POST' || req.path !== FILINGS_PATH) return next();
    json(req, res, (err?: unknown) => {
      // As the usual path answers a body it cannot read: through compression's wrapper.
      if (err) return compress(req, res, () => next(err));
      fileByRecentSession(ctx, req, res, compress, compressFrom).then((filed) => {
        if (!filed) next();
      }, next);
    });
  };
}

/** Files `req` by its recent session and answers it (true), or leaves it to the usual path (false, nothing counted or written). */
async function fileByRecentSession(ctx: AppContext, req: Request, res: Response, compress: RequestHandler, compressFrom: number): Promise<boolean> {
  // A plain JSON body (the common case, told by its header alone) is no form.
  if (!isPlainJson(req) && req.is('multipart/form-data')) return false;
  const asked = recentSessionRequest(ctx, req, res);
  // A visitor's session is written by its data; one whose cookie expires would also be sent again.
  const data = asked?.recent.json ? (asked.recent.data ?? (JSON.parse(asked.recent.json) as SessionData)) : undefined;
  if (!asked || (!asked.user && (!data || data.cookie?.expires != null))) return false;
  const { recent, user } = asked;
  const now = ctx.clock.now();
  let input: FileComplaintInput;
  let mechanism: MechanismRecord;
  try {
    const expected = req.get(EXPECTED_FILER_HEADER);
    if (!canFileComplaint(user) || (expected !== undefined && expected !== (user?.id ?? VISITOR_FILER))) return false;
    input = parseInput(fileComplaintSchema(bogotaDate(now)), req.body);
    if (!canFileComplaint(user, input) || input.voiceNote) return false;
    mechanism = await filingMechanism(ctx, req, user);
  } catch {
    return false;
  }
  const follower = data ? recentSessionFollower(ctx, req, recent, data) : undefined;
  const session = { sid: recent.sid, digest: recent.digest, json: recent.json };
  let answer: FileComplaintResponse;
  try {
    answer = await createCase(ctx, mechanism, user, input, { rateLimit: filingRateLimit(ctx, req), session, ...(follower ? { follower } : {}) });
    // A retry wrote no session: it follows its case as express-session would save it.
    if (data && !follower!.wrote) await follower!.keep(answer.caseId);
  } catch (err) {
    if (err instanceof SessionChanged) return false;
    answerAsRoute(req, res);
    erringAsRoute(req, user);
    // The route's error, answered by the error handler through compression's wrapper as on the usual path.
    await new Promise<void>((resolve) => compress(req, res, () => resolve()));
    throw err;
  }
  answerAsRoute(req, res);
  res.status(answer.alreadyFiled ? 200 : 201);
  const body = JSON.stringify(answer);
  // What compression does to an answer below its threshold: it varies by Accept-Encoding, and is sent as it is.
  if (Buffer.byteLength(body) < compressFrom) res.vary('Accept-Encoding');
  else await new Promise<void>((resolve) => compress(req, res, () => resolve()));
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.send(body);
  return true;
}

/** What the usual path would have set on the answer before the route (no-store), and the route it is counted as. */
function answerAsRoute(req: Request, res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  answeredForRoute(req, COMPLAINTS_ROUTE);
}

/**
 * What the usual path would have set on the request before the route (passport's user, resolveLanguage), for
 * the error handler to answer in the caller's language. Only for an error: a filed answer reads none of them,
 * and a new property of a request is not free here (the CPU profile put ~3 µs a filing on the one store of
 * `answeredAs`: requests reach this code in many shapes).
 */
function erringAsRoute(req: Request, user: Express.User | undefined): void {
  if (user) req.user = user;
  req.language = user?.language ?? languageFromHeader(req.get('accept-language'));
  req.t = translatorFor(req.language);
}

/**
 * filedCaseFollower for a visitor's session as read (`data`), without express-session: the row the filing's
 * statement writes, the store's recent entry moved on to it once written, and the write of a retry (which
 * writes no row: its case may already be followed).
 */
function recentSessionFollower(ctx: AppContext, req: Request, recent: RecentSession, data: Readonly<SessionData>) {
  // The data the last row was made from, handed on with it (not parsed back from the row's JSON).
  let made: SessionData | undefined;
  const rowFor = (caseId: string) => ctx.sessions.rowWith(recent.sid, (made = { ...data, trackedCaseIds: trackedWith(data.trackedCaseIds, caseId) }));
  const follower = {
    wrote: false,
    rowFor,
    written(row: SessionWrite, found: boolean) {
      follower.wrote = true;
      // Ended meanwhile: nothing writes it again, and its next request reads it.
      if (found) ctx.sessions.rememberFiled(req, recent, row, made);
      else ctx.sessions.forgetRecent(req);
    },
    async keep(caseId: string) {
      const tracked = trackedWith(data.trackedCaseIds, caseId);
      if (tracked.join() === (data.trackedCaseIds ?? []).join()) return;
      const row = rowFor(caseId);
      try {
        await ctx.sessions.writeRow(row);
        ctx.sessions.rememberFiled(req, recent, row, made);
      } catch (err) {
        // As express-session's save: the answer goes out all the same.
        ctx.sessions.forgetRecent(req);
        logger.error('session not saved', { err });
      }
    },
  };
  return follower;
}

/** Routes of intake, tracking and attachments. */
export function intakeRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/data-policy', async (req, res) => {
    const mechanism = await filingMechanism(ctx, req);
    const policy = await currentDataPolicy(ctx.db, mechanism.id, ctx.clock.now());
    if (!policy) throw new NotFound();
    const body: DataPolicyDto = {
      version: policy.version,
      text: localized(policy.text, req.language),
      summary: policy.summary ? localized(policy.summary, req.language) : null,
      publishedAt: policy.publishedAt.toISOString(),
    };
    res.json(body);
  });

  router.post(COMPLAINTS_ROUTE, async (req, res) => {
    // Staff do not file complaints; like any forbidden thing, the route does not exist for them.
    if (!canFileComplaint(req.user)) throw new NotFound();
    // A phone's send queue names whose complaint it sends: one account's must never be filed as a visitor's
    // (its session expired) or as another account's (someone else logged in on the shared phone).
    const expected = req.get(EXPECTED_FILER_HEADER);
    if (expected !== undefined && expected !== (req.user?.id ?? VISITOR_FILER)) throw new Unauthenticated();
    const now = ctx.clock.now();
    // Every attempt counts, refused or not. A form's files are received only within the limit; a JSON
    // filing counts its hit in the filing's first read (one round trip less), or here if it stops before.
    const rateLimit = filingRateLimit(ctx, req);
    const multipart = Boolean(req.is('multipart/form-data'));
    let counted = multipart;
    if (multipart) await consumeRateLimit(ctx.db, rateLimit.key, rateLimit.limit, now);
    // A complaint told in a voice note comes as a form: the JSON body in `complaint`, the audio in `voiceNote`.
    const form = multipart
      ? await receiveForm(req, ctx.storage, { maxFileBytes: ctx.config.uploadMaxBytes, maxFiles: 1, fieldName: 'voiceNote', allowNoFile: true })
      : { fields: {}, files: [] };
    let answer: FileComplaintResponse;
    let input: FileComplaintInput;
    try {
      // A JSON body was checked with the request (rejectUnstorableText); a form's field is read here.
      const body = multipart ? jsonField(form.fields.complaint) : req.body;
      if (multipart) refuseUnstorableText(body);
      input = parseInput(fileComplaintSchema(bogotaDate(now)), body);
      // An officer files only a verbal petition received in field mode.
      if (!canFileComplaint(req.user, input)) throw new NotFound();
      await checkVoiceAccount(ctx, input, form.files);
      const mechanism = await filingMechanism(ctx, req);
      counted = true;
      const follower = filedCaseFollower(ctx, req);
      answer = await createCase(ctx, mechanism, req.user, input, { ...(multipart ? {} : { rateLimit }), ...(follower ? { follower } : {}) });
    } catch (err) {
      await discardAll(form.files);
      // Over the limit is the answer even to a bad request, as when the hit was counted first.
      if (!counted) await consumeRateLimit(ctx.db, rateLimit.key, rateLimit.limit, now);
      throw err;
    }
    // Visitors without an account follow (and attach files to) what they filed through their session (its
    // row already written by the filing's statement: filedCaseFollower).
    if (!req.user) rememberTrackedCase(req, answer.caseId);
    // Only a voice note needs its reader (a read of the case); a written filing is answered at once.
    if (form.files.length > 0) await keepVoiceAccount(ctx, await caseReaderOf(ctx, req, answer.caseId), answer.caseId, input, form.files);
    res.status(answer.alreadyFiled ? 200 : 201).json(answer);
  });

  router.post('/track', async (req, res) => {
    const body = parseInput(trackSchema, req.body);
    // A wrong key and an unknown reference answer the same 404.
    const caseId = await checkReceiptKey(ctx, req.ip ?? '', body);
    if (!caseId) throw new NotFound();
    rememberTrackedCase(req, caseId);
    res.json(await readCase(ctx, { role: 'tracker', trackedCaseIds: trackedCaseIds(req) }, caseId, req.language, req.t));
  });

  router.get('/track/:reference', async (req, res) => {
    const found = await findCaseKeyByReference(ctx.db, req.params.reference.toUpperCase());
    const row = found && (await findCase(ctx.db, found.id));
    const tracker = { role: 'tracker' as const, trackedCaseIds: trackedCaseIds(req) };
    if (!row || !caseReaderFor(undefined, tracker.trackedCaseIds, row)) throw new NotFound();
    res.json(await readCase(ctx, tracker, row.id, req.language, req.t));
  });

  router.get('/attachments/limits', (_req, res) => {
    const body: AttachmentLimitsDto = {
      maxFileBytes: ctx.config.uploadMaxBytes,
      maxFilesPerCase: ctx.config.uploadMaxFilesPerCase,
      accepted: [...ACCEPTED_TYPES],
    };
    res.json(body);
  });

  router.post('/cases/:id/attachments', async (req, res) => {
    const reader = await caseReaderOf(ctx, req, req.params.id);
    const { for: purpose, key } = parseInput(uploadPurposeQuery, req.query);
    // A phone resending a file whose answer it lost: the file is already kept, answer with it unread.
    const kept = key ? await findAttachmentByClientKey(ctx.db, req.params.id, key) : undefined;
    if (kept) {
      req.resume();
      const body: UploadAttachmentsResponse = { attachments: [presentAttachment(kept)] };
      res.status(200).json(body);
      return;
    }
    await assertMayAttach(ctx, reader, req.params.id);
    const files = await receiveFiles(req, ctx.storage, {
      maxFileBytes: ctx.config.uploadMaxBytes,
      maxFiles: ctx.config.uploadMaxFilesPerCase,
      fieldName: 'file',
    });
    const rows = await attachFiles(ctx, reader, req.params.id, files, purpose, key ?? null);
    const body: UploadAttachmentsResponse = { attachments: rows.map(presentAttachment) };
    res.status(201).json(body);
  });

  router.use(resumableUploadRoutes(ctx));

  router.get('/attachments/:id', async (req, res) => {
    const attachment = isPathId(req.params.id) ? await findAttachment(ctx.db, req.params.id) : undefined;
    // Same answers as the case itself: 401 without any session rights, 404 for missing and forbidden.
    const reader = await caseReaderOf(ctx, req, attachment?.caseId ?? '00000000-0000-0000-0000-000000000000');
    if (!attachment) throw new NotFound();
    // A file sent in the thread is as private as its message; one not sent yet is nobody's to open.
    const c = await findCase(ctx.db, attachment.caseId);
    if (!c) throw new NotFound();
    const entry = attachment.messageId ? await findEntryVisibility(ctx.db, attachment.messageId) : undefined;
    authorize(reader, 'file.read', { case: c, file: attachment, entry });
    res.set({
      'Content-Type': attachment.mime,
      'Content-Length': String(attachment.size),
      'Content-Disposition': `attachment; filename="${attachment.id}"`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    });
    const stream = ctx.storage.read(attachment.storageKey);
    stream.on('error', (err) => {
      logger.error('attachment unreadable', { err, attachmentId: attachment.id, caseId: attachment.caseId });
      res.destroy(err);
    });
    stream.pipe(res);
  });

  return router;
}
