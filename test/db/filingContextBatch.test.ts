import crypto from 'node:crypto';
import { getTestServer, type TestServer } from '../support';
import { filingContextBatchStats, readFilingContext, type FilingContext, type FilingQuestion } from '../../server/repositories/filings';
import type { Tx } from '../../server/db/database';

/**
 * The filings' batched read (`filing_contexts`, server/repositories/filings.ts) answers each filing as its read alone
 * does, and reads what a batch shares once: the mechanism's deadline policy and holidays once a mechanism, a named
 * company's standing and liaisons once a company (docs/scaling.md, "Filing at speed", session 18). Before, the plan
 * folded those parts into every filing's row and read them again for each.
 */
describe("The filings' batched read", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await getTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  /** Scans of `table` (sequential and by index) by this connection in this transaction. */
  async function scansOf(tx: Tx, table: string): Promise<number> {
    const row = await tx.maybeOne<{ n: number }>(
      `SELECT (COALESCE(seq_scan, 0) + COALESCE(idx_scan, 0))::int AS n FROM pg_stat_xact_user_tables WHERE relid = $1::regclass`,
      [table],
    );
    return row?.n ?? 0;
  }

  test('answers each filing as alone, reading the mechanism once and each company once', async () => {
    await server.db
      .transaction(async (tx: Tx) => {
        const place = await tx.one<{ m: string; mun: string }>(
          `SELECT m.mechanism_id AS m, m.id AS mun FROM municipalities m JOIN mechanisms x ON x.id = m.mechanism_id WHERE m.active ORDER BY x.slug, m.id LIMIT 1`,
        );
        // Two companies of the mechanism with liaisons; the first gets a second one, so its list has an order to keep.
        const companies = await tx.query<{ id: string }>(
          `SELECT c.id FROM companies c WHERE c.mechanism_id = $1 AND c.active
             AND EXISTS (SELECT FROM users u WHERE u.company_id = c.id AND u.role = 'liaison' AND u.active)
           ORDER BY c.id LIMIT 2`,
          [place.m],
        );
        expect(companies).toHaveLength(2);
        const [a, b] = companies.map((c) => c.id) as [string, string];
        await tx.query(
          `INSERT INTO users (id, role, email_ciphertext, email_index, name_ciphertext, language, company_id, mechanism_id, active)
           SELECT $2::uuid, role, email_ciphertext, 'second-' || $2::text, name_ciphertext, language, company_id, mechanism_id, true
           FROM users WHERE company_id = $1 AND role = 'liaison' AND active ORDER BY id LIMIT 1`,
          [a, crypto.randomUUID()],
        );
        const unknown = crypto.randomUUID();
        const now = new Date();
        const question = (companyId: string | null): FilingQuestion => ({
          municipalityId: place.mun,
          veredaId: null,
          companyId,
          categoryCodes: ['water'],
          idempotencyKey: crypto.randomUUID(),
          receiptKeyFingerprint: null,
          now,
        });
        const read = (q: FilingQuestion): Promise<FilingContext> => readFilingContext(tx, place.m, q);
        const shared = (c: FilingContext) => ({
          municipality: c.municipality,
          companyKnown: c.companyKnown,
          categories: c.categories,
          policyVersion: c.policyVersion,
          deadlinePolicy: c.deadlinePolicy,
          holidays: c.holidays,
          liaisons: c.liaisons,
        });
        const named = [a, b, a, null, unknown, b];
        // Each alone (a quiet moment: `filing_context`, one filing a statement).
        const alone: FilingContext[] = [];
        for (const companyId of named) alone.push(await read(question(companyId)));
        expect(alone.map((c) => [c.companyKnown, c.liaisons.length])).toEqual([
          [true, 2],
          [true, 1],
          [true, 2],
          [true, 0],
          [false, 0],
          [true, 1],
        ]);

        // Together: the seven asked in one turn of the event loop go in one `filing_contexts`.
        const [policiesBefore, usersBefore, statsBefore] = [await scansOf(tx, 'deadline_policies'), await scansOf(tx, 'users'), filingContextBatchStats(tx)];
        const together = await Promise.all([read(question(a)), ...named.map((companyId) => read(question(companyId)))]);
        const stats = filingContextBatchStats(tx);
        expect([stats.statements - statsBefore.statements, stats.items - statsBefore.items]).toEqual([1, 7]);
        expect(together.slice(1).map(shared)).toEqual(alone.map(shared));
        // The batch: the policy once, the users once for each of its three companies.
        expect((await scansOf(tx, 'deadline_policies')) - policiesBefore).toBeLessThanOrEqual(1);
        expect((await scansOf(tx, 'users')) - usersBefore).toBeLessThanOrEqual(3);
        throw new Error('rolled back');
      })
      .catch((err: Error) => {
        if (err.message !== 'rolled back') throw err;
      });
  });

  test("finds a company's liaisons by index among many accounts", async () => {
    await server.db
      .transaction(async (tx: Tx) => {
        const place = await tx.one<{ m: string; mun: string; co: string }>(
          `SELECT m.mechanism_id AS m, m.id AS mun, c.id AS co FROM municipalities m JOIN mechanisms x ON x.id = m.mechanism_id
             JOIN companies c ON c.mechanism_id = m.mechanism_id AND c.active
           WHERE m.active AND EXISTS (SELECT FROM users u WHERE u.company_id = c.id AND u.role = 'liaison' AND u.active)
           ORDER BY x.slug, m.id, c.id LIMIT 1`,
        );
        // An installation's accounts are mostly complainants'.
        await tx.query(
          `INSERT INTO users (mechanism_id, role, display_name, email, language)
           SELECT $1, 'complainant', 'Persona', 'persona' || g || '@example.org', 'es' FROM generate_series(1, 5000) g`,
          [place.m],
        );
        await tx.query(`ANALYZE users`);
        const question = (): FilingQuestion => ({
          municipalityId: place.mun,
          veredaId: null,
          companyId: place.co,
          categoryCodes: ['water'],
          idempotencyKey: crypto.randomUUID(),
          receiptKeyFingerprint: null,
          now: new Date(),
        });
        const seqBefore = (await tx.one<{ n: number }>(`SELECT COALESCE(seq_scan, 0)::int AS n FROM pg_stat_xact_user_tables WHERE relid = 'users'::regclass`))
          .n;
        // Alone (`filing_context`) and in a batch (`filing_contexts`).
        const read = await Promise.all([1, 2, 3].map(() => readFilingContext(tx, place.m, question())));
        for (const context of read) expect(context.liaisons.length).toBeGreaterThan(0);
        const seqAfter = (await tx.one<{ n: number }>(`SELECT COALESCE(seq_scan, 0)::int AS n FROM pg_stat_xact_user_tables WHERE relid = 'users'::regclass`))
          .n;
        expect(seqAfter - seqBefore).toBe(0);
        throw new Error('rolled back');
      })
      .catch((err: Error) => {
        if (err.message !== 'rolled back') throw err;
      });
  });
});
