/**
 * A case's dialogue: thread, read marks, meetings, agreements, commitments, satisfaction, reopening.
 * Thin: validate (shared schemas) → load → authorize (policies) → command → present. Every write
 * answers with the dialogue as the writer now sees it, so the page needs no second request.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import { pathId, pathSerial } from '../../http/pathId';
import type { MessageListDto } from '../../../shared/types/dialogue';
import {
  markReadSchema,
  messageListQuery,
  postMessageSchema,
  proposeAgreementSchema,
  reasonSchema,
  recordMinutesSchema,
  reopenSchema,
  reportCommitmentSchema,
  satisfactionSchema,
  scheduleMeetingSchema,
} from '../../../shared/validation/dialogue';
import type { AppContext } from '../../context';
import { NotFound } from '../../errors';
import { caseReaderOf, caseReaderResolver, sessionCaseReader } from '../../http/tracking';
import { parseInput } from '../../http/validate';
import { recentSessionRequest } from '../../http/recentSession';
import { answeredForRoute } from '../../observability/metrics';
import { actorUserId, type CaseActor } from '../../policies/casePolicy';
import { readerViewOf, type ReaderView } from '../../policies/messagePolicy';
import { presentDialogue, presentMessage } from '../../presenters/dialoguePresenter';
import { loadDialogueRows } from '../../repositories/dialogueLoader';
import { findCase, type CaseRow } from '../../repositories/cases';
import { lastVisibleEntryId, listVisibleEntries, markRead } from '../../repositories/messages';
import { postMessage, postMessageAtOnce } from '../../commands/messagePoster';
import { agreeMeetingMinutes, recordMeetingMinutes, scheduleMeeting } from '../../commands/meetingRecorder';
import { acceptAgreement, proposeAgreement, rejectAgreement } from '../../commands/agreementNegotiator';
import { advanceCommitment } from '../../commands/commitmentTracker';
import { recordSatisfaction, reopenCase } from '../../commands/outcomeRecorder';

const MESSAGES_ROUTE = '/cases/:id/messages';

function caseIdOf(req: Request): string {
  return pathId(req.params.id);
}

function sendPosted(ctx: AppContext, res: Response, { message, case: c, actor, created }: Awaited<ReturnType<typeof postMessage>>): void {
  const view = readerViewOf(actor, c)!;
  res.status(created ? 201 : 200).json(presentMessage(message, view, c.identityMode, ctx.cipher));
}

/**
 * POST /cases/:id/messages by a session this server read lately (PgSessionStore.recentSession), ahead of
 * the session's middleware: the session is not read again but checked by the message's own statement
 * (postMessageAtOnce: written only while the session row and its account are as read, and unexpired),
 * and what the middleware and the route would decide on it — the CSRF token, storable text, who posts, the
 * policies — is decided as they would, on the session as read. Anything but a message written that way
 * (nothing written, a refusal, an error) goes on to the usual path: the session's read, then the route
 * above. A middleware, not a second route: the route table keeps one line per route.
 */
export function recentSessionDialogueRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use(MESSAGES_ROUTE, async (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST' || req.path !== '/') return next();
    const asked = recentSessionRequest(ctx, req, res);
    if (!asked) return next();
    const { recent, user } = asked;
    let posted;
    try {
      const readerFor = sessionCaseReader(user, recent.trackedCaseIds);
      posted = await postMessageAtOnce(ctx, readerFor, caseIdOf(req), () => parseInput(postMessageSchema, req.body), recent);
    } catch {
      return next();
    }
    if (!posted) return next();
    res.set('Cache-Control', 'no-store');
    answeredForRoute(req, MESSAGES_ROUTE);
    sendPosted(ctx, res, posted);
  });
  return router;
}

