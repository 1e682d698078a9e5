/**
 * Key rotation (issue #15 §3): a seeded database, plus an account and a map point left in plaintext as
 * before migration 0029, is re-encrypted under a new data key by a run interrupted half-way and then
 * `npm run admin -- rotate-key`; afterwards every encrypted field opens with a keyring that no longer holds
 * the old key, log-in by e-mail still finds the account, and a ciphertext moved to another row does not open.
 */
import crypto from 'node:crypto';
import { FieldCipher, LEGACY_KEY_ID, keyIdOf } from '../../server/crypto/fieldCipher';
import { rotateKeys, staleCiphertexts } from '../../server/crypto/keyRotator';
import { SEALED_COLUMNS, reprisalReportPlace, userPlace } from '../../server/crypto/sealedColumns';
import { insertReprisalReport } from '../../server/repositories/custody';
import { runCommand, type CliIo } from '../../server/cli/admin';
import { findUserForLogin } from '../../server/repositories/users';
import { DEMO, getTestServer, type TestServer } from '../support';
import { TEST_DATA_KEY } from '../testConfig';

const NEW_KEY = crypto.randomBytes(32);
/** The test server's own cipher (the key it seals with). */
const testCipher = new FieldCipher(TEST_DATA_KEY);

describe('Data key rotation', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await getTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  /** Every ciphertext of every encrypted column, with the place it is bound to. */
  async function everyCiphertext(): Promise<{ table: string; column: string; id: string; text: string }[]> {
    const all = [];
    for (const c of SEALED_COLUMNS) {
      const rows = await server.db.query<{ id: string; text: string }>(
        `SELECT ${c.rowKey} AS id, ${c.column} AS text FROM ${c.table} WHERE ${c.column} IS NOT NULL`,
      );
      all.push(...rows.map((r) => ({ table: c.table, column: c.column, ...r })));
    }
    return all;
  }

  /** A retaliation report on the first case, sealed as reportReprisal seals it (under the server's key). */
  async function fileReprisalReport(account: string): Promise<string> {
    const c = await server.db.one<{ id: string; mechanismId: string }>(`SELECT id, mechanism_id AS "mechanismId" FROM cases ORDER BY created_at LIMIT 1`);
    const accountCiphertext = testCipher.seal(account, reprisalReportPlace(c.id));
    await insertReprisalReport(server.db, { caseId: c.id, mechanismId: c.mechanismId, accountCiphertext, role: 'complainant', at: server.clock.now() });
    return c.id;
  }

  it('When a rotation is interrupted half-way and resumed, Then every field opens without the old key and log-in still works', async () => {
    // An account and a map point as they were before encryption (the columns remain until sealed).
    await server.db.query(
      `INSERT INTO users (mechanism_id, role, email, display_name, phone, password_hash)
       SELECT id, 'complainant', 'antes.del.cifrado@example.co', 'Persona Anterior', '+573001234567', NULL FROM mechanisms ORDER BY created_at LIMIT 1`,
    );
    await server.db.query(`UPDATE cases SET latitude = 10.4, longitude = -73.2 WHERE id = (SELECT id FROM cases ORDER BY created_at LIMIT 1)`);
    await fileReprisalReport('Me amenazaron en la vereda');
    const before = await everyCiphertext();
    expect(before.length).toBeGreaterThan(20);
    expect(new Set(before.map((c) => keyIdOf(c.text)))).toEqual(new Set([LEGACY_KEY_ID]));

    const rotating = new FieldCipher(TEST_DATA_KEY, {
      currentId: 'k1',
      keys: new Map([
        ['k1', NEW_KEY],
        [LEGACY_KEY_ID, TEST_DATA_KEY],
      ]),
    });
    const interruption = new AbortController();
    let batches = 0;
    const first = await rotateKeys(server.db, rotating, {
      batchSize: 4,
      signal: interruption.signal,
      onBatch: () => {
        batches += 1;
        if (batches === 4) interruption.abort();
      },
    });
    expect(first.complete).toBe(false);
    const midway = await everyCiphertext();
    const moved = midway.filter((c) => keyIdOf(c.text) === 'k1').length;
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThan(midway.length);

    const out: string[] = [];
    const io: CliIo = { out: (l) => out.push(l), err: (l) => out.push(l), readStdin: async () => '', language: 'es' };
    expect(await runCommand({ db: server.db, clock: server.clock, config: server.config, cipher: rotating }, io, ['rotate-key'])).toBe(0);
    expect(out.at(-1)).toMatch(/^Todo quedó cifrado con la clave k1 .*Las claves anteriores ya no hacen falta\.$/);
    expect(Object.values(await staleCiphertexts(server.db, rotating)).every((n) => n === 0)).toBe(true);

    // Only the new key now: every field opens, bound to its row, and nothing is left in plaintext.
    const onlyNew = new FieldCipher(TEST_DATA_KEY, { currentId: 'k1', keys: new Map([['k1', NEW_KEY]]) });
    const after = await everyCiphertext();
    expect(after.length).toBe(before.length + 4); // the old account's name, e-mail and phone, and the case's point
    for (const c of after) expect(() => onlyNew.open(c.text, c)).not.toThrow();
    expect(await server.db.one('SELECT count(*)::int AS n FROM users WHERE email IS NOT NULL OR display_name IS NOT NULL OR phone IS NOT NULL')).toEqual({
      n: 0,
    });
    expect(await server.db.one('SELECT count(*)::int AS n FROM cases WHERE latitude IS NOT NULL')).toEqual({ n: 0 });
    expect(await findUserForLogin(server.db, onlyNew, 'ANTES.DEL.CIFRADO@example.co')).toMatchObject({
      displayName: 'Persona Anterior',
      phone: '+573001234567',
    });
    expect(await findUserForLogin(server.db, onlyNew, DEMO.admin)).toMatchObject({ email: DEMO.admin, role: 'admin' });
    const { pointOfFirst } = await server.db.one<{ pointOfFirst: string }>(
      `SELECT location_ciphertext AS "pointOfFirst" FROM cases WHERE location_ciphertext IS NOT NULL ORDER BY created_at LIMIT 1`,
    );
    expect(after.some((c) => c.text === pointOfFirst)).toBe(true);

    // A ciphertext copied onto another row (or column) does not open there.
    const [a, b] = await server.db.query<{ id: string; name: string }>(`SELECT id, name_ciphertext AS name FROM users ORDER BY id LIMIT 2`);
    expect(() => onlyNew.open(a!.name, userPlace(b!.id, 'name'))).toThrow();
    expect(() => onlyNew.open(a!.name, userPlace(a!.id, 'email'))).toThrow();
    expect(() => new FieldCipher(TEST_DATA_KEY).open(a!.name, userPlace(a!.id, 'name'))).toThrow(/k1 is not in the keyring/);
  });

  it('When anything but a change of key touches a retaliation report, Then the append-only trigger refuses it', async () => {
    const caseId = await fileReprisalReport('Texto que nadie puede reescribir');
    const { id, text } = await server.db.one<{ id: number; text: string }>(
      `SELECT id, account_ciphertext AS text FROM reprisal_reports WHERE case_id = $1 ORDER BY id DESC LIMIT 1`,
      [caseId],
    );
    const sameKey = testCipher.seal('Texto reescrito', reprisalReportPlace(caseId));
    expect(keyIdOf(sameKey)).toBe(keyIdOf(text));
    await expect(server.db.query('UPDATE reprisal_reports SET account_ciphertext = $2 WHERE id = $1', [id, sameKey])).rejects.toThrow(/append-only/);
    await expect(server.db.query(`UPDATE reprisal_reports SET reported_by_role = 'facilitator' WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(server.db.query(`UPDATE reprisal_reports SET account_ciphertext = 'no es un cifrado' WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(server.db.query('DELETE FROM reprisal_reports WHERE id = $1', [id])).rejects.toThrow(/append-only/);
    expect(await server.db.one('SELECT account_ciphertext AS text FROM reprisal_reports WHERE id = $1', [id])).toEqual({ text });
  });
});
