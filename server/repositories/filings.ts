/**
 * A filing's two statements (docs/scaling.md, "Filing at speed"): one read of everything the intake
 * command looks up, and one call of `file_case` (migration 0036) that writes the whole filing and
 * commits. SQL in one place; plain objects out.
 */
import { namedStatement, type Queryable } from '../db/database';
import { StatementBatcher, type BatchStats } from '../db/statementBatcher';
import type { DeadlinePolicyDto } from '../../shared/types/deadlines';
import type { FilingChoices } from './mechanisms';
import type { FiledCaseRecord } from './cases';
import type { Recipient } from './notifications';
import { POLICY_COLUMNS, type HolidayAdjustment } from './deadlines';
import { rateLimitUpsert, type RateLimitWindow } from './rateLimits';
import type { NotificationRow } from './notifications';
import { sessionRowJson, type SessionWrite } from '../auth/sessionStore';
import { SESSION_DIGEST } from './users';

/** What a filing asks the database before it writes, as one row. */
export interface FilingContext extends FilingChoices {
  /** The case this idempotency key already made (with its receipt copy while kept), if any. */
  existing: FiledCaseRecord | null;
  /** The data policy in force now. */
  policyVersion: string | null;
  /** The mechanism's deadline policy; null when it has none yet (the defaults apply and are stored). */
  deadlinePolicy: DeadlinePolicyDto | null;
  /** National and the mechanism's holiday adjustments (deadlines.calendarOf). */
  holidays: HolidayAdjustment[];
  /** The named company's active liaisons, their fields still sealed (openUserFields). */
  liaisons: Recipient[];
  /** Whether a device-made receipt key (by its fingerprint) already belongs to a case. */
  receiptKeyTaken: boolean;
  /** The rate limit's window after this filing's hit, when the question named a key to count it on. */
  rateLimit: RateLimitWindow | null;
  /**
   * False when the question named a session (`session`) that is no longer as it was read: then nothing
   * was counted and nothing else in this answer is to be used.
   */
  sessionOk?: boolean;
}

/** What a filing chose, and how to know a retry. */
export interface FilingQuestion {
  municipalityId: string;
  veredaId: string | null;
  companyId: string | null;
  categoryCodes: readonly string[];
  idempotencyKey: string;
  receiptKeyFingerprint: string | null;
  now: Date;
  /** A rate-limit key to count this filing's hit on, and the start of its window (rateLimit.ts). */
  rateLimit?: { key: string; windowStart: Date };
  /** A session the filing was decided on without reading it (RecentSession): read only while it is so. */
  session?: FilingSession;
}

/** A session as a filing decided on it: its digest (a logged-in session) or its data as JSON (a visitor's). */
export interface FilingSession {
  sid: string;
  digest: string;
  json: string | null;
}

/**
 * The case a filing's idempotency key already made, as JSON, from a row `k` of `cases_of_idempotency_keys` (migration
 * 0110): its receipt copy only while kept at `now`.
 */
function existingJson(k: string, now: string): string {
  return `json_build_object('id', ${k}.id, 'reference', ${k}.reference, 'status', ${k}.status, 'identityMode', ${k}.identity_mode,
            'filingFingerprint', ${k}.filing_fingerprint,
            'receiptKeyCiphertext', CASE WHEN ${k}.receipt_expires_at > ${now} THEN ${k}.receipt_key_ciphertext END,
            'provisionalCode', ${k}.provisional_code)`;
}

