/**
 * The ombudsman's oversight: dashboard figures, the cases behind each figure, company scorecards, a
 * case's audit trail and the CSV export. Every route answers 404 to anyone but the ombudsman (logged
 * in or not), so that their existence leaks nothing. All parse the same filters
 * (shared/validation/oversight.ts), `mechanism` included: an officer granted other mechanisms runs the
 * oversight of each by its slug, and any mechanism they may not oversee is not found.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { CaseAuditDto, OverseenMechanismsDto, OversightCaseListDto } from '../../../shared/types/oversight';
import { IDENTITY_MODES, oversightCasesQuery, oversightExportQuery, oversightFilters } from '../../../shared/validation/oversight';
import { CASE_STATUSES } from '../../../shared/caseLifecycle';
import { bogotaDate } from '../../../shared/calendar';
import type { AppContext } from '../../context';
import { NotFound } from '../../errors';
import { currentUser } from '../../http/requestContext';
import { parseInput } from '../../http/validate';
import { csvLine, csvStart } from '../../http/csv';
import { canOverseeMechanism, canViewCase, ombudsmanMechanisms } from '../../policies/casePolicy';
import { presentCaseSummary } from '../../presenters/casePresenter';
import { deadlineClock } from '../../presenters/deadlinePresenter';
import { mechanismCalendar } from '../../repositories/deadlines';
import { findMechanism, findMechanismBySlug, findMechanisms, type MechanismRecord } from '../../repositories/mechanisms';
import type { UserRecord } from '../../repositories/users';
import { presentAuditEvent, presentIdentityView } from '../../presenters/oversightPresenter';
import { caseBatches, findCase } from '../../repositories/cases';
import { oversightCasePage } from '../../repositories/oversightList';
import { readFigures } from '../../repositories/oversightTallies';
import { decodeListCursor, encodeListCursor } from './oversightCursor';
import { caseEventsWithActors, oversightCondition } from '../../repositories/oversight';
import { listIdentityViews, recordIdentityViews } from '../../repositories/identityViews';
import { openReclamosAbout } from '../../habeas/habeasRequestStore';
import { presentVerification, verifyAudit } from '../../audit/auditVerifier';
import { companyScorecards, oversightSummary } from '../../oversight/figures';
import { languageNamer } from '../../languages/mechanismLanguages';

/** A case id in the path; anything else is simply not found. */
const caseIdParam = z.uuid();

/** Cases read per query while an export streams. */
const EXPORT_BATCH = 2_000;

/**
 * Backpressure for a streamed response: the function returned resolves once the response can take more
 * bytes, or once its connection is gone. One 'drain' and one 'close' listener per response however long
 * it streams: compression passes `on('drain')` on to its stream but not `off`, so a listener added per
 * wait piled up there (Node warned past 10).
 */
function whenWritable(res: Response): () => Promise<void> {
  let wake: (() => void) | undefined;
  const done = () => {
    const waiting = wake;
    wake = undefined;
    waiting?.();
  };
  res.on('drain', done);
  res.on('close', done);
  return () => (res.destroyed ? Promise.resolve() : new Promise<void>((resolve) => (wake = resolve)));
}

/** Oversight routes answer 404 to everyone but the ombudsman, anonymous visitors included. */
export function requireOmbudsman(req: Request, _res: Response, next: NextFunction): void {
  if (req.user?.role !== 'ombudsman') throw new NotFound();
  next();
}

