/** The record of administrative and configuration changes (table `admin_changes`, migration 0025): SQL only. */
import type { Queryable } from '../db/database';

/** One row of the record, as its columns hold it. */
export interface NewAdminChange {
  mechanismId: string | null;
  actorUserId: string | null;
  /** 'web' for an admin's request, 'cli' for the command line. */
  source: 'web' | 'cli';
  action: string;
  targetId: string | null;
  data: Record<string, unknown>;
  at: Date;
}

/** Appends a row (the database seals it into the `admin_changes` chain). */
export async function insertAdminChange(tx: Queryable, change: NewAdminChange): Promise<void> {
  await tx.query(
    `INSERT INTO admin_changes (mechanism_id, actor_user_id, source, action, target_id, data, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [change.mechanismId, change.actorUserId, change.source, change.action, change.targetId, JSON.stringify(change.data), change.at],
  );
}
