/**
 * The rows of the ombudsman's CSV export (issue #16 §6): plain columns, filing and update days already
 * as Bogotá dates, category ids, the identity still sealed. One query reads the whole selection;
 * names come from the mechanism's small reference lists, looked up once per export rather than joined
 * into every row.
 */
import type { Database, Queryable } from '../db/database';
import { emptySql, rawSql, sql, type SqlFragment } from '../db/sql';

import type { CaseAccessFacts, ScopeCondition } from '../policies/casePolicy';
import { redFlagHiddenSql } from './cases';

/** A case as the export writes it. */
export interface ExportRow extends CaseAccessFacts {
  reference: string;
  municipalityId: string;
  /** Whether a red-flag category was chosen (the ombudsman's column; `redFlag` says "still hidden"). */
  redFlagRaised: boolean;
  escalationLevel: number;
  /** `YYYY-MM-DD` in Bogotá. */
  filedOn: string;
  updatedOn: string;
  filingLanguage: string | null;
  /**
   * The case's category ids as PostgreSQL writes an array (`{id,id}`, ordered by id): one text the caller
   * names once per distinct set, rather than an array parsed and sorted on every row.
   */
  categoryIds: string;
  /** Only when identities were asked for; null otherwise. */
  identityCiphertext: string | null;
}

/** Rows fetched per round trip: large, since formatting a row costs microseconds and a trip milliseconds. */
export const EXPORT_FETCH = 5_000;

/**
 * The export's columns over `cases c` (as `from` names it) where `where` holds, newest first. Without
 * identities every column but the escalation level and the update time comes from `cases_export_idx` (0047),
 * which holds the cases in this order; those two come from the case's figures (an index of `cases` holding
 * them kept every escalation from being a HOT update, 0087), one probe of `case_figures_export_idx` (0088) a
 * case. That index is in the same order, so consecutive probes read neighbouring entries. The probe is a
 * LATERAL subquery kept apart (OFFSET 0) rather than a join: joined on its three keys, PostgreSQL expects
 * about one row in all from the join (it multiplies the keys' selectivities), so it hashes the mechanism's
 * million figures and sorts the result, 2-3x slower and no row before the sort ends (docs/scaling.md,
 * session 14). The complainant's accounts are read only when
 * identities are (they decide whether one is shown, and the identity is in the heap anyway). A case's
 * categories are the case row's own sorted copy of them (`category_ids`, 0049), in that index too (0050): a
 * probe of `case_categories` per row held the export to 13–18k rows/s at a million.
 */
function exportQuery(identities: boolean, from: string, where: SqlFragment): SqlFragment {
  const identity = identities
    ? 'c.complainant_user_id AS "complainantUserId", c.filed_by_user_id AS "filedByUserId", c.identity_ciphertext'
    : 'NULL::uuid AS "complainantUserId", NULL::uuid AS "filedByUserId", NULL::text';
  return sql`SELECT c.id, c.reference, c.status, c.mechanism_id AS "mechanismId", c.company_id AS "companyId",
                 c.municipality_id AS "municipalityId", c.identity_mode AS "identityMode",
                 ${rawSql(redFlagHiddenSql('c'))} AS "redFlag", c.red_flag AS "redFlagRaised", ef.escalation_level AS "escalationLevel",
                 bogota_date(c.created_at)::text AS "filedOn", bogota_date(ef.updated_at)::text AS "updatedOn",
                 c.filing_language AS "filingLanguage", ${rawSql(identity)} AS "identityCiphertext",
                 c.category_ids::text AS "categoryIds",
                 c.created_at::text AS "keysetAt"
          FROM ${rawSql(from)}
          CROSS JOIN LATERAL (SELECT f.escalation_level, f.updated_at FROM case_figures f
                              WHERE f.mechanism_id = c.mechanism_id AND f.filed_at = c.created_at AND f.case_id = c.id OFFSET 0) ef
          WHERE ${where}
          ORDER BY c.created_at DESC, c.id DESC`;
}

/**
 * Hands the cases of a scope, newest first, to `take` in batches of EXPORT_FETCH, waiting for each
 * `take` (the response's backpressure) before handing more; `take` answers false to stop (a download
 * given up).
 *
 * On a PostgreSQL server: one query behind a cursor (`DECLARE … CURSOR` in a read-only transaction),
 * planned for the whole result (`cursor_tuple_fraction = 1`), with room to hash and sort in memory when
 * a filter makes that cheaper than the export index's order. The next batch is fetched while `take`
 * formats and writes the current one, so the database and Node work at the same time; at most two
 * batches are in memory. This holds one pool connection and one snapshot for as long as the client takes
 * to download; see docs/oversight.md.
 *
 * On the embedded database (one session: a transaction held open there would stop every other
 * request) the same query is run in keyset batches on filing time and id, each a short statement of
 * its own. A case filed meanwhile is newer than the first batch and not included; none is listed twice.
 */
export async function streamCasesForExport(
  db: Database,
  scope: ScopeCondition,
  identities: boolean,
  take: (rows: ExportRow[]) => Promise<boolean>,
): Promise<void> {
  if (db.kind === 'server') {
    await db.transaction(async (tx) => {
      await tx.query('SET TRANSACTION READ ONLY');
      await tx.query('SET LOCAL jit = off');
      await tx.query('SET LOCAL cursor_tuple_fraction = 1');
      await tx.query("SET LOCAL work_mem = '64MB'");
      await tx.query(sql`DECLARE case_export NO SCROLL CURSOR FOR ${exportQuery(identities, 'cases c', scope)}`);
      const fetch = () => tx.query<ExportRow>(`FETCH ${EXPORT_FETCH} FROM case_export`);
      let next: Promise<ExportRow[]> | undefined = fetch();
      try {
        while (next) {
          const rows: ExportRow[] = await next;
          next = rows.length === EXPORT_FETCH ? fetch() : undefined;
          if (rows.length > 0 && !(await take(rows))) return;
        }
      } finally {
        // A download given up (or a failed write) leaves one fetch in flight: let it land before the
        // transaction ends, so its answer is not an unhandled rejection.
        await next?.catch(() => undefined);
      }
    });
    return;
  }
  await keysetBatches(db, scope, identities, take);
}

async function keysetBatches(db: Queryable, scope: ScopeCondition, identities: boolean, take: (rows: ExportRow[]) => Promise<boolean>): Promise<void> {
  let after: { at: string; id: string } | undefined;
  for (;;) {
    const keyset = after
      ? sql`AND c.created_at <= ${after.at}::timestamptz AND (c.created_at < ${after.at}::timestamptz OR c.id < ${after.id}::uuid)`
      : emptySql;
    // Filing time as text keeps its microseconds, which a JavaScript Date would round away.
    // The batch's cases first, by the index in the list's order, then their categories for the batch alone.
    const rows = await db.query<ExportRow & { keysetAt: string }>(
      sql`WITH batch AS MATERIALIZED (
         SELECT c.id FROM cases c WHERE ${scope} ${keyset} ORDER BY c.created_at DESC, c.id DESC LIMIT ${EXPORT_FETCH}
       ) ${exportQuery(identities, 'batch b JOIN cases c ON c.id = b.id', sql`true`)}`,
    );
    if (rows.length > 0 && !(await take(rows))) return;
    if (rows.length < EXPORT_FETCH) return;
    const last = rows[rows.length - 1]!;
    after = { at: last.keysetAt, id: last.id };
  }
}
