/** What operations read from the database: the health probe, the backlog figures Prometheus scrapes and what a backup holds. */
import type { Queryable } from '../db/database';

/** Answers when the database does (a failure is the database's: the error handler makes it a 503). */
export async function probeDatabase(db: Queryable): Promise<void> {
  await db.query('SELECT 1');
}

/** The backlogs operations watch: e-mails waiting, and the oldest escalation or reminder already due. */
export interface BacklogRow {
  pending: number;
  oldestPending: Date | null;
  oldestEscalation: Date | null;
  oldestReminder: Date | null;
}

/**
 * The backlogs at `now`. Each subquery is answered from a partial index (outbox_due_idx /
 * outbox_status_created_idx, case_deadlines_escalation_claim_idx, case_deadlines_reminder_claim_idx), so a scrape stays
 * cheap at a million cases.
 */
export function readBacklog(db: Queryable, now: Date): Promise<BacklogRow> {
  return db.one<BacklogRow>(
    `SELECT (SELECT count(*) FROM outbox WHERE status = 'pending') AS pending,
            (SELECT min(created_at) FROM outbox WHERE status = 'pending') AS "oldestPending",
            (SELECT min(due_at) FROM case_deadlines
              WHERE satisfied_at IS NULL AND cancelled_at IS NULL AND paused_at IS NULL AND escalated_at IS NULL AND due_at < $1) AS "oldestEscalation",
            (SELECT min(reminder_at) FROM case_deadlines
              WHERE satisfied_at IS NULL AND cancelled_at IS NULL AND paused_at IS NULL AND escalated_at IS NULL AND reminded_at IS NULL
                AND reminder_at <= $1 AND due_at >= $1) AS "oldestReminder"`,
    [now],
  );
}

/** The last migration the database has and how many cases it holds: what a backup says it contains. */
export async function schemaAndCaseCount(db: Queryable): Promise<{ schema: string; cases: number }> {
  const schema = await db.one<{ version: string }>('SELECT max(version) AS version FROM schema_migrations');
  const cases = await db.one<{ n: number }>('SELECT count(*)::int AS n FROM cases');
  return { schema: schema.version, cases: cases.n };
}
