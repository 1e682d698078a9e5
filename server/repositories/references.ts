/**
 * Reference codes of cases (CES-2026-000123): gap-free per mechanism and Bogota year (docs/scaling.md,
 * "Filing at speed", says why gap-free). A counter row per mechanism and year hands them out; taking
 * one locks that row until the filing commits, so filings take it as the last thing they do (inside
 * `file_case`, migration 0036).
 */
import type { Queryable } from '../db/database';
import { bogotaDate } from '../../shared/calendar';

/**
 * Takes the next reference code of a mechanism for the year of `at` (Bogota time), for code that
 * writes a case with its reference at once (the demo seed, test factories); filings take theirs in `file_case`.
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
