import { DEMO, getTestServer, type TestClient, type TestServer, emailIndex } from '../support';
import { buildCase, buildPeople, type BuiltPeople } from '../factories';
import crypto from 'node:crypto';
import { acceptInvitation, insertCase } from '../accountHelpers';
import { createGuajira } from '../secondMechanism';
import { loadMechanism } from '../intakeSupport';
import type { MechanismDto } from '../../shared/types/api';

describe('Two mechanisms on one installation', () => {
  let server: TestServer;
  let admin: TestClient;
  let cesarId: string;
  let guajira: { id: string; companyId: string; caseDescription: string; cesarDescription: string };
  let guajiraLiaison: TestClient;
  let guajiraOmbudsman: TestClient;
  // Cesar's side, of the test's own: a company with its liaison and a case, and an ombudsman officer.
  let cesar: BuiltPeople;
  let cesarCase: { id: string; description: string };

  beforeAll(async () => {
    server = await getTestServer();
    admin = await server.loginAs(DEMO.admin);
    cesarId = (await server.db.one<{ id: string }>(`SELECT id FROM mechanisms WHERE slug = 'cesar'`)).id;
    cesar = await buildPeople(server.app.ctx, cesarId);
    const cesarDescription = 'El polvo de la mina de Cesar tapa el jagüey de la vereda.';
    cesarCase = { id: (await buildCase(server.app.ctx, { ...cesar.filing, description: cesarDescription })).id, description: cesarDescription };
    const guajiraMechanismId = await createGuajira(admin);
    const m = `/api/admin/mechanisms/${guajiraMechanismId}`;
    const company = await admin.post(`${m}/companies`, { name: 'Carbones de la Península S.A.', slug: 'peninsula' });
    expect((await admin.post(`${m}/municipalities`, { name: 'Albania', daneCode: '44035' })).status).toBe(201);
    expect(
      (await admin.post(`${m}/categories`, { code: 'water', icon: 'droplet', name: { es: 'Agua', en: 'Water' }, description: { es: 'Agua.', en: 'Water.' } }))
        .status,
    ).toBe(201);
    expect(
      (await admin.post(`${m}/invitations`, { email: 'enlace@peninsula.co', displayName: 'Enlace Península', role: 'liaison', companyId: company.body.id }))
        .status,
    ).toBe(201);
    expect((await admin.post(`${m}/invitations`, { email: 'defensoria@guajira.gov.co', displayName: 'Defensoría Guajira', role: 'ombudsman' })).status).toBe(
      201,
    );
    guajiraLiaison = await acceptInvitation(server, 'enlace@peninsula.co');
    guajiraOmbudsman = await acceptInvitation(server, 'defensoria@guajira.gov.co');
    const caseDescription = 'El arroyo Bruno dejó de correr frente a la ranchería desde que movieron su cauce.';
    await insertCase(server.db, server.clock.now(), { mechanismId: guajiraMechanismId, companyId: company.body.id, description: caseDescription });
    guajira = { id: guajiraMechanismId, companyId: company.body.id, caseDescription, cesarDescription: cesarCase.description };
  });
  afterAll(async () => {
    await server.close();
  });

  it('When a reference prefix or slug is already used or malformed, Then the new mechanism is refused on that field', async () => {
    const taken = await admin.post('/api/admin/mechanisms', { slug: 'otra', name: 'Otra', region: 'Otra', referencePrefix: 'CES' });
    expect(taken.body.error.fields).toEqual([{ field: 'referencePrefix', message: 'Ese prefijo ya lo usa otro mecanismo.' }]);
    const bad = await admin.post('/api/admin/mechanisms', { slug: 'cesar', name: 'Otra', region: 'Otra', referencePrefix: 'gu1' });
    expect(bad.body.error.fields).toEqual([{ field: 'referencePrefix', message: expect.stringMatching(/2 a 5 letras/) }]);
  });

  it('When the Guajira liaison and ombudsman open their queues, Then they see only Guajira cases', async () => {
    for (const client of [guajiraLiaison, guajiraOmbudsman]) {
      const body = (await client.get('/api/cases')).body;
      expect(body.total).toBe(1);
      expect(body.cases[0].reference).toMatch(/^GUA-\d{4}-000001$/);
      expect(JSON.stringify(body)).not.toContain(guajira.cesarDescription.slice(0, 40));
      expect(JSON.stringify(body)).not.toMatch(/CES-/);
    }
  });

  it('When the Cesar liaison and ombudsman open their queues, Then no Guajira case, company or figure appears', async () => {
    for (const { email } of [cesar.ombudsman, cesar.liaison]) {
      const client = await server.loginAs(email);
      const body = (await client.get('/api/cases?limit=200')).body;
      const text = JSON.stringify(body);
      expect(text).not.toMatch(/GUA-|Península/);
      expect(body.total).toBe(
        (
          await server.db.one<{ n: number }>(
            email === cesar.ombudsman.email
              ? 'SELECT count(*) AS n FROM cases WHERE mechanism_id = $1'
              : `SELECT count(*) AS n FROM cases c WHERE c.company_id = $2 AND NOT c.red_flag AND c.mechanism_id = $1`,
            email === cesar.ombudsman.email ? [cesarId] : [cesarId, cesar.company.id],
          )
        ).n,
      );
      const mechanism = (await client.get('/api/mechanism')).body;
      expect(JSON.stringify(mechanism)).not.toMatch(/Península|Albania/);
    }
  });

  it('When the public page asks for a mechanism by slug, Then it gets only that one; without a slug, the oldest', async () => {
    const visitor = await server.client();
    const guajiraPage = (await visitor.get('/api/mechanism?mechanism=la-guajira')).body;
    expect(guajiraPage).toMatchObject({ name: 'La Guajira — carbón', referencePrefix: 'GUA' });
    expect(guajiraPage.companies.map((c: { name: string }) => c.name)).toEqual(['Carbones de la Península S.A.']);
    expect(guajiraPage.municipalities.map((x: { name: string }) => x.name)).toEqual(['Albania']);
    const cesarPage = (await visitor.get('/api/mechanism')).body;
    expect(cesarPage.referencePrefix).toBe('CES');
    expect(JSON.stringify(cesarPage)).not.toMatch(/Península|Albania/);
    expect((await visitor.get('/api/mechanism?mechanism=no-existe')).status).toBe(404);
    // Named twice is no name a mechanism has: 404, not the oldest one.
    expect((await visitor.get('/api/mechanism?mechanism=la-guajira&mechanism=cesar')).status).toBe(404);
    // An installed app still running code from before December 2026 names it `?slug=`.
    expect((await visitor.get('/api/mechanism?slug=la-guajira')).body.referencePrefix).toBe('GUA');
  });

  it('When the Guajira liaison or ombudsman tries a Cesar case directly, Then it answers 404 as if it did not exist', async () => {
    for (const client of [guajiraLiaison, guajiraOmbudsman]) {
      const res = await client.post(`/api/cases/${cesarCase.id}/transitions`, { action: 'acknowledge' });
      expect(res.status).toBe(404);
    }
  });

  it('When an ombudsman officer is granted both mechanisms, Then they see both and others still see one', async () => {
    const person = await server.db.one<{ id: string }>(`SELECT id FROM users WHERE email_index = $1`, [emailIndex('defensoria@guajira.gov.co')]);
    // Granting needs an admin who manages both: the admin who created Guajira does.
    const res = await admin.send('patch', `/api/admin/mechanisms/${guajira.id}/users/${person.id}`, { extraMechanismIds: [cesarId] });
    expect(res.status).toBe(200);
    const both = (await guajiraOmbudsman.get('/api/cases?limit=200')).body;
    const total = (await server.db.one<{ n: number }>('SELECT count(*) AS n FROM cases')).n;
    expect(both.total).toBe(total);
    expect((await guajiraLiaison.get('/api/cases')).body.total).toBe(1);
    const cesarOmbudsman = await server.loginAs(cesar.ombudsman.email);
    expect(JSON.stringify((await cesarOmbudsman.get('/api/cases?limit=200')).body)).not.toMatch(/GUA-/);
  });

  it('When the Cesar admin lists Guajira people, Then the Guajira ombudsman with Cesar access is listed as such', async () => {
    const people = (await admin.get(`/api/admin/mechanisms/${cesarId}/users`)).body;
    expect(people.find((p: { email: string }) => p.email === 'defensoria@guajira.gov.co')).toMatchObject({
      role: 'ombudsman',
      extraMechanismIds: [cesarId],
      homeMechanism: { id: guajira.id, name: 'La Guajira — carbón' },
    });
    expect(people.find((p: { email: string }) => p.email === cesar.ombudsman.email)).toMatchObject({ homeMechanism: { id: cesarId } });
    const guajiraPeople = (await admin.get(`/api/admin/mechanisms/${guajira.id}/users`)).body;
    // The admin who created Guajira manages it, so they are listed there too; no Cesar liaison is.
    expect(guajiraPeople.map((p: { email: string }) => p.email).sort()).toEqual([DEMO.admin, 'defensoria@guajira.gov.co', 'enlace@peninsula.co']);
  });
  it('When a visitor files from the Guajira page, Then the case gets its prefix, only its companies are accepted, and Cesar staff never see it', async () => {
    const m = `/api/admin/mechanisms/${guajira.id}`;
    const published = await admin.post(`${m}/data-policies`, { text: { es: 'Política de datos de La Guajira.', en: 'La Guajira data policy.' } });
    expect(published.status).toBe(201);
    const visitor = await server.client();
    const policy = await visitor.get('/api/data-policy?mechanism=la-guajira');
    expect(policy.body.text).toBe('Política de datos de La Guajira.');
    expect((await visitor.get('/api/data-policy?mechanism=no-existe')).status).toBe(404);
    const lists = (await visitor.get('/api/mechanism?mechanism=la-guajira')).body as MechanismDto;
    const albania = lists.municipalities.find((x) => x.name === 'Albania')!;
    const description = 'La voladura de la mina agrietó las paredes de las casas de la comunidad wayuu.';
    const body = (companyId: string) => ({
      idempotencyKey: crypto.randomUUID(),
      whatHappened: description,
      municipalityId: albania.id,
      companyId,
      categoryCodes: ['water'],
      identityMode: 'anonymous',
      contactPreference: 'none',
      consent: { policyVersion: published.body.version, accepted: true },
    });
    const cesarCompany = (await loadMechanism(server)).companies[0]!.id;
    const wrongCompany = await visitor.post('/api/complaints?mechanism=la-guajira', body(cesarCompany));
    expect(wrongCompany.status).toBe(400);
    expect(wrongCompany.body.error.fields.map((f: { field: string }) => f.field)).toContain('companyId');
    const filed = await visitor.post('/api/complaints?mechanism=la-guajira', body(guajira.companyId));
    expect(filed.status).toBe(201);
    expect(filed.body.reference).toMatch(/^GUA-\d{4}-\d{6}$/);

    const guajiraQueue = JSON.stringify((await guajiraLiaison.get('/api/cases')).body);
    expect(guajiraQueue).toContain(filed.body.reference);
    for (const { email } of [cesar.liaison, cesar.ombudsman]) {
      const staff = await server.loginAs(email);
      expect(JSON.stringify((await staff.get('/api/cases')).body)).not.toContain(filed.body.reference);
      expect((await staff.get(`/api/cases/${filed.body.caseId}`)).status).toBe(404);
    }
  });

  describe('Granting a Cesar ombudsman officer access to Guajira', () => {
    let officerId: string;
    let other: string;
    const grants = async () =>
      (await server.db.query<{ id: string }>('SELECT mechanism_id AS id FROM user_mechanisms WHERE user_id = $1 ORDER BY granted_at', [officerId])).map(
        (r) => r.id,
      );
    const patch = (body: unknown, userId = officerId) => admin.send('patch', `/api/admin/mechanisms/${cesarId}/users/${userId}`, body);
    beforeAll(async () => {
      officerId = cesar.ombudsman.id;
      other = (
        await server.db.one<{ id: string }>(`INSERT INTO mechanisms (slug, name, region, reference_prefix) VALUES ('otra', 'Otra', 'Otra', 'OTR') RETURNING id`)
      ).id;
    });

    it('When the admin grants a mechanism they do not manage, alone or with one they do, Then it is refused on extraMechanismIds and nothing is granted', async () => {
      for (const extraMechanismIds of [[other], [guajira.id, other], ['00000000-0000-4000-8000-000000000000']]) {
        const res = await patch({ extraMechanismIds });
        expect(res.status).toBe(400);
        expect(res.body.error.fields).toEqual([{ field: 'extraMechanismIds', message: expect.any(String) }]);
      }
      expect((await patch({ extraMechanismIds: ['no-es-un-id'] })).body.error.fields[0].field).toMatch(/^extraMechanismIds/);
      expect(await grants()).toEqual([]);
    });

    it('When the admin grants another mechanism to a liaison, Then it is refused: only ombudsman officers and admins act in several', async () => {
      const liaisonId = cesar.liaison.id;
      const res = await patch({ extraMechanismIds: [guajira.id] }, liaisonId);
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toEqual([{ field: 'extraMechanismIds', message: expect.any(String) }]);
      expect(await server.db.query('SELECT 1 FROM user_mechanisms WHERE user_id = $1', [liaisonId])).toEqual([]);
    });

    it('When the officer is granted Guajira and the grant is then removed, Then the Guajira case opens for them and afterwards answers 404', async () => {
      const guajiraCase = await server.db.one<{ id: string; reference: string }>(
        'SELECT id, reference FROM cases WHERE mechanism_id = $1 ORDER BY created_at LIMIT 1',
        [guajira.id],
      );
      const officer = await server.loginAs(cesar.ombudsman.email);
      expect((await officer.get(`/api/cases/${guajiraCase.id}`)).status).toBe(404);
      const granted = await patch({ extraMechanismIds: [guajira.id] });
      expect(granted.status).toBe(200);
      expect(granted.body.extraMechanismIds).toEqual([guajira.id]);
      expect((await officer.get(`/api/cases/${guajiraCase.id}`)).body.reference).toBe(guajiraCase.reference);
      expect(JSON.stringify((await officer.get('/api/cases?limit=200')).body)).toContain(guajiraCase.reference);
      const removed = await patch({ extraMechanismIds: [] });
      expect(removed.body.extraMechanismIds).toEqual([]);
      const gone = await officer.get(`/api/cases/${guajiraCase.id}`);
      expect([gone.status, gone.body.error.code]).toEqual([404, 'not_found']);
      expect(JSON.stringify((await officer.get('/api/cases?limit=200')).body)).not.toContain(guajiraCase.reference);
    });

    it("When the officer also holds a grant from a mechanism this admin does not manage, Then changing the admin's grants keeps it", async () => {
      await server.db.query('INSERT INTO user_mechanisms (user_id, mechanism_id) VALUES ($1, $2)', [officerId, other]);
      expect((await patch({ extraMechanismIds: [guajira.id] })).body.extraMechanismIds.sort()).toEqual([guajira.id, other].sort());
      expect((await patch({ extraMechanismIds: [] })).body.extraMechanismIds).toEqual([other]);
      // A role without grants loses them all, whoever gave them.
      expect((await patch({ role: 'liaison', companyId: cesar.company.id })).body).toMatchObject({ role: 'liaison', extraMechanismIds: [] });
      expect(await grants()).toEqual([]);
      expect((await patch({ role: 'ombudsman' })).body).toMatchObject({ role: 'ombudsman', company: null });
    });
  });
});
