import crypto from 'node:crypto';
import { getTestServer, type TestServer } from '../support';
import { filingContextBatchStats, readFilingContext, type FilingContext, type FilingQuestion } from '../../server/repositories/filings';
import type { Tx } from '../../server/db/database';

/**
 * The filing's read finds a retried filing's case and a device's taken receipt key through `cases`' indexes, never by
 * scanning the table (migration 0110). Its statements are named and keep, after five runs, the generic plan they were
 * given; one made while `cases` held a fresh installation's few rows scanned the whole table for every filing, at any
 * size it later reached, until the next ANALYZE (docs/scaling.md, "Slow bench rounds"). Here `cases` holds the demo's
 * handful of rows, when a scan is the cheapest plan for a lookup written in the statement itself; the reads run ten
 * times on one connection (a transaction, rolled back), past the five, alone and in a batch, and the connection's own
 * counters of this transaction must show index lookups of `cases` and no scan of it.
 */
describe("The filing's read of keys in cases", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await getTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  /** Scans of `cases` by this connection in this transaction, by kind. */
  async function scansOfCases(tx: Tx): Promise<{ seq: number; idx: number }> {
    return tx.one(`SELECT COALESCE(seq_scan, 0)::int AS seq, COALESCE(idx_scan, 0)::int AS idx FROM pg_stat_xact_user_tables WHERE relid = 'cases'::regclass`);
  }

  test('by index, alone and in a batch, however often it runs', async () => {
    await server.db
      .transaction(async (tx: Tx) => {
        // A case made by a filing with its idempotency key and a device's receipt key, and its receipt copy (still kept).
        const place = await tx.one<{ m: string; mun: string }>(
          `SELECT m.mechanism_id AS m, m.id AS mun FROM municipalities m JOIN mechanisms x ON x.id = m.mechanism_id WHERE m.active ORDER BY x.slug, m.id LIMIT 1`,
        );
        const [ik, fp] = [crypto.randomUUID(), `fp-${crypto.randomUUID()}`];
        const filed = await tx.one<{ id: string; reference: string }>(
          `UPDATE cases SET idempotency_key = $1, receipt_key_fingerprint = $2
           WHERE id = (SELECT id FROM cases WHERE mechanism_id = $3 ORDER BY reference LIMIT 1) RETURNING id, reference`,
          [ik, fp, place.m],
        );
        const now = new Date();
        await tx.query(`INSERT INTO filing_receipts (idempotency_key, case_id, receipt_key_ciphertext, expires_at) VALUES ($1, $2, 'sealed', $3)`, [
          ik,
          filed.id,
          new Date(now.getTime() + 60_000),
        ]);
        expect(Number((await tx.one<{ n: string }>(`SELECT count(*) AS n FROM cases`)).n)).toBeLessThan(100);

        const question = (idempotencyKey: string, receiptKeyFingerprint: string | null): FilingQuestion => ({
          municipalityId: place.mun,
          veredaId: null,
          companyId: null,
          categoryCodes: ['water'],
          idempotencyKey,
          receiptKeyFingerprint,
          now,
        });
        const read = (q: FilingQuestion): Promise<FilingContext> => readFilingContext(tx, place.m, q);
        for (let round = 0; round < 10; round++) {
          const before = await scansOfCases(tx);
          const statementsBefore = filingContextBatchStats(tx).statements;
          // The first read goes alone (`filing_context`) at the end of its turn of the event loop; the three asked while it
          // runs go together (`filing_contexts`).
          const first = read(question(ik, null));
          await new Promise((resolve) => setImmediate(resolve));
          const [retried, fresh, device, both] = await Promise.all([
            first,
            read(question(crypto.randomUUID(), `fp-${crypto.randomUUID()}`)),
            read(question(crypto.randomUUID(), fp)),
            read(question(ik, fp)),
          ]);
          for (const found of [retried, both]) {
            expect(found.existing).toMatchObject({ id: filed.id, reference: filed.reference, receiptKeyCiphertext: 'sealed' });
          }
          expect([fresh.existing, device.existing]).toEqual([null, null]);
          expect([retried.receiptKeyTaken, fresh.receiptKeyTaken, device.receiptKeyTaken, both.receiptKeyTaken]).toEqual([false, false, true, true]);
          const after = await scansOfCases(tx);
          expect(filingContextBatchStats(tx).statements - statementsBefore).toBe(2);
          expect(after.seq - before.seq).toBe(0);
          expect(after.idx).toBeGreaterThan(before.idx);
        }
        // A receipt copy past its time is not shown, judged by the filing's own clock.
        const later = await read({ ...question(ik, null), now: new Date(now.getTime() + 120_000) });
        expect(later.existing).toMatchObject({ id: filed.id, receiptKeyCiphertext: null });
        throw new Error('rolled back');
      })
      .catch((err: Error) => {
        if (err.message !== 'rolled back') throw err;
      });
  });
});
