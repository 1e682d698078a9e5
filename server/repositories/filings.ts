/**
 * A filing's two statements (docs/scaling.md, "Filing at speed"): one read of everything the intake
 * command looks up, and one call of `file_case` (migration 0036) that writes the whole filing and
 * commits. SQL in one place; plain objects out.
 */
import { namedStatement, type Queryable } from '../db/database';
import { logger } from '../logger';
import type { DeadlinePolicyDto } from '../../shared/types/deadlines';
import type { FilingChoices } from './mechanisms';
import type { FiledCaseRecord } from './cases';
import type { Recipient } from './notifications';
import { POLICY_COLUMNS, type HolidayAdjustment } from './deadlines';
import { rateLimitUpsert, type RateLimitWindow } from './rateLimits';
import type { NotificationRow } from './notifications';

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
}

// Prepared once per connection: planning this statement cost ~0.9 ms of CPU a filing (docs/scaling.md).
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
       (SELECT json_build_object('id', c.id, 'reference', c.reference, 'status', c.status, 'identityMode', c.identity_mode,
                                 'filingFingerprint', c.filing_fingerprint, 'receiptKeyCiphertext', fr.receipt_key_ciphertext,
                                 'provisionalCode', c.provisional_code)
        FROM cases c LEFT JOIN filing_receipts fr ON fr.idempotency_key = c.idempotency_key AND fr.expires_at > $6
        WHERE c.idempotency_key = $7) AS existing,
       ($8::text IS NOT NULL AND EXISTS (SELECT 1 FROM cases WHERE receipt_key_fingerprint = $8)) AS "receiptKeyTaken",
       (SELECT json_build_object('hits', hits, 'window_started_at', window_started_at) FROM hit) AS "rateLimit"`,
);

/**
 * Everything a filing looks up in `mechanismId`, in one statement (which also counts the filing's
 * rate-limit hit when asked: one round trip less): a case already made with its key,
 * its choices as the mechanism's active lists know them, the data policy in force, the deadline policy,
 * the calendar's adjustments, the company's liaisons and whether a device key is taken.
 */
export function readFilingContext(db: Queryable, mechanismId: string, q: FilingQuestion): Promise<FilingContext> {
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

const FILE_CASE = namedStatement('file_case', 'SELECT file_case($1::jsonb) AS filed');
const FILE_CASES = namedStatement('file_cases', 'SELECT file_cases($1::jsonb) AS filed');

/** What `file_case` answers for one filing. */
interface Filed {
  reference: string;
  notifications: (Omit<NotificationRow, 'createdAt' | 'readAt'> & { createdAt: string; readAt: string | null })[];
}

/** What a written filing gives back: its reference and the notifications written. */
export interface WrittenFiling {
  reference: string;
  notifications: NotificationRow[];
}

function writtenFrom(filed: Filed): WrittenFiling {
  return {
    reference: filed.reference,
    notifications: filed.notifications.map((n) => ({
      ...n,
      id: Number(n.id),
      createdAt: new Date(n.createdAt),
      readAt: n.readAt === null ? null : new Date(n.readAt),
    })),
  };
}

/** One filing in its own statement (today's path, and the retry of a batch that failed). */
async function writeOne(db: Queryable, rows: FilingRows): Promise<WrittenFiling> {
  const { filed } = await db.one<{ filed: Filed }>(FILE_CASE, [JSON.stringify(rows)]);
  return writtenFrom(filed);
}

/** At most this many filings go in one statement. */
const MAX_FILING_BATCH = 32;

interface Waiting {
  rows: FilingRows;
  resolve(written: WrittenFiling): void;
  reject(err: unknown): void;
}

/**
 * Group commit of filings on one database: the first filing is written at once, alone; filings that
 * arrive while a statement is being written wait and go together in the next one (`file_cases`,
 * migration 0066: up to MAX_FILING_BATCH, one transaction, one commit; since 0070 one INSERT a table for
 * the whole batch). A batch that fails is written again one filing at a time, in arrival order, each in
 * its own statement as before, so one bad filing fails alone with its own error (an idempotency race, a
 * device key reused) and the others are filed.
 * Nothing is answered before the statement that wrote it committed.
 */
class FilingBatcher {
  private readonly waiting: Waiting[] = [];
  private writing = false;
  /** Statements written and filings they carried (bench/filing.ts prints the mean batch). */
  readonly stats = { statements: 0, filings: 0, batchesRetriedAlone: 0 };

  constructor(private readonly db: Queryable) {}

  get waitingCount(): number {
    return this.waiting.length;
  }

  write(rows: FilingRows): Promise<WrittenFiling> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ rows, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length > 0) await this.writeBatch(this.waiting.splice(0, MAX_FILING_BATCH));
    } finally {
      this.writing = false;
    }
  }

  private async writeBatch(batch: Waiting[]): Promise<void> {
    this.stats.statements++;
    this.stats.filings += batch.length;
    if (batch.length > 1) {
      let filed: Filed[] | undefined;
      try {
        ({ filed } = await this.db.one<{ filed: Filed[] }>(FILE_CASES, [JSON.stringify(batch.map((w) => w.rows))]));
      } catch (err) {
        // Rolled back whole: each is written again alone below, and keeps its own answer or error. Logged
        // here too, since a retry that succeeds would otherwise hide why the batch failed (the message
        // and code only: never a row's values).
        this.stats.batchesRetriedAlone++;
        logger.warn('filing batch failed; its filings are written one at a time', { err, filings: batch.length });
      }
      if (filed) {
        batch.forEach((w, i) => w.resolve(writtenFrom(filed[i]!)));
        return;
      }
    }
    for (const w of batch) await writeOne(this.db, w.rows).then(w.resolve, w.reject);
  }
}

const batchers = new WeakMap<Queryable, FilingBatcher>();

function batcherOf(db: Queryable): FilingBatcher {
  let batcher = batchers.get(db);
  if (!batcher) batchers.set(db, (batcher = new FilingBatcher(db)));
  return batcher;
}

/**
 * Writes a whole filing, which commits on its own (call it outside a transaction): the reference is
 * taken last inside `file_case`. Concurrent filings on one database share a statement and its commit
 * (FilingBatcher). Returns the reference and the notifications written.
 */
export function writeFiling(db: Queryable, rows: FilingRows): Promise<WrittenFiling> {
  return batcherOf(db).write(rows);
}

/** How many filing statements `db` has written, how many filings they carried, and how many wait now (bench and tests). */
export function filingBatchStats(db: Queryable): Readonly<FilingBatcher['stats'] & { waiting: number }> {
  const batcher = batcherOf(db);
  return { ...batcher.stats, waiting: batcher.waitingCount };
}
