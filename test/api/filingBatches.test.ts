/**
 * Filings written together (group commit, docs/scaling.md "Filing at speed", session 12): complaints that
 * arrive while another is being written go to the database in one statement (`file_cases`, migration
 * 0066) and commit together; each still gets its own case, reference and receipt exactly once, and a
 * batch that fails is filed again one complaint at a time, so one bad complaint fails alone with its
 * own error. The batch is written set-based (migration 0070): one INSERT a table for all its filings, and
 * exactly the rows, figures, tallies, numbers and answers the same filings make written one at a time.
 * Their context reads go together the same way (`filing_contexts`), each with its own answer and
 * rate-limit count.
 */
import crypto from 'node:crypto';
import { describeOnServer, type TestServer } from '../support';
import { buildComplaint, buildComplaintFor, fileInOneBatch, inOneBatchBehind, onIntakeServer, countCases } from '../intakeSupport';
import { filingContextBatchStats } from '../../server/repositories/filings';
import type { MechanismDto } from '../../shared/types/api';
import type { FileComplaintRequest, FileComplaintResponse } from '../../shared/types/intake';
import { newDeviceReceiptKey, newProvisionalCode } from '../../shared/deviceReceipt';
import { RECEIPT_KEY_PATTERN } from '../../shared/receiptKey';
import { buildCompany, buildMechanism, type BuiltPeople } from '../factories';
import { verifyAudit } from '../../server/audit/auditVerifier';
import type { Queryable } from '../../server/db/database';
import { definitionIn, replacedOnce } from '../../server/db/migrations/0058_filing_without_cascades';
import { filingFiguresInSets } from '../../server/db/migrations/0102_filing_figures_in_sets';

/** An answer as the tests read it. */
interface Answer {
  status: number;
  body: FileComplaintResponse & { error?: { code: string } };
}

/** A filing as `file_case` takes it (server/repositories/filings.ts), read as JSON. */
type FilingJson = {
  case: { id: string; idempotency_key?: string; receipt_key_fingerprint?: string | null };
  receipt?: { idempotency_key?: string } | null;
  emails?: { seal_id?: string }[];
};

/** `json` with its values that must be unique (case id, idempotency keys, device key, e-mail seals) replaced by fresh ones of the same shape. */
function freshCopy(json: string): FilingJson {
  const f = JSON.parse(json) as FilingJson;
  const unique = [f.case.id, f.case.idempotency_key, f.case.receipt_key_fingerprint, f.receipt?.idempotency_key, ...(f.emails ?? []).map((e) => e.seal_id)];
  let text = json;
  for (const v of new Set(unique.filter((u): u is string => typeof u === 'string' && u.length > 0))) {
    text = text.split(v).join(v.replace(/[0-9a-f]/g, () => '0123456789abcdef'[crypto.randomInt(16)]!));
  }
  return JSON.parse(text) as FilingJson;
}

/** 0102's file_cases (the cases written first under provisional references, numbered by an UPDATE), under a name of its own. */
const CASES_FIRST = replacedOnce(
  definitionIn(filingFiguresInSets, 'CREATE OR REPLACE FUNCTION file_cases(filings jsonb)'),
  'FUNCTION file_cases(',
  'FUNCTION file_cases_cases_first(',
);

const byJson = (a: unknown, b: unknown) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0);

/** Tallies are appended to, a statement's changes summed per key: what they hold is the sum per key of their counts. */
const TALLIES = [
  'oversight_case_tallies',
  'oversight_category_tallies',
  'oversight_due_tallies',
  'oversight_duration_tallies',
  'oversight_filed_tallies',
  'oversight_filed_appends',
  'oversight_group_duration_tallies',
  'oversight_overdue_tallies',
  'oversight_period_tallies',
  'oversight_scorecard_appends',
  'effectiveness_tallies',
  'effectiveness_duration_tallies',
];
/** Numbers that are part of a tally's key, not counts. */
const NUMERIC_KEYS: Record<string, string[]> = {
  effectiveness_tallies: ['consequence_level'],
  oversight_filed_tallies: ['days'],
  oversight_filed_appends: ['days'],
};

