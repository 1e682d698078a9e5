/** What follows a resolution: the appeal window and the complainant's satisfaction (case_satisfaction). SQL in one place; plain objects out. */
import type { Queryable } from '../db/database';
import type { AuthorRole } from '../../shared/types/dialogue';

/** When the case reached its current status, and the mechanism's appeal window. */
export async function appealFacts(
  db: Queryable,
  caseId: string,
  status: string,
): Promise<{ closedAt: Date | null; windowDays: number; statusEventId: number | null }> {
  return db.one(
    `SELECT e.created_at AS "closedAt", e.id AS "statusEventId", mech.appeal_window_days AS "windowDays"
     FROM cases c JOIN mechanisms mech ON mech.id = c.mechanism_id
     LEFT JOIN LATERAL (SELECT id, created_at FROM case_events WHERE case_id = c.id AND to_status = $2 ORDER BY id DESC LIMIT 1) e ON true
     WHERE c.id = $1`,
    [caseId, status],
  );
}

/** A complainant's answer about a resolution. */
export interface SatisfactionRow {
  resolvedEventId: number;
  score: number;
  comment: string | null;
  createdAt: Date;
}

/** The answer about one resolution, if given. */
export function findSatisfaction(db: Queryable, caseId: string, resolvedEventId: number): Promise<SatisfactionRow | undefined> {
  return db.maybeOne<SatisfactionRow>(
    `SELECT resolved_event_id AS "resolvedEventId", score, comment, created_at AS "createdAt" FROM case_satisfaction WHERE case_id = $1 AND resolved_event_id = $2`,
    [caseId, resolvedEventId],
  );
}

/** The newest answer about any resolution of the case, if given. */
export function latestSatisfaction(db: Queryable, caseId: string): Promise<SatisfactionRow | undefined> {
  return db.maybeOne<SatisfactionRow>(
    `SELECT resolved_event_id AS "resolvedEventId", score, comment, created_at AS "createdAt" FROM case_satisfaction WHERE case_id = $1 ORDER BY resolved_event_id DESC LIMIT 1`,
    [caseId],
  );
}

/** Stores the answer about one resolution. */
export async function insertSatisfaction(
  tx: Queryable,
  s: { caseId: string; resolvedEventId: number; score: number; comment: string | null; byUserId: string | null; byRole: AuthorRole; at: Date },
): Promise<void> {
  await tx.query(
    `INSERT INTO case_satisfaction (case_id, resolved_event_id, score, comment, by_user_id, by_role, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [s.caseId, s.resolvedEventId, s.score, s.comment, s.byUserId, s.byRole, s.at],
  );
}
