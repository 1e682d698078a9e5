/**
 * The public transparency figures (no login): the same counts as the ombudsman's dashboard, aggregated
 * and suppressed so nobody can be singled out (server/oversight/statistics.ts), as JSON and as CSV.
 */
import { Router, type Request, type Response } from 'express';
import { transparencyQuery } from '../../../shared/validation/oversight';
import type { TransparencyDto, TransparencyRow } from '../../../shared/types/oversight';
import { bogotaDate } from '../../../shared/calendar';
import type { AppContext } from '../../context';
import { NotFound } from '../../errors';
import { parseInput } from '../../http/validate';
import { toCsv } from '../../http/csv';
import { translatorFor } from '../../i18n';
import { transparencyFigures } from '../../oversight/figures';
import { soleMechanism } from '../../repositories/oversight';
import { resolveMechanism } from '../../http/mechanismResolver';
import { listDigests } from '../../audit/auditDigest';
import type { AuditDigestListDto } from '../../../shared/types/audit';

/** Digests listed on the transparency page: a month of them. */
const PUBLISHED_DIGESTS = 31;

/**
 * The public figures may be kept a minute by browsers and proxies (docs/oversight.md): they are
 * anonymised, change a few times an hour at national volume, and a link shared in the news must not
 * send every reader's request to the database. The language can come from the header or the cookie.
 */
function publicCache(res: Response): void {
  res.set('Cache-Control', `public, max-age=${TRANSPARENCY_MAX_AGE_SECONDS}`);
  res.vary('Accept-Language');
  res.vary('Cookie');
}

/** How long the public figures may be served from a cache. */
export const TRANSPARENCY_MAX_AGE_SECONDS = 60;

/** Routes under /api/transparency. */
export function transparencyRoutes(ctx: AppContext): Router {
  const router = Router();

  async function figures(req: Request): Promise<TransparencyDto> {
    const query = parseInput(transparencyQuery, req.query);
    // Public figures never pick one of several mechanisms silently: without a name, only a sole one.
    const mechanism = query.mechanism ? await resolveMechanism(ctx.db, { named: query.mechanism }) : await soleMechanism(ctx.db);
    if (!mechanism) throw new NotFound();
    return transparencyFigures(ctx.db, mechanism, { from: query.from, to: query.to }, query.lang ?? req.language, ctx.clock.now());
  }

  // The record's daily digests, for anyone to keep: a later rewrite of the history no longer matches them.
  router.get('/transparency/audit-digests', async (_req, res) => {
    const body: AuditDigestListDto = { digests: await listDigests(ctx.db, PUBLISHED_DIGESTS) };
    res.json(body);
  });

  router.get('/transparency', async (req, res) => {
    const data = await figures(req);
    publicCache(res);
    res.json(data);
  });

  router.get('/transparency.csv', async (req, res) => {
    const data = await figures(req);
    const t = translatorFor(parseInput(transparencyQuery, req.query).lang ?? req.language);
    const line = (table: string, row: TransparencyRow) => [
      table,
      row.label,
      row.filed,
      row.resolved,
      row.closedUnresolved,
      row.medianDaysToAcknowledge,
      row.medianDaysToResolve,
    ];
    const rows = [
      line(t('transparency:table.total'), data.total),
      ...data.byCompany.map((r) => line(t('transparency:table.company'), r)),
      ...data.byCategory.map((r) => line(t('transparency:table.category'), r)),
      ...data.byMunicipality.map((r) => line(t('transparency:table.municipality'), r)),
      ...data.byQuarter.map((r) => line(t('transparency:table.quarter'), r)),
    ];
    const header = [
      t('transparency:csv.table'),
      t('transparency:csv.group'),
      t('transparency:column.filed'),
      t('transparency:column.resolved'),
      t('transparency:column.closedUnresolved'),
      t('transparency:column.medianAcknowledge'),
      t('transparency:column.medianResolve'),
    ];
    publicCache(res);
    res.set('Content-Type', 'text/csv; charset=utf-8');
    res.set('Content-Disposition', `attachment; filename="puente-transparencia-${data.mechanism.slug}-${bogotaDate(ctx.clock.now())}.csv"`);
    res.send(toCsv(header, rows));
  });

  return router;
}
