/**
 * The ombudsman's oversight: dashboard figures, the cases behind each figure, company scorecards, a
 * case's audit trail and the CSV export. Every route answers 404 to anyone but the ombudsman (logged
 * in or not), so that their existence leaks nothing. All parse the same filters
 * (shared/validation/oversight.ts), `mechanism` included: an officer granted other mechanisms runs the
 * oversight of each by its slug, and any mechanism they may not oversee is not found.
 */
import { Router, type Response } from 'express';
import type { CaseAuditDto, OverseenMechanismsDto, OversightCaseListDto } from '../../../shared/types/oversight';
import { IDENTITY_MODES, oversightCasesQuery, oversightExportQuery, oversightFilters } from '../../../shared/validation/oversight';
import { CASE_STATUSES } from '../../../shared/caseLifecycle';
import { bogotaDate } from '../../../shared/calendar';
import type { AppContext } from '../../context';
import { NotFound } from '../../errors';
import { currentUser } from '../../http/requestContext';
import { requireOmbudsman } from '../../http/areaGates';
import { pathId } from '../../http/pathId';
import { authorize } from '../../policies/authorize';
import { parseInput } from '../../http/validate';
import { csvCell, csvEscapedLine, csvStart } from '../../http/csv';
import { ombudsmanMechanisms } from '../../policies/casePolicy';
import { complainantNameFor, localized, presentCaseSummary } from '../../presenters/casePresenter';
import { deadlineClock } from '../../presenters/deadlinePresenter';
import { mechanismCalendar } from '../../repositories/deadlines';
import { findMechanisms, type MechanismRecord } from '../../repositories/mechanisms';
import { resolveMechanism } from '../../http/mechanismResolver';
import type { UserRecord } from '../../repositories/users';
import { presentAuditEvent, presentIdentityView } from '../../presenters/oversightPresenter';
import { findCase } from '../../repositories/cases';
import { streamCasesForExport } from '../../repositories/caseExport';
import { oversightCasePage } from '../../repositories/oversightList';
import { readFigures } from '../../repositories/oversightTallies';
import { decodeListCursor, encodeListCursor } from './oversightCursor';
import { caseEventsWithActors, categoriesOf, companiesOf, municipalitiesOf, oversightCondition } from '../../repositories/oversight';
import { listIdentityViews, recordIdentityViews } from '../../repositories/identityViews';
import { openReclamosAbout } from '../../repositories/habeasRequests';
import { presentVerification, verifyAudit } from '../../audit/auditVerifier';
import { companyScorecards, oversightSummary } from '../../oversight/figures';
import { languageNamer } from '../../languages/mechanismLanguages';

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

