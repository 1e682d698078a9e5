import type { TestServer } from '../support';
import { buildCase, buildCaseInDialogue, onCastServer, type BuiltCast } from '../factories';
import type { CaseListDto, CaseSummaryDto } from '../../shared/types/api';

describe('Case queues and status changes', () => {
  let server: TestServer;
  let cast: BuiltCast;
  onCastServer('all', (s, c) => {
    server = s;
    cast = c;
  });
  // The cast's cases: two received and one confidential red flag for its company, one for the other
  // company, one filed by its complainant and one by its facilitator, one in dialogue, a confidential and
  // an anonymous one for each company, one escalated twice (set as the sweeper leaves it) and one about
  // the trucks that filtering by text finds.
  const secrets = { name: 'Dairo Montero', documentId: '1065123987', phone: '3125550198' };
  const otherSecrets = { name: 'Marleny Guerra', documentId: '26945871' };
  beforeAll(async () => {
    const ctx = server.app.ctx;
    const ofOtherCompany = { mechanismId: cast.mechanism.id, companyId: cast.otherCompany.id };
    await buildCase(ctx, cast.filing);
    await buildCase(ctx, cast.filing);
    await buildCase(ctx, { ...cast.filing, redFlag: true, identityMode: 'confidential' });
    await buildCase(ctx, ofOtherCompany);
    await buildCase(ctx, { ...cast.filing, complainantId: cast.complainant.id });
    await buildCase(ctx, { ...cast.filing, filedById: cast.facilitator.id });
    await buildCaseInDialogue(ctx, cast.filing);
    await buildCase(ctx, { ...cast.filing, identityMode: 'confidential', identity: secrets });
    await buildCase(ctx, { ...cast.filing, identityMode: 'anonymous' });
    await buildCase(ctx, { ...ofOtherCompany, identityMode: 'confidential', identity: otherSecrets });
    await buildCase(ctx, { ...ofOtherCompany, identityMode: 'anonymous' });
    const escalated = await buildCase(ctx, cast.filing);
    await server.db.query('UPDATE cases SET escalation_level = 2 WHERE id = $1', [escalated.id]);
    await buildCase(ctx, { ...cast.filing, description: 'Las tractomulas de la mina pasan de noche frente a la escuela.' });
  });

  async function queue(email: string, query = ''): Promise<CaseListDto> {
    const client = await server.loginAs(email);
    const res = await client.get(`/api/cases${query}`);
    expect(res.status).toBe(200);
    return res.body;
  }

  async function countCases(where: string, params: unknown[] = []): Promise<number> {
    return (await server.db.one<{ n: number }>(`SELECT count(*) AS n FROM cases c JOIN companies co ON co.id = c.company_id WHERE ${where}`, params)).n;
  }

  it('When nobody is logged in, Then the queue answers 401', async () => {
    const client = await server.client();
    expect((await client.get('/api/cases')).status).toBe(401);
  });

  it('When a liaison opens the queue, Then it holds exactly their company cases and no red flag', async () => {
    const list = await queue(cast.liaison.email);
    const expected = await countCases(`co.id = $1 AND NOT c.red_flag`, [cast.company.id]);
    expect(list.total).toBe(expected);
    expect(list.cases.length).toBe(expected);
    expect(list.cases.every((c) => c.company?.name === cast.company.name)).toBe(true);
    expect(list.cases.every((c) => !c.redFlag)).toBe(true);
  });

  it('When a liaison sees a confidential or anonymous case, Then no name reaches them', async () => {
    for (const { email } of [cast.liaison, cast.otherLiaison]) {
      const list = await queue(email);
      expect(list.cases.filter((x) => x.identityMode !== 'named').length).toBeGreaterThan(0);
      for (const c of list.cases.filter((x) => x.identityMode !== 'named')) expect(c.complainantName).toBeNull();
      const body = JSON.stringify(list);
      for (const secret of [...Object.values(secrets), ...Object.values(otherSecrets), 'Marleny']) {
        expect(body).not.toContain(secret);
      }
    }
  });

  it('When a red-flag complaint names a company, Then that company does not see it but the ombudsman does', async () => {
    const all = await queue(cast.ombudsman.email);
    const flagged = all.cases.find((c) => c.redFlag);
    expect(flagged).toBeDefined();
    expect((await queue(cast.liaison.email)).cases.some((c) => c.id === flagged!.id)).toBe(false);
    // A confidential identity stays masked in the ombudsman's queue too (#15 §2: revealed only on the case page, with a reason).
    expect(flagged!.identityMode).toBe('confidential');
    expect(flagged!.complainantName).toBeNull();
  });

  it('When the ombudsman opens the queue, Then every case of the mechanism is there, most urgent first', async () => {
    const list = await queue(cast.ombudsman.email);
    const total = (await server.db.one<{ n: number }>('SELECT count(*) AS n FROM cases WHERE mechanism_id = $1', [cast.mechanism.id])).n;
    expect(list.total).toBe(total);
    expect(list.cases[0]!.escalationLevel).toBe(2);
  });

  it('When a complainant or facilitator opens the queue, Then they see only what they filed', async () => {
    const mine = await queue(cast.complainant.email);
    const filedByMe = (await server.db.one<{ n: number }>('SELECT count(*) AS n FROM cases c WHERE c.complainant_user_id = $1', [cast.complainant.id])).n;
    expect(mine.total).toBe(filedByMe);
    // Complainants always see their own identity.
    expect(mine.cases.every((c) => c.complainantName !== null)).toBe(true);
    const accompanied = await queue(cast.facilitator.email);
    expect(accompanied.total).toBeGreaterThan(0);
    expect(accompanied.cases.map((c) => c.id)).not.toEqual(expect.arrayContaining(mine.cases.map((c) => c.id)));
  });

  it('When an administrator asks for cases, Then the answer is 404: they configure, they never read cases', async () => {
    const client = await server.loginAs(cast.admin.email);
    expect((await client.get('/api/cases')).status).toBe(404);
  });

  it('When the queue is filtered by status or text, Then only matching cases come back', async () => {
    const byStatus = await queue(cast.ombudsman.email, '?status=in_dialogue');
    expect(byStatus.cases.length).toBeGreaterThan(0);
    expect(byStatus.cases.every((c) => c.status === 'in_dialogue')).toBe(true);
    const byText = await queue(cast.ombudsman.email, '?q=tractomulas');
    expect(byText.cases).toHaveLength(1);
    const bad = await (await server.loginAs(cast.ombudsman.email)).get('/api/cases?status=bogus');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('status');
  });

  describe('status changes', () => {
    async function receivedCaseOf(email: string): Promise<CaseSummaryDto> {
      const list = await queue(email, '?status=received');
      return list.cases[0]!;
    }

    it('When the liaison confirms receipt, Then the case moves and the history records who did it', async () => {
      const liaison = await server.loginAs(cast.liaison.email);
      const target = await receivedCaseOf(cast.liaison.email);
      expect(target.allowedActions).toEqual(['acknowledge']);
      const res = await liaison.post(`/api/cases/${target.id}/transitions`, { action: 'acknowledge' });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('acknowledged');
      const event = await server.db.one<{ kind: string; from_status: string; to_status: string; actor_role: string }>(
        'SELECT kind, from_status, to_status, actor_role FROM case_events WHERE case_id = $1 ORDER BY id DESC LIMIT 1',
        [target.id],
      );
      expect(event).toEqual({ kind: 'cases.acknowledge', from_status: 'received', to_status: 'acknowledged', actor_role: 'liaison' });

      const again = await liaison.post(`/api/cases/${target.id}/transitions`, { action: 'acknowledge' });
      expect(again.status).toBe(409);
      expect(again.body.error.message).toBe('Esta acción no es posible ahora: el caso está en estado «Recibo confirmado».');
    });

    it('When another company liaison tries, Then the answer is the same 404 as for a missing case', async () => {
      const target = (await queue(cast.liaison.email)).cases[0]!;
      const before = await server.db.one<{ status: string }>('SELECT status FROM cases WHERE id = $1', [target.id]);
      const other = await server.loginAs(cast.otherLiaison.email);
      const forbidden = await other.post(`/api/cases/${target.id}/transitions`, { action: 'acknowledge' });
      const missing = await other.post('/api/cases/00000000-0000-4000-8000-000000000000/transitions', { action: 'acknowledge' });
      expect(forbidden.status).toBe(404);
      expect(forbidden.body).toEqual(missing.body);
      const unchanged = await server.db.one<{ status: string }>('SELECT status FROM cases WHERE id = $1', [target.id]);
      expect(unchanged.status).toBe(before.status);
    });

    it('When a reason is required and missing, Then it is a 400 on the reason field and nothing changes', async () => {
      const ombudsman = await server.loginAs(cast.ombudsman.email);
      const target = (await queue(cast.ombudsman.email, '?status=in_dialogue')).cases[0]!;
      const res = await ombudsman.post(`/api/cases/${target.id}/transitions`, { action: 'close_unresolved', referral: { to: 'Corpocesar' } });
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toEqual([{ field: 'reason', message: 'Este campo es obligatorio.' }]);
      const unchanged = await server.db.one<{ status: string }>('SELECT status FROM cases WHERE id = $1', [target.id]);
      expect(unchanged.status).toBe('in_dialogue');
    });

    it('When nobody is logged in, Then a status change answers 401', async () => {
      const anonymous = await server.client();
      const target = await receivedCaseOf(cast.ombudsman.email);
      expect((await anonymous.post(`/api/cases/${target.id}/transitions`, { action: 'acknowledge' })).status).toBe(401);
    });
  });
});
