/**
 * Query parameters of the public Open311 GeoReport v2 feed (`/open311/v2/…`), as the GeoReport v2
 * specification names them, plus `page` and `page_size` for paging (the usual extension of servers
 * that publish more than one page). Lists are comma-separated, as the specification writes them.
 * Parameters the feed does not know (`api_key`, `extensions`, …) are ignored, as GeoReport clients
 * expect of a read-only endpoint.
 */
import { z } from 'zod';
import { endOfBogotaDay, startOfBogotaDay } from '../calendar';
import { isoDate, mechanismSlug } from './oversight';

/** A record's id in the feed: 20 lower-case hex digits (cases.open_data_id, migration 0026). */
export const OPEN_DATA_ID = /^[0-9a-f]{20}$/;

/** The largest page a client may ask for, and the page it gets without asking. */
export const OPEN311_PAGE = { max: 200, default: 50 } as const;

/** GeoReport v2 request statuses. */
export const OPEN311_STATUSES = ['open', 'closed'] as const;

/** A request's GeoReport status. */
export type Open311Status = (typeof OPEN311_STATUSES)[number];

/** A W3C datetime with a zone (`2026-11-01T00:00:00-05:00`, `…Z`) or a Bogotá date (`2026-11-01`). */
const w3cDateTime = z.union([z.iso.datetime({ offset: true, message: 'validation.date' }), isoDate], { message: 'validation.date' });

/** `a,b,c` → `['a','b','c']`, each checked by `item`; at most `max` of them. */
function commaList<T extends z.ZodType<unknown, string>>(item: T, max: number) {
  return z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1, { message: 'validation.required' }).max(max, { message: 'validation.too_many' }));
}

const whole = (min: number, max: number) =>
  z.coerce
    .number({ message: 'validation.invalid_type' })
    .int({ message: 'validation.invalid_value' })
    .min(min, { message: 'validation.invalid_value' })
    .max(max, { message: 'validation.invalid_value' });

/** The mechanism a GeoReport `jurisdiction_id` names (its slug); needed only where several run. */
export const open311JurisdictionQuery = z.object({ jurisdiction_id: mechanismSlug.optional() });

/** Query of `GET /open311/v2/requests.{format}`. */
export const open311RequestsQuery = z
  .object({
    jurisdiction_id: mechanismSlug.optional(),
    /** When given, the other filters are ignored (GeoReport v2). */
    service_request_id: commaList(z.string().regex(OPEN_DATA_ID, { message: 'validation.invalid_value' }), OPEN311_PAGE.max).optional(),
    service_code: commaList(z.string().min(1).max(60), 50).optional(),
    start_date: w3cDateTime.optional(),
    end_date: w3cDateTime.optional(),
    status: commaList(z.enum(OPEN311_STATUSES, { message: 'validation.invalid_value' }), 2).optional(),
    page: whole(1, 100_000).default(1),
    page_size: whole(1, OPEN311_PAGE.max).default(OPEN311_PAGE.default),
  })
  .refine((q) => !q.start_date || !q.end_date || fromInstant(q.start_date) <= toInstant(q.end_date), {
    path: ['end_date'],
    message: 'validation.date_range',
  });

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** The instant a `start_date` names: a bare date starts at Bogotá's midnight. */
export function fromInstant(value: string): Date {
  return DATE_ONLY.test(value) ? startOfBogotaDay(value) : new Date(value);
}

/** The instant an `end_date` names: a bare date includes the whole Bogotá day. */
export function toInstant(value: string): Date {
  return DATE_ONLY.test(value) ? endOfBogotaDay(value) : new Date(value);
}

/** The requests query after parsing. */
export type Open311RequestsQuery = z.output<typeof open311RequestsQuery>;

/** The feed's formats (GeoReport v2 serves both). */
export const OPEN311_FORMATS = ['json', 'xml'] as const;

/** One of the feed's formats. */
export type Open311Format = (typeof OPEN311_FORMATS)[number];
