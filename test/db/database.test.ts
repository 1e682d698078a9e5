import fs from 'node:fs';
import path from 'node:path';
import { connectDatabase } from '../../server/db/connect';
import { migrate } from '../../server/db/migrate';
import { MIGRATIONS } from '../../server/db/migrations';
import { DatabaseUnavailable, type Tx } from '../../server/db/database';
import { describeEmbedded, describeOnServer, getTestServer, type TestServer } from '../support';
import { createTestDataDir } from '../databases';

describe('The database', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await getTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('When migrations run again on a migrated database, Then nothing is applied twice', async () => {
    expect(await migrate(server.db)).toEqual([]);
    const rows = await server.db.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('When someone tries to rewrite or delete case history, Then the database refuses', async () => {
    const event = await server.db.one<{ id: number }>('SELECT id FROM case_events LIMIT 1');
    await expect(server.db.query("UPDATE case_events SET reason = 'edited' WHERE id = $1", [event.id])).rejects.toThrow(/append-only/);
    await expect(server.db.query('DELETE FROM case_events WHERE id = $1', [event.id])).rejects.toThrow(/append-only/);
  });

  it('When identities are stored, Then the table holds only ciphertext', async () => {
    const dump = JSON.stringify(await server.db.query('SELECT * FROM cases'));
    for (const secret of ['Yolanda Arias', '49790123', 'Rafael Pacheco', '3125550198', 'Marleny Villazón']) {
      expect(dump).not.toContain(secret);
    }
    const rows = await server.db.query<{ identity_ciphertext: string }>('SELECT identity_ciphertext FROM cases WHERE identity_ciphertext IS NOT NULL');
    // Each one made under the current key and bound to its row (docs/encryption.md).
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.identity_ciphertext.startsWith('v2.'))).toBe(true);
  });

  it('When a transaction fails halfway, Then none of it is kept', async () => {
    const before = await server.db.one<{ n: number }>('SELECT count(*) AS n FROM companies');
    const mechanism = await server.db.one<{ id: string }>('SELECT id FROM mechanisms LIMIT 1');
    await expect(
      server.db.transaction(async (tx) => {
        await tx.query("INSERT INTO companies (mechanism_id, name, slug) VALUES ($1, 'Temporal', 'temporal')", [mechanism.id]);
        await tx.query("INSERT INTO companies (mechanism_id, name, slug) VALUES ($1, 'Temporal', 'temporal')", [mechanism.id]);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    const after = await server.db.one<{ n: number }>('SELECT count(*) AS n FROM companies');
    expect(after.n).toBe(before.n);
  });

  it('When a transaction commits with its last statement, Then what it wrote is kept, work after commit runs once it committed, and a statement after that one is refused', async () => {
    const mechanism = await server.db.one<{ id: string }>('SELECT id FROM mechanisms LIMIT 1');
    const insert = 'INSERT INTO companies (mechanism_id, name, slug) VALUES ($1, $2, $2) RETURNING slug';
    const seenAfterCommit: number[] = [];
    const slugs = await server.db.transaction(async (tx) => {
      await tx.query(insert, [mechanism.id, 'last-before']);
      tx.afterCommit(async () => {
        seenAfterCommit.push((await server.db.one<{ n: number }>("SELECT count(*)::int AS n FROM companies WHERE slug LIKE 'last-%'")).n);
      });
      const rows = await tx.queryAndCommit<{ slug: string }>(insert, [mechanism.id, 'last-itself']);
      await expect(tx.query('SELECT 1')).rejects.toThrow(/COMMIT was already sent/);
      await expect(tx.queryAndCommit('SELECT 1')).rejects.toThrow(/COMMIT was already sent/);
      return rows.map((r) => r.slug);
    });
    expect(slugs).toEqual(['last-itself']);
    expect(seenAfterCommit).toEqual([2]);
    // Alone in its transaction (on a server: BEGIN, the statement and COMMIT in one round trip).
    await server.db.transaction((tx) => tx.queryAndCommit(insert, [mechanism.id, 'last-alone']));
    expect((await server.db.one<{ n: number }>("SELECT count(*)::int AS n FROM companies WHERE slug LIKE 'last-%'")).n).toBe(3);
  });

  it('When the last statement that commits fails, Then nothing of the transaction is kept, its error is thrown and no work after commit runs', async () => {
    const mechanism = await server.db.one<{ id: string }>('SELECT id FROM mechanisms LIMIT 1');
    const insert = 'INSERT INTO companies (mechanism_id, name, slug) VALUES ($1, $2, $2)';
    let ranAfterCommit = false;
    await expect(
      server.db.transaction(async (tx) => {
        await tx.query(insert, [mechanism.id, 'failed-last']);
        tx.afterCommit(() => {
          ranAfterCommit = true;
        });
        await tx.queryAndCommit(insert, [mechanism.id, 'failed-last']);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    await expect(server.db.transaction((tx) => tx.queryAndCommit('SELECT 1/0 AS x WHERE $1', [true]))).rejects.toMatchObject({ code: '22012' });
    expect(ranAfterCommit).toBe(false);
    expect((await server.db.one<{ n: number }>("SELECT count(*)::int AS n FROM companies WHERE slug = 'failed-last'")).n).toBe(0);
    // The connection is clean for the next transaction.
    await expect(server.db.transaction((tx) => tx.one<{ n: number }>('SELECT 1 AS n'))).resolves.toEqual({ n: 1 });
  });

  it('When dates come back, Then a date is a plain day and counts are numbers on both databases', async () => {
    const row = await server.db.one<{ d: string; n: number; at: Date }>("SELECT DATE '2026-12-08' AS d, count(*) AS n, now() AS at FROM cases");
    expect(row.d).toBe('2026-12-08');
    expect(typeof row.n).toBe('number');
    expect(row.at).toBeInstanceOf(Date);
  });
});

describeOnServer('Transactions on a PostgreSQL server whose connection fails', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await getTestServer({ fixture: 'empty' });
  });
  afterAll(() => server.close());

  const count = async () => (await server.db.one<{ n: number }>(`SELECT count(*) AS n FROM mechanisms WHERE slug LIKE 'tx-%'`)).n;

  it('When the connection is terminated in the middle of a transaction, Then it fails as unavailable, nothing of it is kept, the process lives on, and the next one works', async () => {
    await expect(
      server.db.transaction(async (tx) => {
        await tx.query(`INSERT INTO mechanisms (slug, name, region, reference_prefix) VALUES ('tx-lost', 'Lost', 'Cesar', 'LOS')`);
        // What a failover or an administrator does to the connection, from the server's side.
        await tx.query('SELECT pg_terminate_backend(pg_backend_pid())');
        await tx.query(`INSERT INTO mechanisms (slug, name, region, reference_prefix) VALUES ('tx-lost-2', 'Lost', 'Cesar', 'LOT')`);
      }),
    ).rejects.toBeInstanceOf(DatabaseUnavailable);
    expect(await count()).toBe(0);
    await server.db.transaction((tx) => tx.query(`INSERT INTO mechanisms (slug, name, region, reference_prefix) VALUES ('tx-after', 'After', 'Cesar', 'AFT')`));
    expect(await count()).toBe(1);
  });

  it('When transactions follow each other on a connection that just answered (BEGIN sent with the first statement), Then each is still one transaction: a failed first statement, a failure after it, statements started together, and one that sends nothing', async () => {
    const insert = (tx: Tx, slug: string, prefix: string) =>
      tx.query(`INSERT INTO mechanisms (slug, name, region, reference_prefix) VALUES ($1, 'Pipelined', 'Cesar', $2)`, [slug, prefix]);
    const before = await count();
    await expect(
      server.db.transaction(async (tx) => {
        await tx.query('SELECT 1/0 AS x WHERE $1', [true]);
        await insert(tx, 'tx-never', 'NEV');
      }),
    ).rejects.toMatchObject({ code: '22012' });
    await expect(
      server.db.transaction(async (tx) => {
        await insert(tx, 'tx-first', 'FIR');
        await insert(tx, 'tx-first', 'FIS');
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await count()).toBe(before);
    // Started together, run in turn: the second sees the first's row.
    const [, seen] = await server.db.transaction((tx) =>
      Promise.all([insert(tx, 'tx-both', 'BOT'), tx.one<{ n: number }>(`SELECT count(*)::int AS n FROM mechanisms WHERE slug = 'tx-both'`)]),
    );
    expect(seen.n).toBe(1);
    await expect(server.db.transaction(async () => 'nothing sent')).resolves.toBe('nothing sent');
    expect(await count()).toBe(before + 1);
  });

  it('When a statement fails inside a transaction and the work carries on regardless, Then the transaction is not reported as committed', async () => {
    const before = await count();
    await expect(
      server.db.transaction(async (tx) => {
        await tx.query(`INSERT INTO mechanisms (slug, name, region, reference_prefix) VALUES ('tx-swallowed', 'Kept?', 'Cesar', 'SWA')`);
        // A bug that swallows an error: PostgreSQL then answers COMMIT with ROLLBACK, not with an error.
        await tx.query('SELECT 1/0').catch(() => undefined);
      }),
    ).rejects.toThrow(/COMMIT answered ROLLBACK/);
    expect(await count()).toBe(before);
  });
});

describeEmbedded('The embedded database folder', () => {
  it('When a second process opens the same folder, Then it is refused instead of corrupting it', async () => {
    // A folder restored from the run's snapshot: the lock is what is tested, not a cold start (initdb).
    const folder = await createTestDataDir('empty');
    const dataDir = path.join(folder.dataDir, 'pglite');
    const first = await connectDatabase({ kind: 'embedded', dataDir });
    try {
      fs.writeFileSync(path.join(folder.dataDir, 'pglite.lock'), String(process.ppid)); // a live process that is not us
      await expect(connectDatabase({ kind: 'embedded', dataDir })).rejects.toThrow(/in use by process/);
    } finally {
      await first.close();
      folder.drop();
    }
  });
});
