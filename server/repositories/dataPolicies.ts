/** Versioned data-treatment policies of a mechanism. */
import type { Queryable } from '../db/database';
import type { DataPolicyText } from '../db/dataPolicyText';

/** A stored policy version. */
export interface DataPolicyRecord {
  version: string;
  text: Record<string, string>;
  /** The short plain version per language; null when published without one. */
  summary: Record<string, string> | null;
  publishedAt: Date;
}

/** The policy in force: the latest published at or before `at`. */
export function currentDataPolicy(db: Queryable, mechanismId: string, at: Date): Promise<DataPolicyRecord | undefined> {
  return db.maybeOne<DataPolicyRecord>(
    `SELECT version, text, summary, published_at AS "publishedAt" FROM data_policies
     WHERE mechanism_id = $1 AND published_at <= $2 ORDER BY published_at DESC, version DESC LIMIT 1`,
    [mechanismId, at],
  );
}

/** Publishes a policy version (versions are never edited). */
export async function insertDataPolicy(tx: Queryable, mechanismId: string, policy: DataPolicyText, publishedAt: Date): Promise<void> {
  await tx.query('INSERT INTO data_policies (mechanism_id, version, text, summary, published_at) VALUES ($1, $2, $3, $4, $5)', [
    mechanismId,
    policy.version,
    JSON.stringify(policy.text),
    policy.summary ? JSON.stringify(policy.summary) : null,
    publishedAt,
  ]);
}