// Prepared once per connection: planning this statement cost ~0.9 ms of CPU a filing (docs/scaling.md). A named
// statement keeps the plan it was first given; the lookups in `cases`, a table that grows from a handful of rows, are
// functions that use its indexes whatever that plan (migration 0110).
const CONTEXT = namedStatement(
  'filing_context',
  `WITH hit AS (${rateLimitUpsert('$9', '$6', '$10', true)})
     SELECT
       (SELECT json_build_object('id', m.id, 'veredaMatches',
                 $3::uuid IS NULL OR EXISTS (SELECT 1 FROM veredas v WHERE v.id = $3 AND v.municipality_id = m.id AND v.active))
        FROM municipalities m WHERE m.id = $2 AND m.mechanism_id = $1 AND m.active) AS municipality,
       ($4::uuid IS NULL OR EXISTS (SELECT 1 FROM companies c WHERE c.id = $4 AND c.mechanism_id = $1 AND c.active)) AS "companyKnown",
       (SELECT COALESCE(json_agg(json_build_object('id', k.id, 'code', k.code, 'redFlag', k.red_flag)), '[]'::json)
        FROM categories k WHERE k.mechanism_id = $1 AND k.active AND k.code = ANY($5::text[])) AS categories,
       (SELECT p.version FROM data_policies p WHERE p.mechanism_id = $1 AND p.published_at <= $6
        ORDER BY p.published_at DESC, p.version DESC LIMIT 1) AS "policyVersion",
       (SELECT row_to_json(d) FROM (SELECT ${POLICY_COLUMNS} FROM deadline_policies WHERE mechanism_id = $1) d) AS "deadlinePolicy",
       (SELECT COALESCE(json_agg(h ORDER BY h.date), '[]'::json)
        FROM (SELECT date, kind, true AS national FROM national_holidays
              UNION ALL SELECT date, kind, false AS national FROM mechanism_holidays WHERE mechanism_id = $1) h) AS holidays,
       (SELECT COALESCE(json_agg(u ORDER BY u.id), '[]'::json)
        FROM (SELECT id, role, email_ciphertext AS email, name_ciphertext AS "displayName", language, email_preferences AS "emailPreferences"
              FROM users WHERE company_id = $4 AND role = 'liaison' AND active) u) AS liaisons,
       (SELECT ${existingJson('k', '$6')} FROM cases_of_idempotency_keys(ARRAY[$7::uuid]) k) AS existing,
       ($8::text IS NOT NULL AND EXISTS (SELECT FROM taken_receipt_fingerprints(ARRAY[$8::text]))) AS "receiptKeyTaken",
       (SELECT json_build_object('hits', hits, 'window_started_at', window_started_at) FROM hit) AS "rateLimit"`,
);

