/** Reference codes of cases (CES-2026-000123): sequential per mechanism and Bogota year. */
import type { Queryable } from '../db/database';
import { bogotaDate } from '../../shared/calendar';

/**
 * Takes the next reference code of a mechanism for the year of `at` (Bogota time). Call inside the
 * transaction that inserts the case: the counter row stays locked until it commits, so concurrent
 * filings queue and a rolled-back filing leaves no gap.
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