async function talliesOf(tx: Queryable, table: string): Promise<[string, Record<string, number>][]> {
  const sums = new Map<string, Record<string, number>>();
  for (const { r } of await tx.query<{ r: Record<string, unknown> }>(`SELECT to_jsonb(t) - 'compacted' AS r FROM ${table} t`)) {
    const key = Object.entries(r).filter(([k, v]) => typeof v !== 'number' || NUMERIC_KEYS[table]?.includes(k));
    const id = JSON.stringify(key.sort(([a], [b]) => (a < b ? -1 : 1)));
    const sum = sums.get(id) ?? {};
    for (const [k, v] of Object.entries(r)) if (typeof v === 'number' && !NUMERIC_KEYS[table]?.includes(k)) sum[k] = (sum[k] ?? 0) + v;
    sums.set(id, sum);
  }
  return [...sums].filter(([, sum]) => Object.values(sum).some((n) => n !== 0)).sort(([a], [b]) => (a < b ? -1 : 1));
}

/** Every row the filings wrote (or moved), without what differs between two writings of them: serial ids, hashes over them, now(). */
async function writtenRows(tx: Queryable, filings: FilingJson[]) {
  const ids = filings.map((f) => f.case.id);
  const seals = filings.flatMap((f) => (f.emails ?? []).map((e) => e.seal_id));
  const rows = async (table: string, where: string, params: unknown[], drop: string[] = []) =>
    (await tx.query<{ r: unknown }>(`SELECT to_jsonb(t) - $1::text[] AS r FROM ${table} t WHERE ${where}`, [drop, ...params])).map((x) => x.r).sort(byJson);
  const byCase = (table: string, drop: string[] = []) => rows(table, 'case_id = ANY($2::uuid[])', [ids], drop);
  return {
    cases: await rows('cases', 'id = ANY($2::uuid[])', [ids], ['open_data_id']),
    categories: await byCase('case_categories'),
    events: await byCase('case_events', ['id', 'chain_hash']),
    chains: await rows('audit_chain_heads', "chain = ANY(ARRAY(SELECT 'case_events:' || x FROM unnest($2::text[]) x))", [ids], ['hash']),
    deadlines: await byCase('case_deadlines', ['id']),
    figures: await byCase('case_figures'),
    receipts: await byCase('filing_receipts'),
    risks: await byCase('reprisal_risk_assessments', ['id']),
    notices: await byCase('notifications', ['id']),
    emails: await rows('outbox', 'seal_id::text = ANY($2::text[])', [seals], ['id']),
    pending: await byCase('case_effectiveness_pending', ['xact']),
    counters: await rows('reference_counters', 'true', []),
    policies: await rows('deadline_policies', 'true', [], ['updated_at']),
    tallies: await Promise.all(TALLIES.map(async (t) => [t, await talliesOf(tx, t)])),
  };
}

/** What `write` answers and every row it wrote, in a transaction rolled back after (so the numbers are taken again by the next). */
async function writtenAndRolledBack(server: TestServer, filings: FilingJson[], write: (tx: Queryable) => Promise<unknown>) {
  class RolledBack extends Error {
    constructor(readonly seen: unknown) {
      super('rolled back');
    }
  }
  try {
    await server.db.transaction(async (tx) => {
      const answer = await write(tx);
      throw new RolledBack({ answer, rows: await writtenRows(tx, filings) });
    });
  } catch (err) {
    if (err instanceof RolledBack) return err.seen;
    throw err;
  }
  throw new Error('not rolled back');
}

/** A filing's answer without the notices' ids (serial). */
const withoutIds = (answers: { reference: string; notifications: { id: number }[] }[]) =>
  answers.map((a) => ({ ...a, notifications: a.notifications.map(({ id: _id, ...n }) => n) }));

