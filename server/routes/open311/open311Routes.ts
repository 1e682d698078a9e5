/**
 * The public open-data feed in Open311 GeoReport v2 (no login, read-only), mounted at /open311/v2:
 * `services.{json,xml}` (the mechanism's categories), `requests.{json,xml}` (its cases, de-identified,
 * filtered and paged) and `requests/{id}.{json,xml}`. A GeoReport jurisdiction is a mechanism, named
 * by its slug in `jurisdiction_id` (needed only where several run). Errors answer GeoReport's
 * `[{code, description}]`, in the reader's language. docs/open-data.md says what is published and why.
 */
import compression from 'compression';
import { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import { bogotaDate, startOfBogotaDay } from '../../../shared/calendar';
import type { CaseStatus } from '../../../shared/caseLifecycle';
import { FINAL_STATUSES, OPEN_STATUSES } from '../../../shared/caseLifecycle';
import {
  OPEN311_FORMATS,
  OPEN_DATA_ID,
  fromInstant,
  open311JurisdictionQuery,
  open311RequestsQuery,
  toInstant,
  type Open311Format,
  type Open311RequestsQuery,
} from '../../../shared/validation/open311';
import type { AppContext } from '../../context';
import { AppError, NotFound, ValidationFailed } from '../../errors';
import { errorBodyOf } from '../../http/errorHandler';
import { resolveLanguage } from '../../http/requestContext';
import { parseInput, rejectUnstorableText } from '../../http/validate';
import { presentRequest, presentService, toGeoReportXml } from '../../presenters/open311Presenter';
import {
  feedCases,
  feedCategories,
  feedMechanismBySlug,
  firstMechanisms,
  veredaCellCounts,
  type FeedFilter,
  type FeedMechanism,
} from '../../repositories/openData';

/** Where the feed is mounted (server/app.ts); GeoReport clients are given this as the endpoint. */
export const OPEN311_PREFIX = '/open311/v2';

const DAY_MS = 24 * 60 * 60 * 1000;
/** GeoReport v2: without dates, a request list covers the last 90 days. */
const DEFAULT_WINDOW_DAYS = 90;

function formatOf(req: Request): Open311Format {
  const format = String(req.params.format);
  if (!(OPEN311_FORMATS as readonly string[]).includes(format)) throw new AppError(404, 'route_not_found');
  return format as Open311Format;
}

function send(res: Response, format: Open311Format, root: 'services' | 'service_requests', records: readonly object[]): void {
  if (format === 'xml') res.type('application/xml; charset=utf-8').send(toGeoReportXml(root, records));
  else res.json(records);
}

/** The Bogotá filing days a request list covers: those whose published day (00:00 Bogotá) lies in the asked range. */
export function filedDays(query: Pick<Open311RequestsQuery, 'start_date' | 'end_date'>, now: Date): { filedFrom: string; filedTo?: string } {
  const end = query.end_date ? toInstant(query.end_date) : undefined;
  const start = query.start_date ? fromInstant(query.start_date) : new Date((end ?? now).getTime() - DEFAULT_WINDOW_DAYS * DAY_MS);
  // The first day that starts at or after `start`, the last that starts at or before `end`: filtering on
  // the published day alone, so no pair of dates can tell the hour a case was filed.
  let filedFrom = bogotaDate(start);
  if (startOfBogotaDay(filedFrom) < start) filedFrom = bogotaDate(new Date(startOfBogotaDay(filedFrom).getTime() + DAY_MS));
  return { filedFrom, ...(end ? { filedTo: bogotaDate(end) } : {}) };
}

/** The cases' statuses a GeoReport status list means. */
function statusesOf(statuses: readonly ('open' | 'closed')[]): CaseStatus[] {
  return statuses.flatMap((s) => (s === 'open' ? [...OPEN_STATUSES] : [...FINAL_STATUSES]));
}

/** Routes of the feed (mount at OPEN311_PREFIX). */
export function open311Routes(ctx: AppContext): Router {
  const router = Router();
  router.use(compression({ filter: (_req, res) => /^application\/(json|xml)/.test(String(res.getHeader('Content-Type') ?? '')) }));
  router.use(resolveLanguage);
  router.use((_req, res, next) => {
    // Public data anyone may read from anywhere (GeoReport clients are often web pages of other sites).
    res.set('Access-Control-Allow-Origin', '*');
    res.set('Cache-Control', 'public, max-age=60');
    res.vary('Accept-Language');
    next();
  });
  router.use(rejectUnstorableText);

  async function mechanismOf(req: Request): Promise<FeedMechanism> {
    const { jurisdiction_id: slug } = parseInput(open311JurisdictionQuery, req.query);
    if (slug) {
      const mechanism = await feedMechanismBySlug(ctx.db, slug);
      if (!mechanism) throw new NotFound();
      return mechanism;
    }
    const mechanisms = await firstMechanisms(ctx.db);
    if (mechanisms.length === 1) return mechanisms[0]!;
    if (mechanisms.length === 0) throw new NotFound();
    throw new ValidationFailed([{ field: 'jurisdiction_id', messageKey: 'validation.jurisdiction_required' }]);
  }

  async function requests(mechanism: FeedMechanism, filter: FeedFilter, limit: number, offset: number, language: Request['language']) {
    const rows = await feedCases(ctx.db, mechanism.id, filter, limit, offset);
    const page = rows.slice(0, limit);
    const cells = await veredaCellCounts(ctx.db, mechanism.id, [...new Set(page.flatMap((r) => (r.veredaId ? [r.veredaId] : [])))]);
    return { records: page.map((r) => presentRequest(r, mechanism, cells, ctx.cipher, language)), more: rows.length > limit };
  }

  router.get('/services.:format', async (req, res) => {
    const format = formatOf(req);
    const mechanism = await mechanismOf(req);
    const categories = await feedCategories(ctx.db, mechanism.id);
    send(
      res,
      format,
      'services',
      categories.map((c) => presentService(c, req.language)),
    );
  });

  router.get('/requests.:format', async (req, res) => {
    const format = formatOf(req);
    const query = parseInput(open311RequestsQuery, req.query);
    const mechanism = await mechanismOf(req);
    // GeoReport v2: asked by id, the other filters are ignored.
    const filter: FeedFilter = query.service_request_id
      ? { ids: query.service_request_id }
      : {
          ...filedDays(query, ctx.clock.now()),
          ...(query.service_code ? { serviceCodes: query.service_code } : {}),
          ...(query.status ? { statuses: statusesOf(query.status) } : {}),
        };
    const { records, more } = await requests(mechanism, filter, query.page_size, (query.page - 1) * query.page_size, req.language);
    if (more) {
      const next = new URLSearchParams(req.query as Record<string, string>);
      next.set('page', String(query.page + 1));
      res.set('Link', `<${ctx.config.publicUrl}${OPEN311_PREFIX}/requests.${format}?${next.toString()}>; rel="next"`);
    }
    send(res, format, 'service_requests', records);
  });

  router.get('/requests/:requestId.:format', async (req, res) => {
    const format = formatOf(req);
    const id = String(req.params.requestId);
    if (!OPEN_DATA_ID.test(id)) throw new NotFound();
    const mechanism = await mechanismOf(req);
    const { records } = await requests(mechanism, { ids: [id] }, 1, 0, req.language);
    if (records.length === 0) throw new NotFound();
    // GeoReport v2 answers a single request as a list of one.
    send(res, format, 'service_requests', records);
  });

  router.use(((err, req, res, next) => {
    // Outages, refusals to wait for (429) and the unexpected go to the one error handler: it logs them and
    // says when to retry.
    if (!(err instanceof AppError) || err.status >= 500 || err.status === 429 || res.headersSent) return next(err);
    // GeoReport v2's error form; the field messages follow the general one, each naming its parameter
    // (`status`, not the place in its comma-separated list).
    const body = errorBodyOf(err, req.t);
    const description = [body.error.message, ...(body.error.fields ?? []).map((f) => `${f.field.replace(/\.\d+$/, '')}: ${f.message}`)].join(' ');
    const errors = [{ code: err.status, description }];
    res.status(err.status);
    if (/\.xml$/.test(req.path)) res.type('application/xml; charset=utf-8').send(toGeoReportXml('errors', errors));
    else res.json(errors);
  }) as ErrorRequestHandler);

  return router;
}
