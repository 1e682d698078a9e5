/**
 * The daily digest of the tamper-evident record (docs/audit.md): once per Bogota day the database
 * commits to every chain head that moved (SQL `audit_publish_digest`), and the hash is written to the
 * log and shown on the public transparency page, so copies exist outside the database.
 */
import { bogotaDate } from '../../shared/calendar';
import type { AuditDigestDto } from '../../shared/types/audit';
import type { Clock } from '../clock';
import type { Queryable } from '../db/database';
import { logger } from '../logger';
import { listLatestDigests, publishDigest, type PublishedDigest } from '../repositories/auditChains';

function present(row: PublishedDigest): AuditDigestDto {
  return { day: row.day, hash: row.hash, madeAt: row.made_at.toISOString(), entries: row.entries };
}

/** Makes today's digest unless it exists, and logs it when it is new. Safe on several instances at once. */
export async function publishDailyDigest(db: Queryable, clock: Clock): Promise<AuditDigestDto> {
  const now = clock.now();
  const row = await publishDigest(db, bogotaDate(now), now);
  if (row.made_at.getTime() === now.getTime()) {
    logger.info('audit digest published', { day: row.day, hash: row.hash, chains: row.chains, entries: row.entries });
  }
  return present(row);
}

/** The latest digests, newest first. */
export async function listDigests(db: Queryable, limit: number): Promise<AuditDigestDto[]> {
  return (await listLatestDigests(db, limit)).map(present);
}