// Concurrent filings' reads in one statement (ContextBatcher): each question a row of $1 (with its place
// `i`), the mechanism-wide parts (deadline policy, holidays) read once a mechanism, and the rate-limit hits
// summed per key before the upsert (one statement cannot touch a row twice). Each filing is given the
// window as it would have seen it counted alone, in arrival order: the hits before it in the batch plus
// its own. A window that ends between two filings of one batch (milliseconds apart) is judged by the
// batch's first filing on that key, as if they had all arrived with it. A question with a `sid` (a filing
// decided on a session this server read lately, not read again: intakeRoutes) is `ok` only while that
// session is unexpired and as read — by its digest `dg`, or a visitor's by its data `dj` — and one not `ok`
// counts no hit, takes no place among the others' and is to be asked again the usual way (`sessionOk`).
const CONTEXTS = namedStatement(
  'filing_contexts',
  `WITH q0 AS (
       SELECT q.*, (q.sid IS NULL OR EXISTS (
                     SELECT FROM sessions s WHERE s.sid = q.sid AND s.expires_at > q.now
                       AND CASE WHEN q.dj IS NULL THEN ${SESSION_DIGEST} = q.dg ELSE s.user_id IS NULL AND s.data = q.dj END)) AS ok
       FROM jsonb_to_recordset($1::jsonb)
         AS q(i int, m uuid, mun uuid, ver uuid, co uuid, cats text[], now timestamptz, ik uuid, fp text, rk text, ws timestamptz,
              sid text, dg text, dj jsonb)),
     q AS (
       SELECT q0.*, row_number() OVER (PARTITION BY q0.rk, q0.ok ORDER BY q0.i) AS rank, count(*) OVER (PARTITION BY q0.rk, q0.ok) AS n
       FROM q0),
     hits AS (SELECT rk, count(*)::int AS n, min(now) AS now, min(ws) AS ws FROM q WHERE rk IS NOT NULL AND ok GROUP BY rk),
     hit AS (
       INSERT INTO rate_limits (key, window_started_at, hits) SELECT rk, now, n FROM hits ORDER BY rk
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN rate_limits.window_started_at <= (SELECT ws FROM hits WHERE hits.rk = excluded.key)
                     THEN excluded.hits ELSE rate_limits.hits + excluded.hits END,
         window_started_at = CASE WHEN rate_limits.window_started_at <= (SELECT ws FROM hits WHERE hits.rk = excluded.key)
                     THEN excluded.window_started_at ELSE rate_limits.window_started_at END
       RETURNING key, hits, window_started_at),
     -- MATERIALIZED, as \`company\` below: a CTE read once is inlined, and its subqueries then ran once a filing's row.
     mech AS MATERIALIZED (
       SELECT x.m,
         (SELECT row_to_json(d) FROM (SELECT ${POLICY_COLUMNS} FROM deadline_policies WHERE mechanism_id = x.m) d) AS "deadlinePolicy",
         (SELECT COALESCE(json_agg(h ORDER BY h.date), '[]'::json)
          FROM (SELECT date, kind, true AS national FROM national_holidays
                UNION ALL SELECT date, kind, false AS national FROM mechanism_holidays WHERE mechanism_id = x.m) h) AS holidays
       FROM (SELECT DISTINCT m FROM q) x),
     -- Each named company's standing and liaisons once a batch (a mechanism has a few companies, most filings name one).
     company AS MATERIALIZED (
       SELECT x.m, x.co,
         EXISTS (SELECT 1 FROM companies c WHERE c.id = x.co AND c.mechanism_id = x.m AND c.active) AS known,
         (SELECT COALESCE(json_agg(u ORDER BY u.id), '[]'::json)
          FROM (SELECT id, role, email_ciphertext AS email, name_ciphertext AS "displayName", language, email_preferences AS "emailPreferences"
                FROM users WHERE company_id = x.co AND role = 'liaison' AND active) u) AS liaisons
       FROM (SELECT DISTINCT m, co FROM q0 WHERE co IS NOT NULL) x),
     -- The batch's keys looked up once, each by its index whatever this statement's plan (migration 0110).
     known AS MATERIALIZED (SELECT * FROM cases_of_idempotency_keys(ARRAY(SELECT DISTINCT ik FROM q0))),
     taken AS MATERIALIZED (SELECT fp FROM taken_receipt_fingerprints(ARRAY(SELECT DISTINCT fp FROM q0 WHERE fp IS NOT NULL)) fp)
   SELECT
     (SELECT json_build_object('id', m.id, 'veredaMatches',
               q.ver IS NULL OR EXISTS (SELECT 1 FROM veredas v WHERE v.id = q.ver AND v.municipality_id = m.id AND v.active))
      FROM municipalities m WHERE m.id = q.mun AND m.mechanism_id = q.m AND m.active) AS municipality,
     (q.co IS NULL OR co.known) AS "companyKnown",
     (SELECT COALESCE(json_agg(json_build_object('id', k.id, 'code', k.code, 'redFlag', k.red_flag)), '[]'::json)
      FROM categories k WHERE k.mechanism_id = q.m AND k.active AND k.code = ANY(q.cats)) AS categories,
     (SELECT p.version FROM data_policies p WHERE p.mechanism_id = q.m AND p.published_at <= q.now
      ORDER BY p.published_at DESC, p.version DESC LIMIT 1) AS "policyVersion",
     mech."deadlinePolicy",
     mech.holidays,
     COALESCE(co.liaisons, '[]'::json) AS liaisons,
     CASE WHEN k.id IS NOT NULL THEN ${existingJson('k', 'q.now')} END AS existing,
     (q.fp IS NOT NULL AND q.fp IN (SELECT fp FROM taken)) AS "receiptKeyTaken",
     CASE WHEN q.rk IS NOT NULL AND q.ok
          THEN json_build_object('hits', h.hits - q.n + q.rank, 'window_started_at', h.window_started_at) END AS "rateLimit",
     q.ok AS "sessionOk"
   FROM q JOIN mech ON mech.m = q.m LEFT JOIN company co ON co.m = q.m AND co.co = q.co LEFT JOIN hit h ON h.key = q.rk LEFT JOIN known k ON k.idempotency_key = q.ik
   ORDER BY q.i`,
);

/**
 * A filing's question as the batched read takes it: one element of its JSON array, as text. A visitor's session data
 * (`dj`) is already JSON (the text its row was written from): spliced in as it is, not parsed and written again
 * (~1 KB each way a filing).
 */