/** Routes under /api/oversight. */
export function oversightRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use('/oversight', requireOmbudsman);
  // Countdowns count with the calendar of the case's own mechanism, not the officer's.
  const clockOf = async (mechanismId: string) => deadlineClock(ctx.clock.now(), await mechanismCalendar(ctx.db, mechanismId));

  /** The mechanism a request's `mechanism` slug names (the officer's own without one), if they oversee it. */
  const overseen = async (user: UserRecord, slug: string | undefined): Promise<MechanismRecord> => {
    // Unknown and not granted look the same: neither tells whether such a mechanism exists.
    const mechanism = await resolveMechanism(ctx.db, { named: slug, own: user.mechanismId });
    authorize(user, 'mechanism.oversee', { mechanismId: mechanism.id });
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
    const row = await findCase(ctx.db, pathId(req.params.id));
    if (!row) throw new NotFound();
    authorize(user, 'case.read', row);
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
    // Streamed as the database hands the rows over (streamCasesForExport): the header leaves at once
    // and memory stays flat however many cases the selection holds. An error after the first bytes can
    // only cut the file short; the error handler then ends the connection, so a download never looks
    // complete.
    res.set('Content-Type', 'text/csv; charset=utf-8');
    // The slug names whose cases these are: an officer overseeing several mechanisms exports each.
    res.set('Content-Disposition', `attachment; filename="puente-casos-${mechanism.slug}-${bogotaDate(now)}.csv"`);
    const writable = whenWritable(res);
    res.write(csvStart(header));
    // Compression would hold the header until it has a block's worth: send it now.
    (res as Response & { flush?: () => void }).flush?.();
    // The reference lists are small: read once, so each line is formatted without a join or a lookup.
    const [languageName, companies, municipalities, categories] = await Promise.all([
      languageNamer(ctx.db, mechanism.id, req.t),
      companiesOf(ctx.db, mechanism.id),
      municipalitiesOf(ctx.db, mechanism.id),
      categoriesOf(ctx.db, mechanism.id),
    ]);
    // Every cell a line repeats, translated or looked up and escaped once rather than per case.
    const statusCell = new Map(CASE_STATUSES.map((status) => [status, csvCell(t(`domain:status.${status}`))]));
    const modeCell = new Map(IDENTITY_MODES.map((mode) => [mode, csvCell(t(`domain:identityMode.${mode}`))]));
    const [yes, no, unrouted] = [csvCell(t('oversight:csv.yes')), csvCell(t('oversight:csv.no')), csvCell(t('oversight:unrouted'))];
    const companyCell = new Map(companies.map((c) => [c.id, csvCell(c.name)]));
    const municipalityCell = new Map(municipalities.map((m) => [m.id, csvCell(m.name)]));
    const languageCell = new Map<string, string>();
    const languageOf = (code: string): string => {
      let cell = languageCell.get(code);
      if (cell === undefined) languageCell.set(code, (cell = csvCell(languageName(code))));
      return cell;
    };
    // Categories in the mechanism's order (categoriesOf reads them by position), named in the reader's language,
    // once per distinct set of ids (a handful per mechanism; past 10,000 sets the rest are named per line).
    const category = new Map(categories.map((c, position) => [c.id, { position, name: localized(c.name, req.language) }]));
    const categoriesCell = new Map<string, string>();
    const categoriesOfCase = (ids: string): string => {
      const known = categoriesCell.get(ids);
      if (known !== undefined) return known;
      const cell = csvCell(
        (ids === '{}' ? [] : ids.slice(1, -1).split(','))
          .map((id) => category.get(id))
          .filter((c) => c !== undefined)
          .sort((a, b) => a.position - b.position)
          .map((c) => c.name)
          .join(', '),
      );
      if (categoriesCell.size < 10_000) categoriesCell.set(ids, cell);
      return cell;
    };
    await streamCasesForExport(ctx.db, scope, includeIdentities, async (rows) => {
      const names = rows.map((row) => (includeIdentities ? complainantNameFor(row, user, ctx.cipher, true) : null));
      if (includeIdentities) {
        // A bulk extraction of identities is logged for every identity it carries, named ones included,
        // before those identities are sent.
        await recordIdentityViews(
          ctx.db,
          user.id,
          rows.filter((_, i) => names[i] !== null).map((r) => r.id),
          'export',
          now,
        );
      }
      let text = '';
      rows.forEach((c, i) => {
        const cells = [
          csvCell(c.reference),
          statusCell.get(c.status) ?? '',
          c.companyId ? (companyCell.get(c.companyId) ?? '') : unrouted,
          categoriesOfCase(c.categoryIds),
          municipalityCell.get(c.municipalityId) ?? '',
          modeCell.get(c.identityMode) ?? '',
          c.redFlagRaised ? yes : no,
          String(c.escalationLevel),
          csvCell(c.filedOn),
          csvCell(c.updatedOn),
          c.filingLanguage ? languageOf(c.filingLanguage) : '',
        ];
        if (includeIdentities) cells.push(csvCell(names[i]));
        text += csvEscapedLine(cells);
      });
      // Wait for a slow line to take what was written before reading more; a download given up stops.
      if (!res.write(text)) await writable();
      return !res.destroyed;
    });
    if (res.destroyed) return;
    res.end();
  });

  return router;
}
