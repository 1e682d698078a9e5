/**
 * Filing complaints, the data policy they consent to, following a case with its receipt key, and
 * attachments. The contract is in README.md beside this file. Thin: validate → authorize → command → present.
 */
import { Router } from 'express';
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
import { consumeRateLimit } from '../../http/rateLimit';
import { caseReaderOf, filedCaseFollower, rememberTrackedCase } from '../../http/tracking';
import { filingMechanism } from '../../http/mechanismResolver';
import { parseInput, refuseUnstorableText } from '../../http/validate';
import { canFileComplaint, caseReaderFor } from '../../policies/casePolicy';
import { localized } from '../../presenters/casePresenter';
import { currentDataPolicy } from '../../repositories/dataPolicies';
import { findAttachment, findAttachmentByClientKey } from '../../repositories/attachments';
import { findCase, findCaseKeyByReference } from '../../repositories/cases';
import { createCase } from '../../commands/caseCreator';
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

  router.post('/complaints', async (req, res) => {
    // Staff do not file complaints; like any forbidden thing, the route does not exist for them.
    if (!canFileComplaint(req.user)) throw new NotFound();
    // A phone's send queue names whose complaint it sends: one account's must never be filed as a visitor's
    // (its session expired) or as another account's (someone else logged in on the shared phone).
    const expected = req.get(EXPECTED_FILER_HEADER);
    if (expected !== undefined && expected !== (req.user?.id ?? VISITOR_FILER)) throw new Unauthenticated();
    const now = ctx.clock.now();
    // Every attempt counts, refused or not. A form's files are received only within the limit; a JSON
    // filing counts its hit in the filing's first read (one round trip less), or here if it stops before.
    const rateLimit = { key: `file:${req.ip}`, limit: { max: ctx.config.filingsPerHourPerIp, windowMs: HOUR_MS } };
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
