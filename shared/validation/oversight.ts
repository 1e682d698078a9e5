/**
 * The one filter language of the ombudsman's oversight: the dashboard, the drill-down list, the
 * scorecards and the CSV export all parse their query string with these schemas, so a figure and the
 * list behind it can never disagree about what a filter means. The client builds the same query.
 */
import { z } from 'zod';
import { CASE_STATUSES } from '../caseLifecycle';

/** The oversight queues a figure can drill down to. */
export const OVERSIGHT_QUEUES = ['overdue', 'escalated', 'red_flag'] as const;

/** One of the oversight queues. */
export type OversightQueue = (typeof OVERSIGHT_QUEUES)[number];

/** Identity modes, as a filter. */
export const IDENTITY_MODES = ['named', 'confidential', 'anonymous'] as const;

/**
 * Every filter key, in the order the client writes them into the address. `mechanism` comes first:
 * the other filters (company, municipality, category) name things of that mechanism.
 */
export const OVERSIGHT_FILTER_KEYS = [
  'mechanism',
  'company',
  'status',
  'category',
  'municipality',
  'identityMode',
  'escalation',
  'queue',
  'from',
  'to',
  'q',
] as const;

/** A filter's name. */
export type OversightFilterKey = (typeof OVERSIGHT_FILTER_KEYS)[number];

/** A calendar date (Bogotá), as typed in a date input. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'validation.date' })
  .refine(
    (value) => {
      const parsed = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value);
    },
    { message: 'validation.date' },
  );

/** A mechanism's slug, as API addresses name it (`?mechanism=`, server/http/mechanismResolver.ts). */
export const mechanismSlug = z.string().regex(/^[a-z0-9-]{1,60}$/);

const filterShape = {
  /**
   * Which mechanism the figures are of, by slug: the officer's own when absent, else one they were
   * granted; the server answers 404 for any other.
   */
  mechanism: mechanismSlug.optional(),
  /** A company's id, or `none` for cases nobody has routed yet. */
  company: z.union([z.uuid(), z.literal('none')]).optional(),
  status: z.enum(CASE_STATUSES).optional(),
  /** A category's code (e.g. `water`). */
  category: z
    .string()
    .regex(/^[a-z0-9_]{1,60}$/)
    .optional(),
  municipality: z.uuid().optional(),
  identityMode: z.enum(IDENTITY_MODES).optional(),
  escalation: z.coerce.number().int().min(0).max(2).optional(),
  queue: z.enum(OVERSIGHT_QUEUES).optional(),
  /** Filed on or after this Bogotá date. */
  from: isoDate.optional(),
  /** Filed on or before this Bogotá date. */
  to: isoDate.optional(),
  /** Matched against the reference and the complaint text. */
  q: z.string().trim().max(200).optional(),
};

// An empty query parameter (an untouched select in a form) means "no filter", not a bad value.
function dropEmpty(input: unknown): unknown {
  if (!input || typeof input !== 'object') return input;
  return Object.fromEntries(Object.entries(input as Record<string, unknown>).filter(([, v]) => v !== '' && v !== undefined));
}

function datesInOrder(f: { from?: string; to?: string }): boolean {
  return !f.from || !f.to || f.from <= f.to;
}

/** Builds a strict query schema from the shared filters plus a route's own parameters. */
function withFilters<E extends z.ZodRawShape>(extra: E) {
  return z.preprocess(
    dropEmpty,
    z.strictObject({ ...filterShape, ...extra }).refine((f) => datesInOrder(f as { from?: string; to?: string }), {
      path: ['to'],
      message: 'validation.date_range',
    }),
  );
}

/** Query of the dashboard and the scorecards. */
export const oversightFilters = withFilters({});

/** Query of the drill-down list. */
export const oversightCasesQuery = withFilters({
  limit: z.coerce.number().int().min(1).max(500).default(200),
  /** Where the previous page ended (its `nextCursor`, opaque); the first page without it. */
  after: z.string().max(200).optional(),
});

/** Query of the CSV export: identities only when the ombudsman explicitly asks (and it is logged). */
export const oversightExportQuery = withFilters({
  includeIdentities: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});

/** The parsed filters. */
export type OversightFilters = z.output<typeof oversightFilters>;

/** Query of the public transparency figures (and their CSV). */
export const transparencyQuery = z.preprocess(
  dropEmpty,
  z
    .strictObject({
      mechanism: mechanismSlug.optional(),
      lang: z.enum(['es', 'en']).optional(),
      from: isoDate.optional(),
      to: isoDate.optional(),
    })
    .refine(datesInOrder, { path: ['to'], message: 'validation.date_range' }),
);

/** Body of `POST /api/notifications/read`: some notifications, or all of one's own. */
export const markReadBody = z.union([
  z.strictObject({ ids: z.array(z.coerce.number().int().positive()).min(1).max(500) }),
  z.strictObject({ all: z.literal(true) }),
]);

/** Turns filters into a query string (without `?`), keys in a stable order, empty ones left out. */
export function filtersToQuery(filters: Partial<Record<OversightFilterKey, string | number | undefined>>): string {
  const params = new URLSearchParams();
  for (const key of OVERSIGHT_FILTER_KEYS) {
    const value = filters[key];
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  return params.toString();
}
