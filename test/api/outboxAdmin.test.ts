import { DEMO, getTestServer, type TestClient, type TestServer, OUTBOX_RECIPIENT, openOutboxRow, emailIndex } from '../support';
import { acceptInvitation, linkSentTo } from '../accountHelpers';
import { createGuajira } from '../secondMechanism';
import { buildComplaint, fileComplaint, loadMechanism } from '../intakeSupport';
import { buildCompany, buildUser, type BuiltUser } from '../factories';
import { TestSmtpServer } from '../mail/smtpServer';
import { sendDueEmails } from '../../server/jobs/outboxSender';
import { OUTBOX_MECHANISM_BACKFILL } from '../../server/db/migrations/0008_outbox_scope';
import type { OutboxEntryDto, OutboxListDto } from '../../shared/types/outbox';
import type { AdminOverviewDto } from '../../shared/types/api';

const GUAJIRA_ADMIN = 'admin@guajira.gov.co';
const GUAJIRA_OMBUDSMAN = 'defensoria@guajira.gov.co';

describe('The admin outbox, scoped by mechanism', () => {
  const smtp = new TestSmtpServer();
  let server: TestServer;
  let cesarAdmin: TestClient;
  let guajiraAdmin: TestClient;
  let cesarId: string;
  let guajiraId: string;
  // Cesar people of the test's own: a company's liaison told of a new case, an officer who asks for a
  // password reset, and a complainant (with them, staff who are not admins).
  let liaison: BuiltUser;
  let ombudsman: BuiltUser;
  let complainant: BuiltUser;

  async function outboxRow(to: string, template: string) {
    // Addresses are ciphertext: the newest e-mail of the template whose opened address is `to`.
    const rows = await server.db.query<{
      id: number;
      status: string;
      attempts: number;
      mechanism_id: string | null;
      sealId: string | null;
      recipientCiphertext: string | null;
      toAddress: string | null;
    }>(`SELECT o.id, o.status, o.attempts, o.mechanism_id, ${OUTBOX_RECIPIENT} FROM outbox o WHERE o.template = $1 ORDER BY o.id DESC`, [template]);
    const row = rows.map(openOutboxRow).find((r) => r.to === to);
    if (!row) throw new Error(`No ${template} e-mail to ${to}`);
    return { id: row.id, status: row.status, attempts: row.attempts, mechanism_id: row.mechanism_id };
  }

  async function failed(client: TestClient, query = ''): Promise<OutboxEntryDto[]> {
    const res = await client.get(`/api/admin/outbox?status=failed${query}`);
    expect(res.status).toBe(200);
    return (res.body as OutboxListDto).entries;
  }

  /** Sends everything due while the mail server refuses for good, so it all ends failed. */
  async function sendWhileRefused(): Promise<void> {
    smtp.refuseWith = 550;
    await sendDueEmails(server.app.ctx, 100);
    smtp.reset();
  }

  beforeAll(async () => {
    await smtp.start();
    server = await getTestServer({ config: { smtpUrl: smtp.url } });
    cesarAdmin = await server.loginAs(DEMO.admin);
    cesarId = (await server.db.one<{ id: string }>(`SELECT id FROM mechanisms WHERE slug = 'cesar'`)).id;
    guajiraId = await createGuajira(cesarAdmin);
    // Guajira's own admin manages Guajira only; the Cesar admin created it and manages both.
    for (const [email, role] of [
      [GUAJIRA_ADMIN, 'admin'],
      [GUAJIRA_OMBUDSMAN, 'ombudsman'],
    ] as const) {
      expect((await cesarAdmin.post(`/api/admin/mechanisms/${guajiraId}/invitations`, { email, displayName: email, role })).status).toBe(201);
    }
    guajiraAdmin = await acceptInvitation(server, GUAJIRA_ADMIN, 'Admin Guajira');
    const ctx = server.app.ctx;
    const company = await buildCompany(ctx, { mechanismId: cesarId });
    liaison = await buildUser(ctx, { role: 'liaison', companyId: company.id });
    ombudsman = await buildUser(ctx, { role: 'ombudsman', mechanismId: cesarId });
    complainant = await buildUser(ctx, { role: 'complainant', mechanismId: cesarId });
    // A Cesar notice (to the company's liaison) and a Cesar password reset (the officer's).
    const mechanism = await loadMechanism(server);
    await fileComplaint(
      await server.client(),
      buildComplaint(mechanism, {
        companyId: company.id,
        identityMode: 'anonymous',
        identity: undefined,
        contactPreference: 'none',
      }),
    );
    expect((await (await server.client()).post('/api/password-reset', { email: ombudsman.email })).status).toBeLessThan(300);
    await sendWhileRefused();
  });
  afterAll(async () => {
    await server.close();
    await smtp.stop();
  });
  beforeEach(() => smtp.reset());

  it('When e-mails are written, Then each carries the mechanism it is for: the case, the mechanism invited to, the account', async () => {
    expect((await outboxRow(liaison.email, 'new_case')).mechanism_id).toBe(cesarId);
    expect((await outboxRow(GUAJIRA_OMBUDSMAN, 'invitation')).mechanism_id).toBe(guajiraId);
    expect((await outboxRow(ombudsman.email, 'passwordReset')).mechanism_id).toBe(cesarId);
  });

  it('When the Guajira admin lists failed e-mails, Then only Guajira ones appear; the Cesar admin, who manages both, sees both', async () => {
    const guajiraList = await failed(guajiraAdmin);
    expect(guajiraList.map((e) => e.toAddress).sort()).toEqual([GUAJIRA_ADMIN, GUAJIRA_OMBUDSMAN]);
    expect(guajiraList.every((e) => e.mechanism?.id === guajiraId && e.status === 'failed' && /550/.test(e.lastError ?? ''))).toBe(true);

    const cesarList = await failed(cesarAdmin);
    expect(cesarList.map((e) => e.toAddress)).toEqual(expect.arrayContaining([GUAJIRA_OMBUDSMAN, ombudsman.email, liaison.email]));
    const reset = cesarList.find((e) => e.template === 'passwordReset')!;
    expect(reset).toMatchObject({ toAddress: ombudsman.email, attempts: 1, mechanism: { id: cesarId, name: 'Cesar — minería de carbón' } });
    expect(Object.keys(reset).sort()).toEqual([
      'attempts',
      'createdAt',
      'id',
      'lastError',
      'mechanism',
      'nextAttemptAt',
      'sentAt',
      'status',
      'template',
      'toAddress',
    ]);

    // The mechanism picker narrows the list; a mechanism one does not manage is 404.
    expect((await failed(cesarAdmin, `&mechanismId=${guajiraId}`)).map((e) => e.toAddress).sort()).toEqual([GUAJIRA_ADMIN, GUAJIRA_OMBUDSMAN]);
    const foreign = await guajiraAdmin.get(`/api/admin/outbox?status=failed&mechanismId=${cesarId}`);
    expect(foreign.status).toBe(404);
    const bad = await guajiraAdmin.get('/api/admin/outbox?status=lost');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('status');
  });

  it('When each admin opens the overview, Then it counts the failed e-mails of their mechanisms only', async () => {
    const cesarTotal = (await failed(cesarAdmin)).length;
    expect(((await cesarAdmin.get('/api/admin/overview')).body as AdminOverviewDto).failedEmails).toBe(cesarTotal);
    expect(((await guajiraAdmin.get('/api/admin/overview')).body as AdminOverviewDto).failedEmails).toBe(2);
  });

  it('When an admin retries another mechanism’s failed e-mail, Then it answers 404 like a missing one and changes nothing', async () => {
    const reset = await outboxRow(ombudsman.email, 'passwordReset');
    const foreign = await guajiraAdmin.post(`/api/admin/outbox/${reset.id}/retry`);
    const missing = await guajiraAdmin.post('/api/admin/outbox/99999999/retry');
    const malformed = await guajiraAdmin.post('/api/admin/outbox/abc/retry');
    expect([foreign.status, missing.status, malformed.status]).toEqual([404, 404, 404]);
    expect(foreign.body).toEqual(missing.body);
    expect(malformed.body).toEqual(missing.body);
    expect(await outboxRow(ombudsman.email, 'passwordReset')).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('When nobody is logged in, or staff who are not admins try, Then the outbox answers 401 and 404 and nothing is retried', async () => {
    const reset = await outboxRow(ombudsman.email, 'passwordReset');
    const anonymous = await server.client();
    expect((await anonymous.get('/api/admin/outbox')).status).toBe(401);
    expect((await anonymous.post(`/api/admin/outbox/${reset.id}/retry`)).status).toBe(401);
    expect((await anonymous.post('/api/admin/outbox/retry-all')).status).toBe(401);
    for (const { email } of [liaison, ombudsman, complainant]) {
      const someone = await server.loginAs(email);
      expect((await someone.get('/api/admin/outbox')).status).toBe(404);
      const retry = await someone.post(`/api/admin/outbox/${reset.id}/retry`);
      expect(retry.status).toBe(404);
      expect(retry.body.error.code).toBe('not_found');
      expect((await someone.post('/api/admin/outbox/retry-all')).status).toBe(404);
    }
    // A write without the session's CSRF token is refused before anything runs.
    const forged = await cesarAdmin.agent.post(`/api/admin/outbox/${reset.id}/retry`).set('Accept-Language', 'es');
    expect(forged.status).toBe(403);
    expect(await outboxRow(ombudsman.email, 'passwordReset')).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('When the admin retries a failed e-mail, Then it is pending again and the real mail server receives it exactly once', async () => {
    const reset = await outboxRow(ombudsman.email, 'passwordReset');
    const res = await cesarAdmin.post(`/api/admin/outbox/${reset.id}/retry`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: reset.id, status: 'pending', attempts: 0, nextAttemptAt: server.clock.now().toISOString() });
    expect(await outboxRow(ombudsman.email, 'passwordReset')).toMatchObject({ status: 'pending', attempts: 0 });
    expect((await failed(cesarAdmin)).some((e) => e.id === reset.id)).toBe(false);
    // Already pending: a second press finds no failed e-mail to retry.
    expect((await cesarAdmin.post(`/api/admin/outbox/${reset.id}/retry`)).status).toBe(404);

    expect(await sendDueEmails(server.app.ctx)).toEqual({ sent: 1, retried: 0, failed: 0 });
    // Past the sender's lease: had the entry not been marked sent, it would go out again now.
    server.clock.advance(60 * 60 * 1000);
    expect(await sendDueEmails(server.app.ctx)).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(smtp.received.map((m) => m.to)).toEqual([[ombudsman.email]]);
    expect(await outboxRow(ombudsman.email, 'passwordReset')).toMatchObject({ status: 'sent', attempts: 1 });
    const sent = (await cesarAdmin.get('/api/admin/outbox?status=sent')).body as OutboxListDto;
    expect(sent.entries.find((e) => e.id === reset.id)).toMatchObject({ status: 'sent', lastError: null });
  });

  it('When the Guajira admin retries all, Then only Guajira e-mails go out again and Cesar ones stay failed', async () => {
    const cesarFailedBefore = (await failed(cesarAdmin, `&mechanismId=${cesarId}`)).map((e) => e.id);
    expect(cesarFailedBefore.length).toBeGreaterThan(0);
    const res = await guajiraAdmin.post('/api/admin/outbox/retry-all');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ retried: 2 });
    expect(await failed(guajiraAdmin)).toEqual([]);
    expect((await failed(cesarAdmin, `&mechanismId=${cesarId}`)).map((e) => e.id)).toEqual(cesarFailedBefore);
    expect(await sendDueEmails(server.app.ctx)).toEqual({ sent: 2, retried: 0, failed: 0 });
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual([GUAJIRA_ADMIN, GUAJIRA_OMBUDSMAN]);
  });

  it('When older e-mails without a mechanism are backfilled, Then the case, the address or the invitation link places them, and an unplaceable one is shown to every admin', async () => {
    const cesarCase = await server.db.one<{ id: string }>('SELECT id FROM cases WHERE mechanism_id = $1 LIMIT 1', [cesarId]);
    const { token } = await linkSentTo(server.db, GUAJIRA_OMBUDSMAN);
    const legacy = async (to: string, template: string, data: Record<string, unknown>) =>
      (
        await server.db.one<{ id: number }>(
          `INSERT INTO outbox (to_address, language, template, data, status, attempts, last_error, next_attempt_at, created_at)
           VALUES ($1, 'es', $2, $3, 'failed', 8, '550 refused', $4, $4) RETURNING id`,
          [to, template, JSON.stringify(data), server.clock.now()],
        )
      ).id;
    // A Guajira officer's address, but a notice about a Cesar case: the case decides.
    const notice = await legacy(GUAJIRA_OMBUDSMAN, 'message', { path: `/casos/${cesarCase.id}` });
    const byAddress = await legacy(liaison.email.toUpperCase(), 'status_changed', {});
    // The person changed address since; the invitation link still places the e-mail.
    const byInvitation = await legacy('antigua@guajira.gov.co', 'invitation', { path: `/invitacion/${token}` });
    const unplaced = await legacy('nadie@ninguna-parte.co', 'test', { path: '/casos/no-es-un-id' });

    // 0008 ran when account e-mails were plaintext (0029 sealed them later): the liaison's address is put
    // back for the backfill, as it was then, and cleared again after.
    await server.db.query('UPDATE users SET email = $2 WHERE email_index = $1', [emailIndex(liaison.email), liaison.email]);
    await server.db.query(OUTBOX_MECHANISM_BACKFILL);
    await server.db.query('UPDATE users SET email = NULL WHERE email_index = $1', [emailIndex(liaison.email)]);
    const placed = new Map(
      (
        await server.db.query<{ id: number; mechanism_id: string | null }>('SELECT id, mechanism_id FROM outbox WHERE id = ANY($1::bigint[])', [
          [notice, byAddress, byInvitation, unplaced],
        ])
      ).map((r) => [r.id, r.mechanism_id]),
    );
    expect([placed.get(notice), placed.get(byAddress), placed.get(byInvitation), placed.get(unplaced)]).toEqual([cesarId, cesarId, guajiraId, null]);

    expect((await failed(guajiraAdmin)).map((e) => e.id).sort()).toEqual([byInvitation, unplaced].sort());
    expect((await failed(cesarAdmin)).find((e) => e.id === unplaced)).toMatchObject({ mechanism: null, template: 'test' });
    expect((await guajiraAdmin.post(`/api/admin/outbox/${notice}/retry`)).status).toBe(404);
    expect((await guajiraAdmin.post(`/api/admin/outbox/${unplaced}/retry`)).status).toBe(200);
  });
});

describe('The admin outbox, page by page', () => {
  let server: TestServer;
  let cesarAdmin: TestClient;
  let guajiraAdmin: TestClient;
  let cesarId: string;
  let guajiraId: string;

  /**
   * Writes `count` e-mails of `status` for `mechanismId` (null: one the backfill could not place),
   * created before `at`. Three at a time share an instant (the id must order them) and the instants
   * are 700 µs apart, finer than a JavaScript Date, so a cursor that rounded would skip or repeat rows.
   */
  async function write(count: number, mechanismId: string | null, status: 'failed' | 'sent', at: Date, step = 0): Promise<number[]> {
    const rows = await server.db.query<{ id: number }>(
      `INSERT INTO outbox (to_address, language, template, status, attempts, last_error, mechanism_id, next_attempt_at, created_at)
       SELECT 'persona' || g || '@example.co', 'es', 'message', $2, 8, '550 mailbox unavailable', $3::uuid, $4::timestamptz,
              $4::timestamptz - (($5::int + g) / 3) * interval '700 microseconds'
       FROM generate_series(1, $1::int) g RETURNING id`,
      [count, status, mechanismId, at, step],
    );
    return rows.map((r) => r.id);
  }

  /** The failed e-mails `admin` may see, newest first, straight from the table. */
  async function expectedFailed(mechanismIds: string[]): Promise<number[]> {
    const rows = await server.db.query<{ id: number }>(
      `SELECT id FROM outbox WHERE status = 'failed' AND (mechanism_id = ANY($1::uuid[]) OR mechanism_id IS NULL) ORDER BY created_at DESC, id DESC`,
      [mechanismIds],
    );
    return rows.map((r) => r.id);
  }

  async function page(client: TestClient, query: string): Promise<OutboxListDto> {
    const res = await client.get(`/api/admin/outbox?status=failed${query}`);
    expect(res.status).toBe(200);
    return res.body as OutboxListDto;
  }

  /** Follows nextCursor from the first page to the last, checking every page's total and size. */
  async function allPages(client: TestClient, query: string, limit: number): Promise<{ ids: number[]; pages: OutboxListDto[] }> {
    const pages: OutboxListDto[] = [];
    let cursor: string | null = null;
    do {
      const next: OutboxListDto = await page(client, `${query}&limit=${limit}${cursor ? `&before=${encodeURIComponent(cursor)}` : ''}`);
      pages.push(next);
      cursor = next.nextCursor;
      expect(pages.length).toBeLessThan(100);
    } while (cursor);
    return { ids: pages.flatMap((p) => p.entries.map((e) => e.id)), pages };
  }

  beforeAll(async () => {
    server = await getTestServer();
    cesarAdmin = await server.loginAs(DEMO.admin);
    cesarId = (await server.db.one<{ id: string }>(`SELECT id FROM mechanisms WHERE slug = 'cesar'`)).id;
    guajiraId = await createGuajira(cesarAdmin);
    expect(
      (await cesarAdmin.post(`/api/admin/mechanisms/${guajiraId}/invitations`, { email: GUAJIRA_ADMIN, displayName: 'Admin Guajira', role: 'admin' })).status,
    ).toBe(201);
    guajiraAdmin = await acceptInvitation(server, GUAJIRA_ADMIN, 'Admin Guajira');
    // A long SMTP outage: 230 Cesar failures interleaved in time with 70 Guajira ones, 4 unplaced,
    // and delivered e-mails of the same hours that no failed list may show.
    const at = server.clock.now();
    await write(230, cesarId, 'failed', at);
    await write(70, guajiraId, 'failed', at, 1);
    await write(4, null, 'failed', at, 2);
    await write(120, cesarId, 'sent', at);
  });
  afterAll(async () => {
    await server.close();
  });

  it('When an admin follows nextCursor, Then the pages chain newest first with no duplicates or gaps and every page tells the right total', async () => {
    const expected = await expectedFailed([cesarId]);
    expect(expected.length).toBe(234);
    const { ids, pages } = await allPages(cesarAdmin, `&mechanismId=${cesarId}`, 50);
    expect(ids).toEqual(expected);
    expect(pages.map((p) => p.entries.length)).toEqual([50, 50, 50, 50, 34]);
    expect(pages.every((p) => p.total === 234)).toBe(true);
    expect(pages.at(-1)!.nextCursor).toBeNull();
    // Without a limit the first page is the newest 100.
    const first = await page(cesarAdmin, `&mechanismId=${cesarId}`);
    expect(first.entries.map((e) => e.id)).toEqual(expected.slice(0, 100));
    expect(first.total).toBe(234);
    // Unfiltered, the Cesar admin (who manages both) pages through every failure.
    const everything = await allPages(cesarAdmin, '', 500);
    expect(everything.ids).toEqual(await expectedFailed([cesarId, guajiraId]));
    expect(everything.pages[0]!.total).toBe(await server.db.one<{ n: number }>(`SELECT count(*) AS n FROM outbox WHERE status = 'failed'`).then((r) => r.n));
    // The other statuses page and count on their own.
    const delivered = (await cesarAdmin.get('/api/admin/outbox?status=sent&limit=500')).body as OutboxListDto;
    expect(delivered.total).toBeGreaterThanOrEqual(120);
    expect(delivered.entries.every((e) => e.status === 'sent')).toBe(true);
  });

  it('When the Guajira admin pages through, Then no Cesar e-mail ever appears and the total counts only what they may see', async () => {
    const expected = await expectedFailed([guajiraId]);
    expect(expected.length).toBe(74);
    const { ids, pages } = await allPages(guajiraAdmin, '', 20);
    expect(ids).toEqual(expected);
    expect(pages.every((p) => p.total === 74)).toBe(true);
    expect(pages.flatMap((p) => p.entries).every((e) => e.mechanism === null || e.mechanism.id === guajiraId)).toBe(true);
    // A Cesar admin's cursor names only a position: followed by the Guajira admin it yields Guajira e-mails.
    const cesarFirst = await page(cesarAdmin, `&mechanismId=${cesarId}&limit=10`);
    const fromThere = await page(guajiraAdmin, `&before=${encodeURIComponent(cesarFirst.nextCursor!)}`);
    expect(fromThere.entries.length).toBeGreaterThan(0);
    expect(fromThere.entries.every((e) => e.mechanism === null || e.mechanism.id === guajiraId)).toBe(true);
    // Narrowed to a mechanism they do not manage, with a cursor or without: 404, like a missing page.
    for (const query of [`&mechanismId=${cesarId}`, `&mechanismId=${cesarId}&before=${encodeURIComponent(cesarFirst.nextCursor!)}`]) {
      const res = await guajiraAdmin.get(`/api/admin/outbox?status=failed${query}`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
  });

  it('When e-mails fail or are retried while the admin reads, Then the next page neither repeats nor skips and the total follows', async () => {
    const query = `&mechanismId=${cesarId}&limit=40`;
    const first = await page(cesarAdmin, query);
    const before = first.total;
    // Newer failures arrive, one on the next page is retried, one on this page too.
    server.clock.advance(1000);
    await write(5, cesarId, 'failed', server.clock.now());
    const retriedLater = (await page(cesarAdmin, `${query}&before=${encodeURIComponent(first.nextCursor!)}`)).entries[3]!;
    expect((await cesarAdmin.post(`/api/admin/outbox/${retriedLater.id}/retry`)).status).toBe(200);
    expect((await cesarAdmin.post(`/api/admin/outbox/${first.entries[0]!.id}/retry`)).status).toBe(200);

    const second = await page(cesarAdmin, `${query}&before=${encodeURIComponent(first.nextCursor!)}`);
    const newest = await expectedFailed([cesarId]);
    const lastOfFirst = newest.indexOf(first.entries.at(-1)!.id);
    // The row that ended the first page is still failed, so the second page starts right after it.
    expect(lastOfFirst).toBeGreaterThanOrEqual(0);
    expect(second.entries.map((e) => e.id)).toEqual(newest.slice(lastOfFirst + 1, lastOfFirst + 41));
    expect(second.entries.some((e) => e.id === retriedLater.id)).toBe(false);
    expect(second.entries.some((e) => first.entries.some((f) => f.id === e.id))).toBe(false);
    expect(second.total).toBe(before + 5 - 2);
  });

  it('When the cursor is not one the server wrote, Then the list answers 400 naming before, in the caller’s language', async () => {
    const real = (await page(cesarAdmin, '&limit=5')).nextCursor!;
    const inside = Buffer.from(real, 'base64url').toString('utf8');
    const forged = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
    for (const bad of [
      'no-es-un-cursor',
      `${real}!`,
      forged(inside.replace(/^\d{4}-\d{2}-\d{2}/, '2026-02-30')),
      forged(inside.replace(/^\d{4}-\d{2}-\d{2}/, '2026-13-01')),
      forged(inside.replace(/~\d+$/, '~0')),
      forged(inside.replace(/\.(\d{6})Z/, '.$1')),
      forged(`${inside}~1`),
      'x'.repeat(300),
    ]) {
      const res = await cesarAdmin.get(`/api/admin/outbox?status=failed&before=${encodeURIComponent(bad)}`);
      expect([bad, res.status]).toEqual([bad, 400]);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['before']);
    }
    const spanish = await cesarAdmin.get('/api/admin/outbox?before=roto');
    expect(spanish.body.error.fields).toEqual([{ field: 'before', message: 'El valor no es válido.' }]);
    // The account's language decides; the admin switches to English.
    expect((await cesarAdmin.put('/api/me/language', { language: 'en' })).status).toBe(200);
    const res = await cesarAdmin.get('/api/admin/outbox?before=broken');
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([{ field: 'before', message: 'The value is not valid.' }]);
    // Without a login the cursor is never looked at.
    expect((await (await server.client()).get(`/api/admin/outbox?before=${encodeURIComponent(real)}`)).status).toBe(401);
  });
});