/** Routes under /api/oversight. */
export function oversightRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use('/oversight', requireOmbudsman);
  // Countdowns count with the calendar of the case's own mechanism, not the officer's.
  const clockOf = async (mechanismId: string) => deadlineClock(ctx.clock.now(), await mechanismCalendar(ctx.db, mechanismId));

  /** The mechanism a request's `mechanism` slug names (the officer's own without one), if they oversee it. */
  const overseen = async (user: UserRecord, slug: string | undefined): Promise<MechanismRecord> => {
    const mechanism = slug ? await findMechanismBySlug(ctx.db, slug) : await findMechanism(ctx.db, user.mechanismId);
    // Unknown and not granted look the same: neither tells whether such a mechanism exists.
    if (!mechanism || !canOverseeMechanism(user, mechanism.id)) throw new NotFound();
    return mechanism;
  };

  router.get('/oversight/mechanisms', async (req, res) => {
    const user = currentUser(req);
    // ombudsmanMechanisms puts the officer's own first.
    const mechanisms = await findMechanisms(ctx.db, ombudsmanMechanisms(user));
    const body: OverseenMechanismsDto = { mechanisms: mechanisms.map((m) => ({ slug: m.slug, name: m.name, own: m.id === user.mechanismId })) };
    res.json(body);
  });

  router.get('/oversight/summary', async (req, res) => {
    const user = currentUser(req);
    const { mechanism: slug, ...filters } = parseInput(oversightFilters, req.query);
    const mechanism = await overseen(user, slug);
    res.json(await oversightSummary(ctx.db, mechanism, filters, ctx.clock.now()));
  });

  router.get('/oversight/scorecards', async (req, res) => {
    const user = currentUser(req);
    const { mechanism: slug, ...filters } = parseInput(oversightFilters, req.query);
    const mechanism = await overseen(user, slug);
    res.json(await companyScorecards(ctx.db, mechanism.id, filters, ctx.clock.now()));
  });

  router.get('/oversight/cases', async (req, res) => {
    const user = currentUser(req);
    const { limit, after, mechanism: slug, ...filters } = parseInput(oversightCasesQuery, req.query);
    const position = after === undefined ? null : decodeListCursor(after);
    const mechanism = await overseen(user, slug);
    const now = ctx.clock.now();
    const { rows, total, next } = await readFigures(ctx.db, (db) => oversightCasePage(db, mechanism.id, filters, now, { limit, after: position }));
    const clock = await clockOf(mechanism.id);
    const cases = rows.map((row) => presentCaseSummary(row, user, ctx.cipher, req.language, clock));
    const body: OversightCaseListDto = { cases, total, nextCursor: next ? encodeListCursor(next) : null };
    res.json(body);
  });

  router.get('/oversight/cases/:id/audit', async (req, res) => {
    const user = currentUser(req);
    const id = caseIdParam.safeParse(req.params.id);
    if (!id.success) throw new NotFound();
    const row = await findCase(ctx.db, id.data);
    if (!row || !canViewCase(user, row)) throw new NotFound();
    const summary = presentCaseSummary(row, user, ctx.cipher, req.language, await clockOf(row.mechanismId));
    const [events, views, reclamos] = await Promise.all([
      caseEventsWithActors(ctx.db, ctx.cipher, row.id),
      listIdentityViews(ctx.db, ctx.cipher, row.id),
      openReclamosAbout(ctx.db, row),
    ]);
    const body: CaseAuditDto = {
      case: summary,
      reclamosInProcess: reclamos,
      events: events.map(presentAuditEvent),
      identityViews: views.map(presentIdentityView),
      verification: presentVerification(await verifyAudit(ctx.db, { caseId: row.id })),
    };
    res.json(body);
  });

  router.get('/oversight/export.csv', async (req, res) => {
    const user = currentUser(req);
    const { includeIdentities, mechanism: slug, ...filters } = parseInput(oversightExportQuery, req.query);
    const mechanism = await overseen(user, slug);
    const now = ctx.clock.now();
    const scope = oversightCondition(mechanism.id, filters, now);
    const [clock, languageName] = await Promise.all([clockOf(mechanism.id), languageNamer(ctx.db, mechanism.id, req.t)]);
    const t = req.t;
    const header = [
      t('oversight:csv.reference'),
      t('oversight:csv.status'),
      t('oversight:csv.company'),
      t('oversight:csv.categories'),
      t('oversight:csv.municipality'),
      t('oversight:csv.identityMode'),
      t('oversight:csv.redFlag'),
      t('oversight:csv.escalationLevel'),
      t('oversight:csv.filedOn'),
      t('oversight:csv.updatedOn'),
      // The language a complaint was filed in, when not Spanish: the Defensoría arranges an interpreter (Decreto 1166 de 2016).
      t('languages:interpreter.csvColumn'),
      ...(includeIdentities ? [t('oversight:csv.complainant')] : []),
    ];
    // Streamed a batch at a time (caseBatches): the first bytes leave at once and memory stays flat
    // however many cases the selection holds. An error after the first bytes can only cut the file
    // short; the error handler then ends the connection, so a download never looks complete.
    const batches = caseBatches(ctx.db, scope, EXPORT_BATCH);
    res.set('Content-Type', 'text/csv; charset=utf-8');
    // The slug names whose cases these are: an officer overseeing several mechanisms exports each.
    res.set('Content-Disposition', `attachment; filename="puente-casos-${mechanism.slug}-${bogotaDate(now)}.csv"`);
    const writable = whenWritable(res);
    // Words every line repeats, translated once rather than per case.
    const statusName = new Map(CASE_STATUSES.map((status) => [status, t(`domain:status.${status}`)]));
    const modeName = new Map(IDENTITY_MODES.map((mode) => [mode, t(`domain:identityMode.${mode}`)]));
    const [yes, no, unrouted] = [t('oversight:csv.yes'), t('oversight:csv.no'), t('oversight:unrouted')];
    res.write(csvStart(header));
    // Compression would hold the header until it has a block's worth: send it now.
    (res as Response & { flush?: () => void }).flush?.();
    for await (const rows of batches) {
      const cases = rows.map((row) => presentCaseSummary(row, user, ctx.cipher, req.language, clock, includeIdentities));
      if (includeIdentities) {
        // A bulk extraction of identities is logged for every identity it carries, named ones included,
        // before those identities are sent.
        await recordIdentityViews(ctx.db, user.id, cases.filter((c) => c.complainantName !== null).map((c) => c.id), 'export', now);
      }
      const text = cases
        .map((c) =>
          csvLine([
            c.reference,
            statusName.get(c.status),
            c.company?.name ?? unrouted,
            c.categories.map((k) => k.name).join(', '),
            c.municipality,
            modeName.get(c.identityMode),
            c.redFlag ? yes : no,
            c.escalationLevel,
            bogotaDate(new Date(c.createdAt)),
            bogotaDate(new Date(c.updatedAt)),
            c.interpreterLanguage ? languageName(c.interpreterLanguage) : '',
            ...(includeIdentities ? [c.complainantName ?? ''] : []),
          ]),
        )
        .join('');
      // Wait for a slow line to take what was written before reading the next batch.
      if (!res.write(text)) await writable();
      // A download given up: leaving the loop ends the batches.
      if (res.destroyed) return;
    }
    res.end();
  });

  return router;
}