/** Routes under /api/cases/:id for the dialogue. */
export function dialogueRoutes(ctx: AppContext): Router {
  const router = Router();

  /**
   * Who acts on the case in this request — the logged-in user, or the session following the case with
   * its receipt key (an anonymous complainant) — and the case id; 401 without either, 404 as for a missing case.
   */
  async function readerOf(req: Request): Promise<{ reader: CaseActor; caseId: string }> {
    const reader = await caseReaderOf(ctx, req, String(req.params.id));
    return { reader, caseId: caseIdOf(req) };
  }

  /** The case and the reader's view of it, or the same 404 for missing and forbidden. */
  async function visibleCase(actor: CaseActor, caseId: string): Promise<{ c: CaseRow; view: ReaderView }> {
    const c = await findCase(ctx.db, caseId);
    const view = c ? readerViewOf(actor, c) : null;
    if (!c || !view) throw new NotFound();
    return { c, view };
  }

  async function sendDialogue(res: Response, actor: CaseActor, caseId: string, status = 200): Promise<void> {
    const { c, view } = await visibleCase(actor, caseId);
    const rows = await loadDialogueRows(ctx.db, actor, view, c);
    res.status(status).json(presentDialogue(rows, ctx.cipher, actor, view, c, ctx.clock.now()));
  }

  router.get('/cases/:id/dialogue', async (req, res) => {
    const { reader, caseId } = await readerOf(req);
    await sendDialogue(res, reader, caseId);
  });

  router.get('/cases/:id/messages', async (req, res) => {
    const { reader, caseId } = await readerOf(req);
    const query = parseInput(messageListQuery, req.query);
    const { c, view } = await visibleCase(reader, caseId);
    const [rows, lastMessageId] = await Promise.all([
      listVisibleEntries(ctx.db, reader, c.id, query.after, query.limit),
      lastVisibleEntryId(ctx.db, reader, c.id),
    ]);
    const body: MessageListDto = { messages: rows.map((row) => presentMessage(row, view, c.identityMode, ctx.cipher)), lastMessageId };
    res.json(body);
  });

  router.post(MESSAGES_ROUTE, async (req, res) => {
    // Who posts is told from the case row the command locks (a live message waits for every read before
    // its push); the body is checked only once they may see the case, as readerOf then parseInput would.
    const readerFor = caseReaderResolver(req);
    const caseId = caseIdOf(req);
    sendPosted(ctx, res, await postMessage(ctx, readerFor, caseId, () => parseInput(postMessageSchema, req.body)));
  });

  router.post('/cases/:id/read', async (req, res) => {
    const { reader, caseId } = await readerOf(req);
    const input = parseInput(markReadSchema, req.body);
    const { c } = await visibleCase(reader, caseId);
    // Never past what the reader may see: a guessed high id must not hide messages still to come.
    const upTo = Math.min(input.upTo, await lastVisibleEntryId(ctx.db, reader, c.id));
    // Read marks belong to accounts; a receipt-key session has no queue to show unread counts in.
    const userId = actorUserId(reader);
    res.json({ lastReadMessageId: userId ? await markRead(ctx.db, userId, c.id, upTo, ctx.clock.now()) : 0 });
  });

  router.post('/cases/:id/meetings', async (req, res) => {
    const { reader, caseId } = await readerOf(req);
    const input = parseInput(scheduleMeetingSchema, req.body);
    await scheduleMeeting(ctx, reader, caseId, input);
    await sendDialogue(res, reader, caseId, 201);
  });

  router.put('/cases/:id/meetings/:meetingId/minutes', async (req, res) => {
    const { reader, caseId } = await readerOf(req);
    const meetingId = pathSerial(req.params.meetingId);
    const input = parseInput(recordMinutesSchema, req.body);
    await recordMeetingMinutes(ctx, reader, caseId, meetingId, input);
    await sendDialogue(res, reader, caseId);
  });

  router.post('/cases/:id/meetings/:meetingId/agree', async (req, res) => {
    const { reader, caseId } = await readerOf(req);
    await agreeMeetingMinutes(ctx, reader, caseId, pathSerial(req.params.meetingId));
    await sendDialogue(res, reader, caseId);
  });

  router.post('/cases/:id/agreements', async (req, res) => {
    const { reader, caseId } = await readerOf(req);
    const input = parseInput(proposeAgreementSchema, req.body);
    await proposeAgreement(ctx, reader, caseId, input);
    await sendDialogue(res, reader, caseId, 201);
  });

  router.post('/cases/:id/agreements/:agreementId/accept', async (req, res) => {
    const { reader, caseId } = await readerOf(req);
    await acceptAgreement(ctx, reader, caseId, pathSerial(req.params.agreementId));
    await sendDialogue(res, reader, caseId);
  });

  router.post('/cases/:id/agreements/:agreementId/reject', async (req, res) => {
    const { reader, caseId } = await readerOf(req);
    const agreementId = pathSerial(req.params.agreementId);
    const input = parseInput(reasonSchema, req.body);
    await rejectAgreement(ctx, reader, caseId, agreementId, input.reason);
    await sendDialogue(res, reader, caseId);
  });

  router.post('/cases/:id/commitments/:commitmentId/report', async (req, res) => {
    const { reader, caseId } = await readerOf(req);
    const commitmentId = pathSerial(req.params.commitmentId);
    const input = parseInput(reportCommitmentSchema, req.body);
    await advanceCommitment(ctx, reader, caseId, commitmentId, { action: 'report', evidence: input.evidence, attachmentIds: input.attachmentIds });
    await sendDialogue(res, reader, caseId);
  });

  router.post('/cases/:id/commitments/:commitmentId/confirm', async (req, res) => {
    const { reader, caseId } = await readerOf(req);
    await advanceCommitment(ctx, reader, caseId, pathSerial(req.params.commitmentId), { action: 'confirm' });
    await sendDialogue(res, reader, caseId);
  });

  router.post('/cases/:id/commitments/:commitmentId/dispute', async (req, res) => {
    const { reader, caseId } = await readerOf(req);
    const commitmentId = pathSerial(req.params.commitmentId);
    const input = parseInput(reasonSchema, req.body);
    await advanceCommitment(ctx, reader, caseId, commitmentId, { action: 'dispute', reason: input.reason });
    await sendDialogue(res, reader, caseId);
  });

  router.post('/cases/:id/commitments/:commitmentId/verify', async (req, res) => {
    const { reader, caseId } = await readerOf(req);
    await advanceCommitment(ctx, reader, caseId, pathSerial(req.params.commitmentId), { action: 'verify' });
    await sendDialogue(res, reader, caseId);
  });

  router.post('/cases/:id/satisfaction', async (req, res) => {
    const { reader, caseId } = await readerOf(req);
    const input = parseInput(satisfactionSchema, req.body);
    await recordSatisfaction(ctx, reader, caseId, input);
    await sendDialogue(res, reader, caseId, 201);
  });

  router.post('/cases/:id/reopen', async (req, res) => {
    const { reader, caseId } = await readerOf(req);
    const input = parseInput(reopenSchema, req.body);
    await reopenCase(ctx, reader, caseId, input);
    await sendDialogue(res, reader, caseId);
  });

  return router;
}
