import { getTestServer, type TestServer } from '../support';
import type { Tx } from '../../server/db/database';

/**
 * A filing batch's figures (`case_figures_of_rows`, called by `file_cases`) read the cases' categories and deadlines
 * through their indexes, never by scanning the tables (migration 0114). `file_cases` is PL/pgSQL and keeps its
 * statements' plans a session; with the figures' query inlined into them, a plan made while those tables held a fresh
 * installation's few hundred rows scanned both for every batch at any size they later reached, until the next ANALYZE
 * (docs/scaling.md, "Filing at speed", session 18). Here they hold the demo's rows, analyzed, when a scan is the cheapest plan
 * for a query written in the caller; the figures are asked for ten times from PL/pgSQL (as `file_cases` asks, in a
 * transaction rolled back), and the connection's own counters must show index lookups of both and no scan.
 */
describe("A filing batch's figures", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await getTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  /** Scans of `table` by this connection in this transaction, by kind. */
  async function scansOf(tx: Tx, table: string): Promise<{ seq: number; idx: number }> {
    const row = await tx.maybeOne<{ seq: number; idx: number }>(
      `SELECT COALESCE(seq_scan, 0)::int AS seq, COALESCE(idx_scan, 0)::int AS idx FROM pg_stat_xact_user_tables WHERE relid = $1::regclass`,
      [table],
    );
    return row ?? { seq: 0, idx: 0 };
  }

  test('read by index, however often they are asked for', async () => {
    await server.db
      .transaction(async (tx: Tx) => {
        const { n } = await tx.one<{ n: number }>(`SELECT count(*)::int AS n FROM case_deadlines`);
        expect(n).toBeLessThan(1000);
        // Their statistics as autovacuum's ANALYZE leaves them for a table this size (a scan is then the cheapest plan).
        await tx.query(`ANALYZE case_categories, case_deadlines`);
        const before = { categories: await scansOf(tx, 'case_categories'), deadlines: await scansOf(tx, 'case_deadlines') };
        await tx.query(`
          DO $$
          DECLARE
            ids uuid[] := ARRAY(SELECT id FROM cases ORDER BY id LIMIT 20);
            found integer;
          BEGIN
            FOR i IN 1..10 LOOP
              SELECT count(*) INTO found FROM case_figures_of_rows(ids, ARRAY(SELECT c FROM cases c WHERE c.id = ANY (ids)));
              IF found <> cardinality(ids) THEN RAISE EXCEPTION 'figures of % cases, not %', found, cardinality(ids); END IF;
            END LOOP;
          END $$`);
        const after = { categories: await scansOf(tx, 'case_categories'), deadlines: await scansOf(tx, 'case_deadlines') };
        for (const table of ['categories', 'deadlines'] as const) {
          expect(after[table].seq - before[table].seq).toBe(0);
          expect(after[table].idx).toBeGreaterThan(before[table].idx);
        }
        throw new Error('rolled back');
      })
      .catch((err: Error) => {
        if (err.message !== 'rolled back') throw err;
      });
  });
});
