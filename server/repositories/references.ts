/**
 * Reference codes of cases (CES-2026-000123): gap-free per mechanism and Bogota year (docs/scaling.md,
 * "Filing at speed", says why gap-free). A counter row per mechanism and year hands them out; taking
 * one locks that row until the filing commits, so filings take it as the last thing they do.
 */
import type { Queryable } from '../db/database';
import { bogotaDate } from '../../shared/calendar';

/**
 * The reference a case holds between its insert and assignReference in the same transaction: unique
 * (the case's own id) and never seen outside it, since both happen before the commit.
 */
export function provisionalReference(caseId: string): string {
  return `pending:${caseId}`;
}

/**
 * Takes the next reference of `mechanismId` for the year of `at` (Bogota time) and gives it to case
 * `caseId`, in one statement. Call it as the last write of the filing transaction: the counter row stays
 * locked until COMMIT, so concurrent filings wait only for each other's last statement and commit, and a
 * rolled-back filing gives its number back (no gap).
 */
export async function assignReference(tx: Queryable, caseId: string, mechanismId: string, prefix: string, at: Date): Promise<string> {
  const year = Number(bogotaDate(at).slice(0, 4));
  const row = await tx.one<{ reference: string }>(
    `WITH taken AS (
       INSERT INTO reference_counters (mechanism_id, year, last_value) VALUES ($2, $3, 1)
       ON CONFLICT (mechanism_id, year) DO UPDATE SET last_value = reference_counters.last_value + 1
       RETURNING last_value::text AS digits
     )
     -- Six digits at least, more once a year passes 999,999 filings (lpad alone would cut them).
     UPDATE cases SET reference = $4 || lpad(taken.digits, greatest(6, length(taken.digits)), '0')
     FROM taken WHERE cases.id = $1 RETURNING cases.reference`,
    [caseId, mechanismId, year, `${prefix}-${year}-`],
  );
  return row.reference;
}

/**
 * Takes the next reference code of a mechanism for the year of `at` (Bogota time), for code that
 * writes a case with its reference at once (the demo seed, test factories); filings use assignReference.
 * The counter row stays locked until the transaction commits.
 */
export async function nextReference(tx: Queryable, mechanismId: string, prefix: string, at: Date): Promise<string> {
  const year = Number(bogotaDate(at).slice(0, 4));
  const row = await tx.one<{ last_value: number }>(
    `INSERT INTO reference_counters (mechanism_id, year, last_value) VALUES ($1, $2, 1)
     ON CONFLICT (mechanism_id, year) DO UPDATE SET last_value = reference_counters.last_value + 1
     RETURNING last_value`,
    [mechanismId, year],
  );
  return `${prefix}-${year}-${String(row.last_value).padStart(6, '0')}`;
}
