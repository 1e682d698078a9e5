/**
 * The tamper-evident record (issue #15 §1): 100 random rewrites of a seeded database's history —
 * edits, deletions, insertions and reorderings of case events, identity views and admin changes, made
 * as the tables' owner with the triggers disabled — are each found by `verify-audit`, which names the
 * entry; the untouched database verifies; a rewrite that recomputes the chains is caught by the digest.
 */
import { getTestServer, DEMO, type TestServer } from '../support';
import type { Tx } from '../../server/db/database';
import { entryHash, GENESIS, verifyAudit, type AuditBreak } from '../../server/audit/auditVerifier';
import { runCommand, type CliIo } from '../../server/cli/admin';
import { publishDailyDigest } from '../../server/audit/auditDigest';

type Table = 'case_events' | 'identity_views' | 'admin_changes';
const TABLES: Table[] = ['case_events', 'identity_views', 'admin_changes'];
const chainOf: Record<Table, string> = {
  case_events: `'case_events:' || case_id`,
  identity_views: `'identity_views:' || case_id`,
  admin_changes: `'admin_changes'`,
};

interface Entry {
  id: string;
  chain: string;
  seq: number;
  hash: string;
}

/** A small seeded generator, so a failing round can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class RolledBack extends Error {}

describe('Tamper-evident record', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await getTestServer();
    // Identity views (an export that includes identities logs one per protected case; lists log none,
    // docs/custody.md) and admin changes of every kind.
    const ombudsman = await server.loginAs(DEMO.ombudsman);
    for (let i = 0; i < 3; i++) expect((await ombudsman.get('/api/oversight/export.csv?includeIdentities=true')).status).toBe(200);
    const admin = await server.loginAs(DEMO.admin);
    const me = (await admin.get('/api/admin/overview')).body.mechanism.id as string;
    for (const slug of ['norte', 'sur', 'oriente']) {
      expect((await admin.post(`/api/admin/mechanisms/${me}/companies`, { name: `Minera ${slug}`, slug })).status).toBe(201);
    }
    const company = (await admin.get(`/api/admin/mechanisms/${me}/companies`)).body.find((c: { slug: string }) => c.slug === 'norte');
    expect((await admin.send('patch', `/api/admin/mechanisms/${me}/companies/${company.id}`, { name: 'Minera del Norte' })).status).toBe(200);
  });
  afterAll(async () => {
    await server.close();
  });

  /** Runs `tamper` as the owner with every user trigger off, verifies, and rolls everything back. */
  async function tamperAndVerify(tamper: (tx: Tx) => Promise<void>) {
    let report: Awaited<ReturnType<typeof verifyAudit>> | undefined;
    await server.db
      .transaction(async (tx) => {
        for (const table of TABLES) await tx.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
        await tamper(tx);
        report = await verifyAudit(tx);
        throw new RolledBack();
      })
      .catch((err: unknown) => {
        if (!(err instanceof RolledBack)) throw err;
      });
    return report!;
  }

  async function entries(table: Table): Promise<Entry[]> {
    return server.db.query<Entry>(`SELECT id::text AS id, ${chainOf[table]} AS chain, chain_seq AS seq, chain_hash AS hash FROM ${table} ORDER BY id`);
  }

  it('When nothing was touched, Then every chain verifies, and verify-audit says so and exits 0', async () => {
    const report = await verifyAudit(server.db);
    expect(report).toMatchObject({ ok: true, breaks: [] });
    for (const table of TABLES) expect((await entries(table)).length).toBeGreaterThan(1);
    expect(report.entries).toBe((await entries('case_events')).length + (await entries('identity_views')).length + (await entries('admin_changes')).length);
    const lines: string[] = [];
    const io: CliIo = { out: (l) => lines.push(l), err: (l) => lines.push(l), readStdin: async () => '', language: 'es' };
    expect(await runCommand({ db: server.db, clock: server.clock, config: server.config, cipher: server.app.ctx.cipher }, io, ['verify-audit'])).toBe(0);
    expect(lines.join('\n')).toMatch(/^Registro íntegro, verificado hasta 20\d\d-.*\(cadenas: \d+; entradas: \d+; huellas diarias: 0\)\.$/);
  });

  it('When many transactions append to one case and one admin chain at once, Then the chains do not fork', async () => {
    const caseId = (await server.db.one<{ id: string }>('SELECT id FROM cases ORDER BY reference LIMIT 1')).id;
    const before = (await entries('case_events')).filter((e) => e.chain === `case_events:${caseId}`).length;
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        server.db.transaction(async (tx) => {
          await tx.query(`INSERT INTO case_events (case_id, kind, actor_role, reason, created_at) VALUES ($1, 'cases.note', 'system', $2, now())`, [
            caseId,
            `carrera ${i}`,
          ]);
          await tx.query(`INSERT INTO admin_changes (source, action, target_id, created_at) VALUES ('system', 'test.race', $1, now())`, [String(i)]);
        }),
      ),
    );
    const chain = (await entries('case_events')).filter((e) => e.chain === `case_events:${caseId}`);
    expect(chain.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: before + 12 }, (_, i) => i + 1));
    expect((await verifyAudit(server.db)).breaks).toEqual([]);
  });

  it('When many transactions append sets of events to the same cases at once (as sweeps and filings do), Then each chain links them one after the other', async () => {
    const caseIds = (await server.db.query<{ id: string }>('SELECT id FROM cases ORDER BY reference DESC LIMIT 3')).map((c) => c.id);
    const chainOfCase = (id: string) => `case_events:${id}`;
    const before = new Map(caseIds.map((id) => [id, 0]));
    for (const e of await entries('case_events')) for (const id of caseIds) if (e.chain === chainOfCase(id)) before.set(id, before.get(id)! + 1);
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        server.db.transaction(async (tx) => {
          // The cases in a different order each time, the first of them twice (two turns of one set); every other set
          // beside a single event through the row trigger, which links its event by itself: 15 more events a case.
          const order = i % 2 ? [...caseIds].reverse() : caseIds;
          const events = [...order, order[0]!].map((id, n) => ({ case_id: id, kind: 'cases.note', actor_role: 'system', reason: `set ${i}.${n}` }));
          await tx.query('SELECT append_case_events($1::jsonb)', [JSON.stringify(events)]);
          if (i % 2 === 0) {
            await tx.query(`INSERT INTO case_events (case_id, kind, actor_role, reason, created_at) VALUES ($1, 'cases.note', 'system', $2, now())`, [
              caseIds[1],
              `alone ${i}`,
            ]);
          }
        }),
      ),
    );
    for (const id of caseIds) {
      const chain = (await entries('case_events')).filter((e) => e.chain === chainOfCase(id));
      expect(chain.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: before.get(id)! + 15 }, (_, n) => n + 1));
    }
    expect((await verifyAudit(server.db)).breaks).toEqual([]);
  });

  it('When 100 random rows are edited, deleted, inserted or reordered with the triggers off, Then each is found and the right entry named', async () => {
    const next = random(15_2026);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
    const all = Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await entries(t)] as const))) as Record<Table, Entry[]>;
    const found: string[] = [];
    for (let round = 0; round < 100; round++) {
      const table = TABLES[round % 3]!;
      const rows = all[table];
      const kind = pick(['edit', 'delete', 'insert', 'reorder'] as const);
      let expected: AuditBreak;
      let tamper: (tx: Tx) => Promise<void>;
      const row = pick(rows);
      if (kind === 'edit') {
        const edits: Record<Table, string[]> = {
          // Each edit changes the value whatever it was.
          case_events: [
            `reason = coalesce(reason, '') || ' (otra)'`,
            `actor_role = actor_role || 'x'`,
            `created_at = created_at - interval '1 day'`,
            `data = data || '{"x":1}'`,
            `kind = kind || '.x'`,
          ],
          identity_views: [
            `context = context || 'x'`,
            `viewed_at = viewed_at + interval '1 second'`,
            `user_id = (SELECT id FROM users WHERE role = 'admin' LIMIT 1)`,
          ],
          admin_changes: [
            `action = action || '.x'`,
            `data = data || '{"y":2}'`,
            `created_at = created_at + interval '1 hour'`,
            `actor_user_id = (SELECT id FROM users WHERE role = 'ombudsman' LIMIT 1)`,
          ],
        };
        const set = pick(edits[table]);
        tamper = (tx) => tx.query(`UPDATE ${table} SET ${set} WHERE id = $1`, [row.id]).then(() => {});
        expected = { table, chain: row.chain, seq: row.seq, id: row.id, problem: 'altered' };
      } else if (kind === 'delete') {
        tamper = (tx) => tx.query(`DELETE FROM ${table} WHERE id = $1`, [row.id]).then(() => {});
        expected = { table, chain: row.chain, seq: row.seq, id: null, problem: 'missing' };
      } else if (kind === 'insert') {
        // A forged entry: a copy of a real one at its position, or a new last entry with a made-up seal.
        const chainRows = rows.filter((r) => r.chain === row.chain);
        const last = Math.max(...chainRows.map((r) => r.seq));
        const copy = next() < 0.5;
        const seq = copy ? row.seq : last + 1;
        const hash = copy ? row.hash : 'f'.repeat(64);
        let insertedId = '';
        tamper = async (tx) => {
          const columns = (
            await tx.query<{ name: string }>(
              `SELECT column_name AS name FROM information_schema.columns WHERE table_name = $1 AND column_name NOT IN ('id', 'chain_seq', 'chain_hash') ORDER BY ordinal_position`,
              [table],
            )
          ).map((c) => c.name);
          const inserted = await tx.one<{ id: string }>(
            `INSERT INTO ${table} (${columns.join(', ')}, chain_seq, chain_hash) SELECT ${columns.join(', ')}, $2, $3 FROM ${table} WHERE id = $1 RETURNING id::text AS id`,
            [row.id, seq, hash],
          );
          insertedId = inserted.id;
          expected.id = insertedId;
        };
        expected = { table, chain: row.chain, seq, id: '', problem: copy ? 'unexpected' : 'altered' };
      } else {
        // Two entries of one chain trade places.
        const chains = [...new Set(rows.map((r) => r.chain))].filter((c) => rows.filter((r) => r.chain === c).length > 1);
        const chain = pick(chains);
        const chainRows = rows.filter((r) => r.chain === chain);
        const a = pick(chainRows);
        const b = pick(chainRows.filter((r) => r !== a));
        const [first, second] = a.seq < b.seq ? [a, b] : [b, a];
        tamper = (tx) =>
          tx
            .query(`UPDATE ${table} SET chain_seq = CASE WHEN id = $1 THEN $4::bigint ELSE $3::bigint END WHERE id IN ($1, $2)`, [
              first.id,
              second.id,
              first.seq,
              second.seq,
            ])
            .then(() => {});
        expected = { table, chain, seq: first.seq, id: second.id, problem: 'altered' };
      }
      const report = await tamperAndVerify(tamper);
      expect({ round, kind, breaks: report.breaks }).toEqual({ round, kind, breaks: [expected] });
      found.push(kind);
    }
    expect(found).toHaveLength(100);
    expect(new Set(found)).toEqual(new Set(['edit', 'delete', 'insert', 'reorder']));
    // And every round was rolled back: the record verifies again.
    expect((await verifyAudit(server.db)).ok).toBe(true);
  });

  it('When the rewriter also recomputes the chain, Then the stored digest catches it, and a digest kept outside catches a rewritten digest', async () => {
    const published = await server.db.one<{ day: string; hash: string }>(`SELECT day, hash FROM audit_publish_digest('2026-11-20', $1)`, [server.clock.now()]);
    expect((await verifyAudit(server.db)).ok).toBe(true);
    const victim = (await entries('case_events'))[3]!;
    const rewriteChain = async (tx: Tx) => {
      await tx.query(`UPDATE case_events SET reason = 'reescrito' WHERE id = $1`, [victim.id]);
      // Reseal the whole chain as the trigger would, with the verifier's own formula, and move its head.
      const rows = await tx.query<{ id: string; seq: number; fields: (string | null)[] }>(
        `SELECT id::text AS id, chain_seq AS seq, ARRAY[id::text, case_id::text, kind, from_status, to_status, actor_user_id::text, actor_role, reason, data::text,
                to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')] AS fields
         FROM case_events WHERE 'case_events:' || case_id = $1 ORDER BY chain_seq`,
        [victim.chain],
      );
      let prev = GENESIS;
      for (const r of rows) {
        prev = entryHash(prev, victim.chain, r.seq, r.fields);
        await tx.query('UPDATE case_events SET chain_hash = $2 WHERE id = $1', [r.id, prev]);
      }
      await tx.query('UPDATE audit_chain_heads SET hash = $2 WHERE chain = $1', [victim.chain, prev]);
    };
    const resealed = await tamperAndVerify(rewriteChain);
    expect(resealed.breaks).toEqual([{ table: 'audit_digests', chain: 'audit_digests', seq: 1, id: expect.any(String), problem: 'digest' }]);

    // Rewriting the digests too makes the database agree with itself — but not with the published digest.
    let rewrittenDigest = '';
    await tamperAndVerify(async (tx) => {
      await rewriteChain(tx);
      await tx.query('ALTER TABLE audit_digests DISABLE TRIGGER USER');
      await tx.query('ALTER TABLE audit_digest_heads DISABLE TRIGGER USER');
      await tx.query('DELETE FROM audit_digest_heads');
      await tx.query('DELETE FROM audit_digests');
      rewrittenDigest = (await tx.one<{ hash: string }>(`SELECT hash FROM audit_publish_digest('2026-11-20', $1)`, [server.clock.now()])).hash;
      expect((await verifyAudit(tx)).ok).toBe(true);
    });
    expect(rewrittenDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(rewrittenDigest).not.toBe(published.hash);
  });

  it('When the day’s digest is published, Then the public page lists it; once an entry is rewritten for good, the ombudsman’s audit page and verify-audit show the break', async () => {
    const digest = await publishDailyDigest(server.db, server.clock);
    const visitor = await server.client();
    const listed = await visitor.get('/api/transparency/audit-digests');
    expect(listed.status).toBe(200);
    expect(listed.body.digests[0]).toEqual(digest);
    expect(digest.hash).toMatch(/^[0-9a-f]{64}$/);

    const ombudsman = await server.loginAs(DEMO.ombudsman);
    const victim = (await entries('case_events')).find((e) => e.seq === 2)!;
    const caseId = victim.chain.slice('case_events:'.length);
    const before = await ombudsman.get(`/api/oversight/cases/${caseId}/audit`);
    expect(before.body.verification).toEqual({ ok: true, verifiedThrough: expect.stringMatching(/^20\d\d-/) });

    await server.db.transaction(async (tx) => {
      await tx.query('ALTER TABLE case_events DISABLE TRIGGER USER');
      await tx.query(`UPDATE case_events SET reason = 'otra razón' WHERE id = $1`, [victim.id]);
      await tx.query('ALTER TABLE case_events ENABLE TRIGGER USER');
    });
    const after = await ombudsman.get(`/api/oversight/cases/${caseId}/audit`);
    expect(after.body.verification).toEqual({ ok: false, table: 'case_events', seq: 2, problem: 'altered' });
    const errors: string[] = [];
    const io: CliIo = { out: () => {}, err: (l) => errors.push(l), readStdin: async () => '', language: 'en' };
    expect(await runCommand({ db: server.db, clock: server.clock, config: server.config, cipher: server.app.ctx.cipher }, io, ['verify-audit'])).toBe(1);
    expect(errors[0]).toBe(
      `Record TAMPERED WITH in case_events, chain ${victim.chain}, position 2 (row id ${victim.id}): the entry no longer matches its seal (edited, reordered or put in another's place)`,
    );
  });
});
