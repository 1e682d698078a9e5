/**
 * Running as a database role that does not own the tables (docs/audit.md): migrations ran as the owner,
 * the app connects as a role with row rights only, so it cannot disable the triggers that seal and
 * guard its own record — and filing still works. A PostgreSQL server only: the embedded database has
 * one user.
 */
import crypto from 'node:crypto';
import { Client } from 'pg';
import { describeOnServer, TestClient } from '../support';
import { createTestDatabase, SEED_TIME, type TestDatabase } from '../databases';
import { testConfig } from '../testConfig';
import { startServer, type RunningServer } from '../../server/server';
import { ManualClock } from '../../server/clock';
import { verifyAudit } from '../../server/audit/auditVerifier';
import { buildComplaint, fileComplaint } from '../intakeSupport';
import { filingBatchStats } from '../../server/repositories/filings';
import type { MechanismDto } from '../../shared/types/api';

describeOnServer('The app as a role that does not own the tables', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let appUrl: string;
  const role = `puente_app_${crypto.randomBytes(4).toString('hex')}`;

  async function asOwner<T>(work: (c: Client) => Promise<T>): Promise<T> {
    const owner = new Client({ connectionString: (database.target as { url: string }).url });
    await owner.connect();
    try {
      return await work(owner);
    } finally {
      await owner.end();
    }
  }

  beforeAll(async () => {
    database = await createTestDatabase('demo');
    // The recipe of docs/audit.md, as the owner who ran the migrations.
    await asOwner(async (c) => {
      await c.query(`CREATE ROLE ${role} LOGIN PASSWORD 'app-secret' NOSUPERUSER NOCREATEDB NOCREATEROLE`);
      await c.query(`GRANT CONNECT ON DATABASE ${database.name} TO ${role}`);
      await c.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
      await c.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
      await c.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
      await c.query(`REVOKE UPDATE, DELETE ON case_events, identity_views, admin_changes, audit_digests, audit_digest_heads FROM ${role}`);
      await c.query(`REVOKE INSERT, UPDATE, DELETE ON audit_chain_heads FROM ${role}`);
    });
    const url = new URL((database.target as { url: string }).url);
    url.username = role;
    url.password = 'app-secret';
    appUrl = url.toString();
    server = await startServer({ config: testConfig(), clock: new ManualClock(SEED_TIME), database: { kind: 'server', url: appUrl, poolSize: 3 } });
  });
  afterAll(async () => {
    await server?.stop();
    await database.drop();
    const admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  });

  it('When the app files a complaint, Then it works and the record verifies; its role cannot disable a trigger, rewrite an entry or move a chain head', async () => {
    const client = await TestClient.create(server.url, 'es');
    const mechanism = (await client.get('/api/mechanism')).body as MechanismDto;
    const filed = await fileComplaint(client, buildComplaint(mechanism));
    expect(filed.status).toBe('received');
    expect((await verifyAudit(server.db)).ok).toBe(true);

    const app = new Client({ connectionString: appUrl });
    await app.connect();
    try {
      for (const sql of [
        'ALTER TABLE case_events DISABLE TRIGGER USER',
        'ALTER TABLE case_events DISABLE TRIGGER case_events_append_only',
        'ALTER TABLE identity_views DISABLE TRIGGER identity_views_seal',
        `UPDATE case_events SET reason = 'reescrito'`,
        'DELETE FROM identity_views',
        `UPDATE audit_chain_heads SET seq = 0`,
        'CREATE OR REPLACE FUNCTION forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END; $$',
      ]) {
        await expect(app.query(sql)).rejects.toMatchObject({ code: '42501' });
      }
    } finally {
      await app.end();
    }
  });

  it('When complaints arrive at once, Then the app role writes them in batches (file_cases: figures, tallies, sealed events) and the record verifies', async () => {
    const clients = await Promise.all(Array.from({ length: 8 }, () => TestClient.create(server.url, 'es')));
    const mechanism = (await clients[0]!.get('/api/mechanism')).body as MechanismDto;
    const before = { ...filingBatchStats(server.db) };
    const filed = await Promise.all(clients.map((c) => fileComplaint(c, buildComplaint(mechanism))));
    expect(filed.map((f) => f.status)).toEqual(clients.map(() => 'received'));
    const after = filingBatchStats(server.db);
    // Fewer statements than filings: some went together, through file_cases.
    expect(after.items - before.items).toBe(8);
    expect(after.statements - before.statements).toBeLessThan(8);
    // And none of those batches failed over to one filing a statement (file_case) for lack of a right.
    expect(after.batchesRetriedAlone).toBe(before.batchesRetriedAlone);
    expect(await verifyAudit(server.db)).toMatchObject({ ok: true, breaks: [] });
  });

  it('When the app role offers a seal of its own, even with the set-sealing flag on, Then the trigger replaces it; events it appends in sets verify', async () => {
    const app = new Client({ connectionString: appUrl });
    await app.connect();
    try {
      const { id: caseId } = (await app.query<{ id: string }>('SELECT id FROM cases ORDER BY created_at LIMIT 1')).rows[0]!;
      await app.query('BEGIN');
      await app.query(`SELECT set_config('puente.presealed_events', 'on', true)`);
      const forged = await app.query<{ seq: string; hash: string }>(
        `INSERT INTO case_events (case_id, kind, actor_role, chain_seq, chain_hash) VALUES ($1, 'cases.note', 'system', 999, $2) RETURNING chain_seq AS seq, chain_hash AS hash`,
        [caseId, 'f'.repeat(64)],
      );
      await app.query('COMMIT');
      expect(forged.rows[0]!.hash).not.toBe('f'.repeat(64));
      expect(Number(forged.rows[0]!.seq)).not.toBe(999);
      const events = [1, 2].map((n) => ({ case_id: caseId, kind: 'cases.note', actor_role: 'system', reason: `en serie ${n}` }));
      await app.query('SELECT append_case_events($1::jsonb)', [JSON.stringify(events)]);
    } finally {
      await app.end();
    }
    expect(await verifyAudit(server.db)).toMatchObject({ ok: true, breaks: [] });
  });
});