function questionJson(i: number, mechanismId: string, q: FilingQuestion): string {
  const fields = JSON.stringify({
    i,
    m: mechanismId,
    mun: q.municipalityId,
    ver: q.veredaId,
    co: q.companyId,
    cats: q.categoryCodes,
    now: q.now.toISOString(),
    ik: q.idempotencyKey,
    fp: q.receiptKeyFingerprint,
    rk: q.rateLimit?.key ?? null,
    ws: q.rateLimit?.windowStart.toISOString() ?? null,
    sid: q.session?.sid ?? null,
    dg: q.session?.digest ?? null,
  });
  const data = q.session?.json;
  return data === undefined || data === null ? `${fields.slice(0, -1)},"dj":null}` : `${fields.slice(0, -1)},"dj":${data}}`;
}

/** One filing's read in its own statement (the first of a quiet moment, and the retry of a batch that failed). */
async function readOne(db: Queryable, mechanismId: string, q: FilingQuestion): Promise<FilingContext> {
  // A filing checked against its session: the batched statement, with one question.
  if (q.session) return (await db.query<FilingContext>(CONTEXTS, [`[${questionJson(0, mechanismId, q)}]`]))[0]!;
  return db.one<FilingContext>(CONTEXT, [
    mechanismId,
    q.municipalityId,
    q.veredaId,
    q.companyId,
    q.categoryCodes,
    q.now,
    q.idempotencyKey,
    q.receiptKeyFingerprint,
    q.rateLimit?.key ?? null,
    q.rateLimit?.windowStart ?? null,
  ]);
}

type Asked = { mechanismId: string; q: FilingQuestion };

/**
 * Everything a filing looks up in `mechanismId`, in one statement (which also counts the filing's
 * rate-limit hit when asked: one round trip less): a case already made with its key,
 * its choices as the mechanism's active lists know them, the data policy in force, the deadline policy,
 * the calendar's adjustments, the company's liaisons and whether a device key is taken. Concurrent
 * filings on one database share the statement (`filing_contexts`, the batcher below), each with its own answer.
 */
export function readFilingContext(db: Queryable, mechanismId: string, q: FilingQuestion): Promise<FilingContext> {
  return contextBatcherOf(db).run({ mechanismId, q });
}

/** A filing's rows as `file_case` takes them: each keyed by its table's column names (migration 0036). */
export interface FilingRows {
  case: Record<string, unknown> & { id: string; mechanism_id: string };
  categoryIds: string[];
  events: Record<string, unknown>[];
  deadlines: Record<string, unknown>[];
  receipt?: Record<string, unknown>;
  risk?: Record<string, unknown>;
  ensureDeadlinePolicy: boolean;
  /** The counter's year and the reference's text before the number (`CES-2026-`). */
  counter: { year: number; prefix: string };
  notices: Record<string, unknown>[];
  emails: Record<string, unknown>[];
}

// A visitor's filing also writes the session that follows its case (server/http/tracking.ts), in the same
// statement and commit: an UPDATE only, so a session ended before the filing reached the database is never
// brought back. $2 null: no session to write.
const FILE_CASE = namedStatement(
  'file_case',
  `WITH s AS (UPDATE sessions SET user_id = $3, data = $4::jsonb, expires_at = $5 WHERE sid = $2 RETURNING sid)
   SELECT file_case($1::jsonb) AS filed, EXISTS (SELECT FROM s) AS "sessionWritten"`,
);
// The batch's sessions each once, with the last of its filings' rows (as writes one after another leave
// it), updated in `sid` order like the store's own batched writes.
const FILE_CASES = namedStatement(
  'file_cases',
  `WITH w AS (
     SELECT * FROM jsonb_to_recordset($2::jsonb) AS w(sid text, user_id uuid, data jsonb, expires_at timestamptz) ORDER BY sid),
   s AS (
     UPDATE sessions t SET user_id = w.user_id, data = w.data, expires_at = w.expires_at FROM w WHERE t.sid = w.sid RETURNING t.sid)
   SELECT file_cases($1::jsonb) AS filed, (SELECT COALESCE(array_agg(sid), '{}') FROM s) AS "sessionsWritten"`,
);

/** What `file_case` answers for one filing. */
interface Filed {
  reference: string;
  notifications: (Omit<NotificationRow, 'createdAt' | 'readAt'> & { createdAt: string; readAt: string | null })[];
}

/** What a written filing gives back: its reference and the notifications written. */
export interface WrittenFiling {
  reference: string;
  notifications: NotificationRow[];
  /** Whether the session given with the filing was written in its statement (false: none given, or no such session any more). */
  sessionWritten: boolean;
}

/** A filing as the batcher takes it: its rows and, for a visitor, the session row that follows its case. */
interface Filing {
  rows: FilingRows;
  session?: SessionWrite | undefined;
}