describe('Complaints filed together', () => {
  let server: TestServer;
  let mechanism: MechanismDto;
  let cast: BuiltPeople;
  onIntakeServer((s, m, p) => ((server = s), (mechanism = m), (cast = p)));

  const complaint = (overrides: Partial<FileComplaintRequest> = {}) => buildComplaint(mechanism, { companyId: cast.company.id, ...overrides });
  const anonymous = (overrides: Partial<FileComplaintRequest> = {}) =>
    complaint({ identityMode: 'anonymous', identity: undefined, contactPreference: 'none', ...overrides });
  const counter = async () =>
    (await server.db.one<{ n: number }>('SELECT COALESCE(max(last_value), 0)::int AS n FROM reference_counters WHERE mechanism_id = $1', [mechanism.id])).n;
  const file = async (body: FileComplaintRequest, slug?: string): Promise<Answer> => {
    const res = await (await server.client()).post(slug ? `/api/complaints?mechanism=${slug}` : '/api/complaints', body);
    return { status: res.status, body: res.body as Answer['body'] };
  };
  const numberOf = (answer: Answer) => Number(String(answer.body.reference).split('-').pop());
  /** The JSONs that `fileThem` sent to the database as filings one at a time (file_case), as they went. */
  async function sentAlone(fileThem: () => Promise<void>): Promise<string[]> {
    const sent: string[] = [];
    const one = server.db.one.bind(server.db);
    server.db.one = (async (sql: Parameters<typeof one>[0], params?: readonly unknown[]) => {
      if (typeof sql === 'object' && 'name' in sql && sql.name === 'puente_file_case') sent.push(String(params![0]));
      return one(sql, params);
    }) as typeof server.db.one;
    try {
      await fileThem();
    } finally {
      server.db.one = one;
    }
    return sent;
  }
  /** One complaint's JSON as it went to the database. */
  const sentComplaint = async () => (await sentAlone(async () => expect((await file(complaint())).status).toBe(201)))[0]!;

  /** Each filed answer names a case of its own whose reference, notices and e-mails are its own, and the numbers run on from `before`. */
  async function expectEachFiledOnce(filed: Answer[], before: number): Promise<void> {
    expect(new Set(filed.map((a) => a.body.caseId)).size).toBe(filed.length);
    expect(filed.map(numberOf).sort((a, b) => a - b)).toEqual(Array.from({ length: filed.length }, (_, i) => before + 1 + i));
    const rows = await server.db.query<{ id: string; reference: string; notices: string[]; emails: number }>(
      `SELECT c.id, c.reference,
              ARRAY(SELECT n.data->>'reference' FROM notifications n WHERE n.case_id = c.id) AS notices,
              (SELECT count(*)::int FROM outbox o WHERE o.data->>'reference' = c.reference) AS emails
       FROM cases c WHERE c.id = ANY($1::uuid[])`,
      [filed.map((a) => a.body.caseId)],
    );
    expect(rows).toHaveLength(filed.length);
    for (const row of rows) {
      expect(row.reference).toBe(filed.find((a) => a.body.caseId === row.id)!.body.reference);
      // The company's liaisons hear of each case once, under its own reference, and as many by e-mail.
      expect(row.notices.length).toBeGreaterThan(0);
      expect(new Set(row.notices)).toEqual(new Set([row.reference]));
      expect([row.notices.length, row.emails]).toEqual([rows[0]!.notices.length, rows[0]!.emails]);
    }
  }

  it('When many complaints arrive at once, Then each gets its own case, reference and receipt key exactly once, with no gap in the numbers', async () => {
    const before = await counter();
    const cases = await countCases(server);
    const bodies = Array.from({ length: 12 }, (_, i) => (i % 2 ? anonymous() : complaint()));
    const answers = await Promise.all(bodies.map((body) => file(body)));
    expect(answers.map((a) => a.status)).toEqual(bodies.map(() => 201));
    await expectEachFiledOnce(answers, before);
    const keys = answers.filter((_, i) => i % 2).map((a) => a.body.receiptKey);
    for (const key of keys) expect(key).toMatch(RECEIPT_KEY_PATTERN);
    expect(new Set(keys).size).toBe(keys.length);
    expect(answers.filter((_, i) => i % 2 === 0).every((a) => a.body.receiptKey === undefined)).toBe(true);
    expect(await countCases(server)).toBe(cases + 12);
    expect(await counter()).toBe(before + 12);
  });

  it('When filings are written in one batch, Then every row, figure, tally, number and answer is what the same filings written one at a time make', async () => {
    const facilitator = await server.loginAs(cast.facilitator.email);
    const other = await buildMechanism(server.app.ctx);
    const company = await buildCompany(server.app.ctx, { mechanismId: other.id });
    // Each filed alone first (file_case), its JSON kept as it went to the database.
    const sent = await sentAlone(async () => {
      expect((await file(complaint())).status).toBe(201);
      expect((await file(anonymous())).status).toBe(201);
      expect((await file(anonymous({ deviceReceipt: { receiptKey: newDeviceReceiptKey(), provisionalCode: newProvisionalCode() } }))).status).toBe(201);
      expect((await file(await buildComplaintFor(server, other, company.id), other.slug)).status).toBe(201);
      const verbal = complaint({
        identityMode: 'confidential',
        identity: { name: 'Rosa Elvira Quintero', phone: '3101234567' },
        contactPreference: 'facilitator',
        onBehalf: { personConsented: true, how: 'thumbprint' },
        fieldInterview: { receivedAt: server.clock.now().toISOString(), declaredFiles: 1, reprisalRisk: 'high' },
      });
      expect((await facilitator.post('/api/complaints', verbal)).status).toBe(201);
      expect((await file(complaint())).status).toBe(201);
    });
    expect(sent).toHaveLength(6);
    // The same filings again under fresh ids, each way in a transaction rolled back after: the numbers are the same.
    const filings = sent.map(freshCopy);
    const batch = (await writtenAndRolledBack(server, filings, async (tx) =>
      withoutIds((await tx.one<{ filed: never }>('SELECT file_cases($1::jsonb) AS filed', [JSON.stringify(filings)])).filed),
    )) as {
      answer: unknown;
      rows: Awaited<ReturnType<typeof writtenRows>>;
    };
    const alone = (await writtenAndRolledBack(server, filings, async (tx) => {
      const answers: never[] = [];
      for (const f of filings) answers.push((await tx.one<{ filed: never }>('SELECT file_case($1::jsonb) AS filed', [JSON.stringify(f)])).filed);
      return withoutIds(answers);
    })) as typeof batch;
    expect(batch.rows.cases).toHaveLength(6);
    expect(batch.rows.risks).toHaveLength(1);
    expect(batch.rows.events).toHaveLength(7);
    for (const part of Object.keys(alone.rows) as (keyof typeof alone.rows)[]) expect([part, batch.rows[part]]).toEqual([part, alone.rows[part]]);
    expect(batch.answer).toEqual(alone.answer);
    // And what the batch made when its cases were written first and numbered by an UPDATE (0102), before 0108 wrote them
    // last with their numbers: the same rows, figures, tallies and answers.
    const casesFirst = (await writtenAndRolledBack(server, filings, async (tx) => {
      await tx.query(CASES_FIRST);
      return withoutIds((await tx.one<{ filed: never }>('SELECT file_cases_cases_first($1::jsonb) AS filed', [JSON.stringify(filings)])).filed);
    })) as typeof batch;
    for (const part of Object.keys(casesFirst.rows) as (keyof typeof casesFirst.rows)[])
      expect([part, batch.rows[part]]).toEqual([part, casesFirst.rows[part]]);
    expect(batch.answer).toEqual(casesFirst.answer);
  });

  it('When a batch fails at its cases (an idempotency key taken meanwhile), Then nothing of it is written and no number is taken', async () => {
    const sent = await sentComplaint();
    const [taken, fresh] = [JSON.parse(sent) as FilingJson, freshCopy(sent)];
    const before = await counter();
    const cases = await countCases(server);
    // The second filing reuses the first's idempotency key: refused at the cases' INSERT, after the counters were taken.
    const batch = [fresh, { ...freshCopy(sent), case: { ...freshCopy(sent).case, idempotency_key: taken.case.idempotency_key } }];
    await expect(server.db.query('SELECT file_cases($1::jsonb)', [JSON.stringify(batch)])).rejects.toMatchObject({ code: '23505' });
    expect(await counter()).toBe(before);
    expect(await countCases(server)).toBe(cases);
    const left = await server.db.one<{ n: number }>(
      `SELECT (SELECT count(*) FROM case_categories WHERE case_id = ANY($1::uuid[])) + (SELECT count(*) FROM case_events WHERE case_id = ANY($1::uuid[]))
            + (SELECT count(*) FROM case_deadlines WHERE case_id = ANY($1::uuid[])) + (SELECT count(*) FROM case_figures WHERE case_id = ANY($1::uuid[]))
            + (SELECT count(*) FROM audit_chain_heads WHERE chain = ANY(ARRAY(SELECT 'case_events:' || x FROM unnest($1::text[]) x)))::int AS n`,
      [batch.map((f) => f.case.id)],
    );
    expect(left.n).toBe(0);
  });

  it("When a batch's event would move a milestone, Then file_cases refuses it (its case is written last) and writes nothing", async () => {
    const filing = freshCopy(await sentComplaint()) as FilingJson & { events: { to_status: string }[] };
    const before = await counter();
    filing.events[0]!.to_status = 'acknowledged';
    await expect(server.db.query('SELECT file_cases($1::jsonb)', [JSON.stringify([filing])])).rejects.toThrow(/move no milestone/);
    expect(await counter()).toBe(before);
    expect(await server.db.query('SELECT 1 FROM cases WHERE id = $1', [filing.case.id])).toEqual([]);
  });

  it("When a row of a case's children names no case, Then it is refused at its own statement, also in a transaction that filed a batch", async () => {
    const filing = freshCopy(await sentComplaint());
    const category = (await server.db.one<{ id: string }>('SELECT id FROM categories WHERE mechanism_id = $1 LIMIT 1', [mechanism.id])).id;
    const orphans = [
      ['INSERT INTO case_categories (case_id, category_id) VALUES ($1, $2)', [crypto.randomUUID(), category]],
      [
        'INSERT INTO filing_receipts (idempotency_key, case_id, receipt_key_ciphertext, expires_at) VALUES ($1, $2, $3, now())',
        [crypto.randomUUID(), crypto.randomUUID(), 'x'],
      ],
    ] as const;
    for (const [sql, params] of orphans) {
      await expect(server.db.query(sql, params)).rejects.toMatchObject({ code: '23503' });
      // After file_cases in the same transaction the children's keys are checked at once again, not at the commit.
      await expect(
        server.db.transaction(async (tx) => {
          await tx.query('SELECT file_cases($1::jsonb)', [JSON.stringify([freshCopy(JSON.stringify(filing))])]);
          await tx.query(sql, params).catch((err: unknown) => {
            throw Object.assign(new Error('refused at its statement'), { cause: err });
          });
        }),
      ).rejects.toMatchObject({ message: 'refused at its statement', cause: { code: '23503' } });
    }
  });

  describeOnServer('in one statement (the first one held at the reference counter while the others arrive)', () => {
    /** Files a complaint, then `bodies` together in one statement while a second waits at the held counter (fileInOneBatch). */
    async function inOneBatch(bodies: (FileComplaintRequest & { slug?: string })[]) {
      const { held, ...rest } = await fileInOneBatch(
        server,
        mechanism.id,
        () => file(complaint()),
        bodies.map(
          ({ slug, ...body }) =>
            () =>
              file(body, slug),
        ),
      );
      return { blocker: held, ...rest };
    }

    it('When complaints arrive while one is being written, Then they are written in one statement and each gets its own case, reference and receipt key', async () => {
      const bodies = Array.from({ length: 8 }, (_, i) => (i % 2 ? anonymous() : complaint()));
      const cases = await countCases(server);
      const before = (await counter()) + 1; // the blocker's predecessor, filed first below
      const { blocker, answers, statements, retried } = await inOneBatch(bodies);
      expect(statements).toBe(2);
      expect(retried).toBe(0);
      expect([blocker, ...answers].map((a) => a.status)).toEqual([201, ...bodies.map(() => 201)]);
      await expectEachFiledOnce([blocker, ...answers], before);
      expect(numberOf(blocker)).toBe(before + 1);
      // The batch's events, written in one transaction, chain as filings one at a time do.
      expect((await verifyAudit(server.db)).breaks).toEqual([]);
      for (const a of answers.filter((_, i) => i % 2)) expect(a.body.receiptKey).toMatch(RECEIPT_KEY_PATTERN);
      expect(await countCases(server)).toBe(cases + 2 + bodies.length);
    });

    it('When one complaint of a batch takes a device key another of the batch took, Then it alone is refused with receipt_key_reused and the others are filed with no gap', async () => {
      const receiptKey = newDeviceReceiptKey();
      const bodies = [
        complaint(),
        anonymous({ deviceReceipt: { receiptKey, provisionalCode: newProvisionalCode() } }),
        anonymous(),
        anonymous({ deviceReceipt: { receiptKey, provisionalCode: newProvisionalCode() } }),
        complaint(),
      ];
      const before = (await counter()) + 1;
      const { blocker, answers, retried } = await inOneBatch(bodies);
      expect(retried).toBe(1);
      const [x, y] = [answers[1]!, answers[3]!];
      expect([x.status, y.status].sort()).toEqual([201, 409]);
      expect([x, y].find((a) => a.status === 409)!.body.error!.code).toBe('receipt_key_reused');
      expect([x, y].find((a) => a.status === 201)!.body.receiptKeyFromDevice).toBe(true);
      for (const i of [0, 2, 4]) expect(answers[i]!.status).toBe(201);
      // The batch that failed took no number: the filed ones run on with no gap.
      await expectEachFiledOnce([blocker, ...answers.filter((a) => a.status === 201)], before);
      expect(await counter()).toBe(before + 5);
    });

    it('When the same draft is sent twice within one batch, Then both answers name the first one’s case and one case exists', async () => {
      const body = anonymous();
      const other = complaint();
      const cases = await countCases(server);
      const { answers, retried } = await inOneBatch([body, other, body]);
      expect(retried).toBe(1);
      const [first, , second] = answers;
      expect([first!.status, second!.status].sort()).toEqual([200, 201]);
      expect(second!.body.caseId).toBe(first!.body.caseId);
      expect(second!.body.reference).toBe(first!.body.reference);
      // The server-made receipt key is given back to the retry of an anonymous filing, as ever.
      expect(second!.body.receiptKey).toBe(first!.body.receiptKey);
      expect(answers[1]!.status).toBe(201);
      expect(await countCases(server)).toBe(cases + 2 + 2);
    });

    it('When a batch holds complaints to two mechanisms, Then each is numbered in its own mechanism’s series with no gap', async () => {
      const other = await buildMechanism(server.app.ctx);
      const company = await buildCompany(server.app.ctx, { mechanismId: other.id });
      const elsewhere = async () => ({ ...(await buildComplaintFor(server, other, company.id)), slug: other.slug });
      const before = (await counter()) + 1;
      const { blocker, answers, statements, retried } = await inOneBatch([await elsewhere(), complaint(), await elsewhere(), anonymous(), await elsewhere()]);
      expect([statements, retried]).toEqual([2, 0]);
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
      expect([1, 3].map((i) => answers[i]!.body.reference.startsWith(mechanism.referencePrefix))).toEqual([true, true]);
      await expectEachFiledOnce([blocker, answers[1]!, answers[3]!], before);
      // The new mechanism's first three numbers, in the order the batch held them.
      const theirs = [0, 2, 4].map((i) => answers[i]!.body.reference);
      expect(theirs.map((r) => r.slice(0, -6))).toEqual(theirs.map(() => `${other.referencePrefix}-2026-`));
      expect(theirs.map((r) => Number(r.slice(-6))).sort()).toEqual([1, 2, 3]);
    });
  });

  describeOnServer('their context reads in one statement (the first one held at its rate-limit row while the others arrive)', () => {
    const LIMIT = 1000; // onIntakeServer's filingsPerHourPerIp
    /** The rate-limit key every filing of these tests counts on (one address). */
    async function filingKey(): Promise<string> {
      await file(complaint());
      return (await server.db.one<{ key: string }>("SELECT key FROM rate_limits WHERE key LIKE 'file:%' ORDER BY window_started_at DESC LIMIT 1")).key;
    }

    /** Files one complaint whose context read waits at its rate-limit row, then `bodies` together: their reads go in one statement. */
    async function readInOneBatch(bodies: FileComplaintRequest[], beforeHeld: (key: string) => Promise<void> = async () => {}) {
      const key = await filingKey();
      await beforeHeld(key);
      const lock = { sql: 'SELECT hits FROM rate_limits WHERE key = $1 FOR UPDATE', params: [key] };
      const others = bodies.map((body) => () => file(body));
      return {
        key,
        ...(await inOneBatchBehind(
          server,
          lock,
          () => filingContextBatchStats(server.db),
          () => file(complaint()),
          others,
        )),
      };
    }

    it('When a retry, a taken device key and new complaints are read in one statement, Then each gets its own answer', async () => {
      const retried = anonymous();
      const first = await file(retried);
      const receiptKey = newDeviceReceiptKey();
      const taken = await file(anonymous({ deviceReceipt: { receiptKey, provisionalCode: newProvisionalCode() } }));
      expect([first.status, taken.status]).toEqual([201, 201]);
      const cases = await countCases(server);
      const bodies = [complaint(), retried, anonymous({ deviceReceipt: { receiptKey, provisionalCode: newProvisionalCode() } }), anonymous()];
      const { held, answers, statements, items, retried: alone } = await readInOneBatch(bodies);
      expect([statements, items, alone]).toEqual([2, 1 + bodies.length, 0]);
      expect(held.status).toBe(201);
      expect(answers.map((a) => a.status)).toEqual([201, 200, 409, 201]);
      expect(answers[1]!.body.caseId).toBe(first.body.caseId);
      expect(answers[1]!.body.receiptKey).toBe(first.body.receiptKey);
      expect(answers[2]!.body.error!.code).toBe('receipt_key_reused');
      expect(answers[3]!.body.receiptKey).toMatch(RECEIPT_KEY_PATTERN);
      expect(new Set([held, answers[0]!, answers[3]!].map((a) => a.body.caseId)).size).toBe(3);
      expect(await countCases(server)).toBe(cases + 1 + 3);
    });

    it('When the rate limit is reached within a batch of reads, Then exactly the filings beyond it are refused with 429, and the window counts every hit', async () => {
      const bodies = Array.from({ length: 5 }, (_, i) => (i % 2 ? anonymous() : complaint()));
      let cases = 0;
      // Three filings left in the window: the held one and two of the batch.
      const { held, answers, key, statements, items, retried } = await readInOneBatch(bodies, async (key) => {
        await server.db.query('UPDATE rate_limits SET hits = $2 WHERE key = $1', [key, LIMIT - 3]);
        cases = await countCases(server);
      });
      expect([statements, items, retried]).toEqual([2, 1 + bodies.length, 0]);
      expect(held.status).toBe(201);
      expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 429, 429, 429]);
      expect(await countCases(server)).toBe(cases + 3);
      expect((await server.db.one<{ hits: number }>('SELECT hits FROM rate_limits WHERE key = $1', [key])).hits).toBe(LIMIT + 3);
      await server.db.query('DELETE FROM rate_limits WHERE key = $1', [key]);
    });
  });
});
