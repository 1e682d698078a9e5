/**
 * The keyed blind index of cases' equity answers (`cases.equity_index`, migration 0045): the cases still
 * to index and the writing of their indexes. Computing an index is server/learning/equityIndex.ts's.
 */
import type { Queryable } from '../db/database';
import { sql } from '../db/sql';

/** A case whose sealed equity answers have no index yet. */
export interface UnindexedEquity {
  id: string;
  ciphertext: string;
}

/** Up to `limit` cases of `mechanismId` with sealed answers and no index, in id order after `afterId`. */
export function unindexedEquityAnswers(db: Queryable, mechanismId: string, afterId: string, limit: number): Promise<UnindexedEquity[]> {
  return db.query<UnindexedEquity>(
    sql`SELECT id, equity_ciphertext AS ciphertext FROM cases
        WHERE mechanism_id = ${mechanismId} AND equity_ciphertext IS NOT NULL AND equity_index IS NULL AND id > ${afterId}
        ORDER BY id LIMIT ${limit}`,
  );
}

/**
 * Writes each case's index, only where the case still has the ciphertext it was computed from and no
 * index yet (a concurrent change of the answers or another indexer wins); how many were written.
 */
export async function writeEquityIndexes(db: Queryable, indexed: readonly (UnindexedEquity & { index: string })[]): Promise<number> {
  const updated = await db.query(
    sql`UPDATE cases c SET equity_index = v.index
        FROM unnest(${indexed.map((r) => r.id)}::uuid[], ${indexed.map((r) => r.ciphertext)}::text[], ${indexed.map((r) => r.index)}::text[]) AS v(id, ciphertext, index)
        WHERE c.id = v.id AND c.equity_ciphertext = v.ciphertext AND c.equity_index IS NULL RETURNING c.id`,
  );
  return updated.length;
}