function writtenFrom(filed: Filed, sessionWritten: boolean): WrittenFiling {
  return {
    reference: filed.reference,
    notifications: filed.notifications.map((n) => ({
      ...n,
      id: Number(n.id),
      createdAt: new Date(n.createdAt),
      readAt: n.readAt === null ? null : new Date(n.readAt),
    })),
    sessionWritten,
  };
}

/** One filing in its own statement (today's path, and the retry of a batch that failed). */
async function writeOne(db: Queryable, { rows, session }: Filing): Promise<WrittenFiling> {
  const { filed, sessionWritten } = await db.one<{ filed: Filed; sessionWritten: boolean }>(FILE_CASE, [
    JSON.stringify(rows),
    session?.sid ?? null,
    session?.userId ?? null,
    session?.json ?? null,
    session?.expiresAt ?? null,
  ]);
  return writtenFrom(filed, sessionWritten);
}

/** A batch's filings in one statement, with their sessions (each once: the last row of it in the batch). */
async function writeMany(db: Queryable, filings: Filing[]): Promise<WrittenFiling[]> {
  const sessions = new Map<string, SessionWrite>();
  for (const { session } of filings) if (session) sessions.set(session.sid, session);
  const { filed, sessionsWritten } = await db.one<{ filed: Filed[]; sessionsWritten: string[] }>(FILE_CASES, [
    JSON.stringify(filings.map((f) => f.rows)),
    `[${[...sessions.values()].map(sessionRowJson).join(',')}]`,
  ]);
  const written = new Set(sessionsWritten);
  return filed.map((f, i) => writtenFrom(f, filings[i]!.session !== undefined && written.has(filings[i]!.session!.sid)));
}

type FilingBatcher = StatementBatcher<Filing, WrittenFiling>;
const batchers = new WeakMap<Queryable, FilingBatcher>();
const contextBatchers = new WeakMap<Queryable, StatementBatcher<Asked, FilingContext>>();

/**
 * Filings written together (migration 0066, set-based since 0070): one `file_cases` statement, one
 * transaction and one commit a batch.
 */
function batcherOf(db: Queryable): FilingBatcher {
  let batcher = batchers.get(db);
  if (!batcher) {
    batchers.set(
      db,
      (batcher = new StatementBatcher(
        'filing',
        (filings: Filing[]) => writeMany(db, filings),
        (filing) => writeOne(db, filing),
      )),
    );
  }
  return batcher;
}

/** Filings' context reads together: one `filing_contexts` statement a batch, its answers in the questions' order. */
function contextBatcherOf(db: Queryable): StatementBatcher<Asked, FilingContext> {
  let batcher = contextBatchers.get(db);
  if (!batcher) {
    const many = (asked: Asked[]) => db.query<FilingContext>(CONTEXTS, [`[${asked.map((a, i) => questionJson(i, a.mechanismId, a.q)).join(',')}]`]);
    batcher = new StatementBatcher('filing context', many, (a) => readOne(db, a.mechanismId, a.q));
    contextBatchers.set(db, batcher);
  }
  return batcher;
}

/**
 * Writes a whole filing, which commits on its own (call it outside a transaction): the reference is
 * taken late inside `file_cases` (`file_case` files a batch of one there since 0108), and the case is
 * inserted once, with it (no second row version). Concurrent filings on one database share a statement and its commit
 * (StatementBatcher). A visitor's `session` row (the session following the new case) is written in the
 * same statement, only if the session is still there. Returns the reference, the notifications written and
 * whether the session was.
 */
export function writeFiling(db: Queryable, session: SessionWrite | undefined, rows: FilingRows): Promise<WrittenFiling> {
  return batcherOf(db).run({ rows, session });
}

/** How many filing statements `db` has written, how many filings they carried, and how many wait now (bench and tests). */
export function filingBatchStats(db: Queryable): Readonly<BatchStats & { waiting: number }> {
  const batcher = batcherOf(db);
  return { ...batcher.stats, waiting: batcher.waitingCount };
}

/** The same for the filings' context reads (bench and tests). */
export function filingContextBatchStats(db: Queryable): Readonly<BatchStats & { waiting: number }> {
  const batcher = contextBatcherOf(db);
  return { ...batcher.stats, waiting: batcher.waitingCount };
}
