import crypto from 'node:crypto';
import { getTestServer, type TestServer } from '../support';
import { buildCase } from '../factories';
import type { Tx } from '../../server/db/database';

/**
 * The cases' INSERT triggers under `puente.filing_case` (migration 0109): a case written by any other writer gets its
 * figures row and is noted for the effectiveness report; under the case's own id its figures are the writer's, but it
 * is still noted; only under `*` (a batch of `file_cases`, which writes the figures rows, and with them the notes,
 * itself) does neither trigger write anything. A copy of a demo case is inserted each time, in a transaction rolled back.
 */
describe("The cases' INSERT triggers during a filing", () => {
  let server: TestServer;
  let template: string;
  beforeAll(async () => {
    server = await getTestServer();
    template = (await buildCase(server.app.ctx)).id;
  });
  afterAll(async () => {
    await server.close();
  });

  async function insertedUnder(setting: string | null): Promise<{ figures: number; pending: number }> {
    const id = crypto.randomUUID();
    let seen: { figures: number; pending: number } | undefined;
    await server.db
      .transaction(async (tx: Tx) => {
        if (setting !== null) await tx.query(`SELECT set_config('puente.filing_case', $1, true)`, [setting === 'own' ? id : setting]);
        await tx.query(
          `INSERT INTO cases SELECT (jsonb_populate_record(c, jsonb_build_object('id', $2::uuid, 'reference', c.reference || '-copy',
             'idempotency_key', NULL, 'receipt_key_fingerprint', NULL, 'open_data_id', md5($2::text)))).*
           FROM cases c WHERE c.id = $1`,
          [template, id],
        );
        seen = await tx.one<{ figures: number; pending: number }>(
          `SELECT (SELECT count(*)::int FROM case_figures WHERE case_id = $1) AS figures,
                  (SELECT count(*)::int FROM case_effectiveness_pending WHERE case_id = $1 AND xact = pg_current_xact_id()) AS pending`,
          [id],
        );
        throw new Error('rolled back');
      })
      .catch((err: Error) => {
        if (err.message !== 'rolled back') throw err;
      });
    return seen!;
  }

  test('any other writer: figures row and note', async () => {
    expect(await insertedUnder(null)).toEqual({ figures: 1, pending: 1 });
    expect(await insertedUnder('')).toEqual({ figures: 1, pending: 1 });
    expect(await insertedUnder(crypto.randomUUID())).toEqual({ figures: 1, pending: 1 });
  });

  test("the case's own id: the note, not the figures row", async () => {
    expect(await insertedUnder('own')).toEqual({ figures: 0, pending: 1 });
  });

  test('a batch of file_cases (*): neither, the batch writes both', async () => {
    expect(await insertedUnder('*')).toEqual({ figures: 0, pending: 0 });
  });
});
