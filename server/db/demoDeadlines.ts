/**
 * Deadlines of the demo: the default policy, and for every open demo case the deadlines of the stage
 * it is in, started when it entered that stage (so the demo shows countdowns, some already overdue).
 */
import type { CaseStatus } from '../../shared/caseLifecycle';
import { OPEN_STATUSES } from '../../shared/caseLifecycle';
import { syncCaseDeadlines } from '../deadlines/deadlineScheduler';
import { ensureDeadlinePolicy } from '../repositories/deadlines';
import type { Queryable } from './database';

/** Gives the demo mechanism its policy and its open cases their running deadlines. */
export async function seedDemoDeadlines(tx: Queryable, mechanismId: string): Promise<void> {
  await ensureDeadlinePolicy(tx, mechanismId);
  const cases = await tx.query<{
    id: string;
    mechanismId: string;
    companyId: string | null;
    redFlag: boolean;
    status: CaseStatus;
    fromStatus: CaseStatus | null;
    enteredAt: Date;
  }>(
    `SELECT c.id, c.mechanism_id AS "mechanismId", c.company_id AS "companyId", c.red_flag AS "redFlag", c.status,
            e.from_status AS "fromStatus", e.created_at AS "enteredAt"
     FROM cases c
     JOIN LATERAL (SELECT from_status, created_at FROM case_events WHERE case_id = c.id AND to_status IS NOT NULL ORDER BY id DESC LIMIT 1) e ON true
     WHERE c.mechanism_id = $1 AND c.status = ANY($2::text[])`,
    [mechanismId, OPEN_STATUSES],
  );
  for (const c of cases) await syncCaseDeadlines(tx, c, c.fromStatus, c.enteredAt);
}
