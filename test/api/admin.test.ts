import { DEMO, getTestServer, type TestClient, type TestServer, OUTBOX_RECIPIENT, openOutboxRow } from '../support';
import { GOOD_PASSWORD, linkSentTo } from '../accountHelpers';
import { buildCase, buildPeople, type BuiltPeople } from '../factories';
import { hashToken } from '../../server/auth/tokens';
import { renderEmail, type EmailData } from '../../server/mail/emailTemplates';
import type { AdminCategoryDto, AdminCompanyDto, AdminMunicipalityDto, AdminUserDto, DataPolicyDto, InvitationSent } from '../../shared/types/admin';

const ZERO = '00000000-0000-4000-8000-000000000000';

describe('Administration API', () => {
  let server: TestServer;
  let admin: TestClient;
  let mechanismId: string;
  // The staff and complainant refused the admin routes, and the liaison moved between companies, are the test's own.
  let cast: BuiltPeople;
  beforeAll(async () => {
    server = await getTestServer();
    admin = await server.loginAs(DEMO.admin);
    mechanismId = (await server.db.one<{ id: string }>(`SELECT id FROM mechanisms WHERE slug = 'cesar'`)).id;
    cast = await buildPeople(server.app.ctx, mechanismId);
  });
  afterAll(async () => {
    await server.close();
  });

  function routes(): [method: 'get' | 'post' | 'patch', path: string][] {
    const m = `/api/admin/mechanisms/${mechanismId}`;
    return [
      ['get', '/api/admin/overview'],
      ['get', '/api/admin/mechanisms'],
      ['post', '/api/admin/mechanisms'],
      ['get', `${m}/companies`],
      ['post', `${m}/companies`],
      ['patch', `${m}/companies/${ZERO}`],
      ['get', `${m}/categories`],
      ['post', `${m}/categories`],
      ['patch', `${m}/categories/${ZERO}`],
      ['get', `${m}/municipalities`],
      ['post', `${m}/municipalities`],
      ['patch', `${m}/municipalities/${ZERO}`],
      ['post', `${m}/municipalities/${ZERO}/veredas`],
      ['patch', `${m}/veredas/${ZERO}`],
      ['get', `${m}/data-policies`],
      ['post', `${m}/data-policies`],
      ['get', `${m}/users`],
      ['post', `${m}/invitations`],
      ['patch', `${m}/users/${ZERO}`],
    ];
  }

  async function call(client: TestClient, method: 'get' | 'post' | 'patch', path: string, body: unknown = {}) {
    return method === 'get' ? client.get(path) : client.send(method, path, body);
  }

  it('When anyone but an admin calls any admin route, Then it answers 404 like a missing route, and 401 without login', async () => {
    const others = [cast.ombudsman, cast.liaison, cast.complainant, cast.facilitator].map((person) => person.email);
    const clients = await Promise.all(others.map((email) => server.loginAs(email)));
    const visitor = await server.client();
    const before = await server.db.one<{ n: number }>(
      'SELECT (SELECT count(*) FROM companies) + (SELECT count(*) FROM mechanisms) + (SELECT count(*) FROM users) AS n',
    );
    for (const [method, path] of routes()) {
      for (const [i, client] of clients.entries()) {
        const res = await call(client, method, path, { name: 'X', slug: 'x' });
        expect({ role: others[i], method, path, status: res.status, code: res.body.error?.code }).toEqual({
          role: others[i],
          method,
          path,
          status: 404,
          code: 'not_found',
        });
      }
      expect({ method, path, status: (await call(visitor, method, path)).status }).toEqual({ method, path, status: 401 });
    }
    const after = await server.db.one<{ n: number }>(
      'SELECT (SELECT count(*) FROM companies) + (SELECT count(*) FROM mechanisms) + (SELECT count(*) FROM users) AS n',
    );
    expect(after.n).toBe(before.n);
  });

  it('When an admin calls a case route, Then it is refused like a missing case and no case text reaches them', async () => {
    const anyCase = await server.db.one<{ id: string; description: string }>('SELECT id, description FROM cases LIMIT 1');
    expect((await admin.get('/api/cases')).status).toBe(404);
    expect((await admin.get(`/api/cases/${anyCase.id}`)).status).toBe(404);
    for (const path of ['transitions', 'route', 'release-red-flag', 'attachments']) {
      const res = await admin.post(`/api/cases/${anyCase.id}/${path}`, { action: 'acknowledge' });
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
    const attachment = await server.db.maybeOne<{ id: string }>('SELECT id FROM attachments LIMIT 1');
    if (attachment) expect((await admin.get(`/api/attachments/${attachment.id}`)).status).toBe(404);
    for (const [, path] of routes().filter(([m]) => m === 'get')) {
      const res = await admin.get(path);
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).not.toContain(anyCase.description.slice(0, 40));
    }
  });

  it('When an admin names a mechanism they do not manage, Then every route answers 404', async () => {
    const other = await server.db.one<{ id: string }>(
      `INSERT INTO mechanisms (slug, name, region, reference_prefix) VALUES ('otra', 'Otra', 'Otra', 'OTR') RETURNING id`,
    );
    for (const [method, path] of routes().filter(([, p]) => p.includes(mechanismId))) {
      const res = await call(admin, method, path.replace(mechanismId, other.id), { name: 'Nueva', slug: 'nueva' });
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
  });

  it('When the admin adds, renames and deactivates a company, Then public forms follow and the admin still sees it', async () => {
    const m = `/api/admin/mechanisms/${mechanismId}`;
    const created = await admin.post(`${m}/companies`, { name: 'Minas del Norte S.A.S.', slug: 'minas-norte' });
    expect(created.status).toBe(201);
    const company: AdminCompanyDto = created.body;
    expect(company).toMatchObject({ name: 'Minas del Norte S.A.S.', slug: 'minas-norte', active: true, liaisons: 0 });

    const duplicate = await admin.post(`${m}/companies`, { name: 'Otra', slug: 'minas-norte' });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error.fields).toEqual([{ field: 'slug', message: 'Ese identificador ya está en uso.' }]);
    const bad = await admin.post(`${m}/companies`, { name: '', slug: 'Con Espacios' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['name', 'slug']);

    const renamed = await admin.send('patch', `${m}/companies/${company.id}`, { name: 'Minas del Norte S.A.' });
    expect(renamed.body.name).toBe('Minas del Norte S.A.');
    const publicBefore = (await (await server.client()).get('/api/mechanism')).body;
    expect(publicBefore.companies.map((c: { name: string }) => c.name)).toContain('Minas del Norte S.A.');

    expect((await admin.send('patch', `${m}/companies/${company.id}`, { active: false })).body.active).toBe(false);
    const publicAfter = (await (await server.client()).get('/api/mechanism')).body;
    expect(publicAfter.companies.map((c: { name: string }) => c.name)).not.toContain('Minas del Norte S.A.');
    const list: AdminCompanyDto[] = (await admin.get(`${m}/companies`)).body;
    expect(list.find((c) => c.id === company.id)).toMatchObject({ active: false });
  });

  it('When the admin manages categories, Then names and descriptions in both languages reach the forms', async () => {
    const m = `/api/admin/mechanisms/${mechanismId}`;
    const created = await admin.post(`${m}/categories`, {
      code: 'fishing',
      icon: 'fish',
      name: { es: 'Pesca', en: 'Fishing' },
      description: { es: 'Peces que desaparecen de ríos y ciénagas.', en: 'Fish vanishing from rivers and wetlands.' },
    });
    expect(created.status).toBe(201);
    const category: AdminCategoryDto = created.body;
    expect(category).toMatchObject({ code: 'fishing', redFlag: false, active: true });
    const missingEnglish = await admin.post(`${m}/categories`, { code: 'x_y', icon: 'x', name: { es: 'X' }, description: { es: 'Y', en: 'Y' } });
    expect(missingEnglish.body.error.fields).toEqual([{ field: 'name.en', message: 'Este campo es obligatorio.' }]);
    expect((await admin.post(`${m}/categories`, { ...created.body, id: undefined, position: undefined, active: undefined, redFlag: false })).status).toBe(400);

    const english = await (await server.client('en')).get('/api/mechanism');
    expect(english.body.categories.find((c: { code: string }) => c.code === 'fishing')).toMatchObject({ name: 'Fishing', redFlag: false });
    // The forms know a safety topic, so the receipt can say the Defensoría answers first.
    expect(english.body.categories.find((c: { code: string }) => c.code === 'security_human_rights')).toMatchObject({ redFlag: true });
    const flagged = await admin.send('patch', `${m}/categories/${category.id}`, { redFlag: true, active: false });
    expect(flagged.body).toMatchObject({ redFlag: true, active: false });
    const after = await (await server.client('en')).get('/api/mechanism');
    expect(after.body.categories.some((c: { code: string }) => c.code === 'fishing')).toBe(false);
  });

  it('When the admin adds a municipality and a vereda and deactivates one used by cases, Then nothing is deleted', async () => {
    const m = `/api/admin/mechanisms/${mechanismId}`;
    const created = await admin.post(`${m}/municipalities`, { name: 'Pueblo Nuevo', daneCode: '20999' });
    expect(created.status).toBe(201);
    const municipality: AdminMunicipalityDto = created.body;
    const withVereda = await admin.post(`${m}/municipalities/${municipality.id}/veredas`, { name: 'El Limón', kind: 'vereda' });
    expect(withVereda.status).toBe(201);
    expect(withVereda.body.veredas).toEqual([expect.objectContaining({ name: 'El Limón', kind: 'vereda', active: true })]);
    const again = await admin.post(`${m}/municipalities/${municipality.id}/veredas`, { name: 'El Limón', kind: 'vereda' });
    expect(again.body.error.fields).toEqual([{ field: 'name', message: 'Ya existe un lugar con ese nombre en este municipio.' }]);
    const renamed = await admin.send('patch', `${m}/veredas/${withVereda.body.veredas[0].id}`, { name: 'El Limoncito' });
    expect(renamed.body.veredas[0].name).toBe('El Limoncito');
    expect((await admin.post(`${m}/municipalities`, { name: 'Copia', daneCode: '20999' })).body.error.fields[0].field).toBe('daneCode');

    const used = await server.db.one<{ id: string }>('SELECT municipality_id AS id FROM cases LIMIT 1');
    const cases = await server.db.one<{ n: number }>('SELECT count(*) AS n FROM cases WHERE municipality_id = $1', [used.id]);
    const off = await admin.send('patch', `${m}/municipalities/${used.id}`, { active: false });
    expect(off.body.active).toBe(false);
    expect((await server.db.one<{ n: number }>('SELECT count(*) AS n FROM cases WHERE municipality_id = $1', [used.id])).n).toBe(cases.n);
    const publicList = (await (await server.client()).get('/api/mechanism')).body.municipalities;
    expect(publicList.some((x: { id: string }) => x.id === used.id)).toBe(false);
  });

  it('When the admin publishes a new data policy, Then it is a new version and the earlier one is unchanged', async () => {
    const m = `/api/admin/mechanisms/${mechanismId}`;
    const before: DataPolicyDto[] = (await admin.get(`${m}/data-policies`)).body;
    const first = await admin.post(`${m}/data-policies`, {
      text: { es: 'Tratamos sus datos según la Ley 1581 de 2012.', en: 'We process your data under Law 1581 of 2012.' },
    });
    expect(first.status).toBe(201);
    const second = await admin.post(`${m}/data-policies`, { text: { es: 'Versión revisada.', en: 'Revised version.' } });
    // The demo holds 2026-01; versions of a year are numbered on.
    expect([first.body.version, second.body.version]).toEqual(['2026-02', '2026-03']);
    const list: DataPolicyDto[] = (await admin.get(`${m}/data-policies`)).body;
    expect(list.length).toBe(before.length + 2);
    expect(list.find((p) => p.version === first.body.version)!.text.es).toBe('Tratamos sus datos según la Ley 1581 de 2012.');
    expect(list.find((p) => p.version === '2026-01')).toEqual(before.find((p) => p.version === '2026-01'));
    expect((await admin.post(`${m}/data-policies`, { text: { es: 'Solo español' } })).status).toBe(400);
  });

  it('When a liaison is invited, Then the e-mail in their language carries a 7-day link, and they can set a password and log in', async () => {
    const m = `/api/admin/mechanisms/${mechanismId}`;
    const company = (await admin.get(`${m}/companies`)).body.find((c: AdminCompanyDto) => c.slug === 'perija');
    const sent = await admin.post(`${m}/invitations`, {
      email: 'nueva.enlace@perija.co',
      displayName: 'Nueva Enlace',
      role: 'liaison',
      companyId: company.id,
      language: 'en',
    });
    expect(sent.status).toBe(201);
    const invitation: InvitationSent = sent.body;
    expect(invitation.user).toMatchObject({ status: 'invited', role: 'liaison', company: { id: company.id } });
    expect(JSON.stringify(sent.body)).not.toMatch(/invitacion\//);
    const invited = (
      await server.db.query<{
        language: string;
        template: string;
        data: EmailData & { path: string };
        sealId: string | null;
        recipientCiphertext: string | null;
        toAddress: string | null;
      }>(`SELECT o.language, o.template, o.data, ${OUTBOX_RECIPIENT} FROM outbox o ORDER BY o.id`)
    )
      .map(openOutboxRow)
      .filter((r) => r.to === 'nueva.enlace@perija.co');
    expect(invited).toHaveLength(1);
    const outbox = invited[0]!;
    expect(outbox).toMatchObject({ language: 'en', template: 'invitation' });
    expect(outbox.data.path).toMatch(/^\/invitacion\/[A-Za-z0-9_-]{43}$/);
    const { token, link } = await linkSentTo(server.db, 'nueva.enlace@perija.co');
    const mail = renderEmail('invitation', 'en', 'nueva.enlace@perija.co', outbox.data, 'http://localhost:3000');
    expect(mail.subject).toBe('Invitation to Puente — Cesar — minería de carbón');
    expect(mail.text).toContain('as “Company liaison” for Carbones del Perijá S.A.S.');
    expect(mail.text).toContain('expires in 7 days');
    expect(mail.text).toContain(link);
    const stored = await server.db.one<{ token_hash: string }>('SELECT token_hash FROM invitations ORDER BY created_at DESC LIMIT 1');
    expect(stored.token_hash).not.toContain(token);

    const visitor = await server.client('en');
    const cannotLogIn = await visitor.post('/api/session', { email: 'nueva.enlace@perija.co', password: GOOD_PASSWORD });
    expect(cannotLogIn.status).toBe(401);
    const page = await visitor.get(`/api/invitations/${token}`);
    expect(page.body).toMatchObject({ email: 'nueva.enlace@perija.co', role: 'liaison', companyName: 'Carbones del Perijá S.A.S.' });

    const weak = await visitor.post(`/api/invitations/${token}/accept`, { displayName: 'Nueva', password: 'corto123' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.fields).toEqual([{ field: 'password', message: expect.stringMatching(/at least 10/) }]);
    const common = await visitor.post(`/api/invitations/${token}/accept`, { displayName: 'Nueva', password: 'contraseña123' });
    expect(common.body.error.fields).toEqual([{ field: 'password', message: expect.stringMatching(/most used/) }]);
    const withEmail = await visitor.post(`/api/invitations/${token}/accept`, { displayName: 'Nueva', password: 'nueva.enlace-segura' });
    expect(withEmail.body.error.fields).toEqual([{ field: 'password', message: expect.stringMatching(/e-mail/) }]);

    expect((await visitor.post(`/api/invitations/${token}/accept`, { displayName: 'Nueva Enlace Pérez', password: GOOD_PASSWORD })).status).toBe(204);
    const login = await visitor.post('/api/session', { email: 'nueva.enlace@perija.co', password: GOOD_PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ displayName: 'Nueva Enlace Pérez', role: 'liaison', company: { name: 'Carbones del Perijá S.A.S.' } });
    const queue = await visitor.get('/api/cases');
    expect(queue.status).toBe(200);
    expect(queue.body.cases.every((c: { company: { id: string } }) => c.company.id === company.id)).toBe(true);

    const reused = await (await server.client('es')).post(`/api/invitations/${token}/accept`, { displayName: 'Otra', password: 'otra frase muy larga' });
    expect(reused.status).toBe(410);
    expect(reused.body.error).toMatchObject({ code: 'invitation_used', message: expect.stringMatching(/ya se usó/) });
  });

  it('When an invitation link is older than 7 days or was replaced, Then it is refused with a clear message', async () => {
    const m = `/api/admin/mechanisms/${mechanismId}`;
    await admin.post(`${m}/invitations`, { email: 'tarde@defensoria.gov.co', displayName: 'Tarde', role: 'ombudsman' });
    const { token: first } = await linkSentTo(server.db, 'tarde@defensoria.gov.co');
    await admin.post(`${m}/invitations`, { email: 'tarde@defensoria.gov.co', displayName: 'Tarde', role: 'ombudsman' });
    const { token: second } = await linkSentTo(server.db, 'tarde@defensoria.gov.co');
    expect(second).not.toBe(first);
    const visitor = await server.client();
    expect((await visitor.post(`/api/invitations/${first}/accept`, { displayName: 'T', password: GOOD_PASSWORD })).body.error.code).toBe('invitation_used');
    // Sessions follow the wall clock, so the link is aged instead of the clock moved: 7 days and a second.
    const issued = await server.db.one<{ created_at: Date; expires_at: Date }>('SELECT created_at, expires_at FROM invitations WHERE token_hash = $1', [
      hashToken(second),
    ]);
    expect(issued.expires_at.getTime() - issued.created_at.getTime()).toBe(7 * 24 * 60 * 60 * 1000);
    await server.db.query('UPDATE invitations SET expires_at = $2 WHERE token_hash = $1', [hashToken(second), new Date(server.clock.now().getTime() - 1000)]);
    const late = await visitor.post(`/api/invitations/${second}/accept`, { displayName: 'T', password: GOOD_PASSWORD });
    expect(late.status).toBe(410);
    expect(late.body.error).toMatchObject({ code: 'invitation_expired', message: expect.stringMatching(/venció/) });
    const unknown = await visitor.post(`/api/invitations/${'x'.repeat(43)}/accept`, { displayName: 'T', password: GOOD_PASSWORD });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('invitation_invalid');
  });

  it('When an address already has an account, Then inviting it fails on the e-mail field', async () => {
    const res = await admin.post(`/api/admin/mechanisms/${mechanismId}/invitations`, { email: cast.ombudsman.email, displayName: 'X', role: 'ombudsman' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([{ field: 'email', message: 'Ya existe una cuenta con este correo.' }]);
    const noCompany = await admin.post(`/api/admin/mechanisms/${mechanismId}/invitations`, { email: 'x@y.co', displayName: 'X', role: 'liaison' });
    expect(noCompany.body.error.fields).toEqual([{ field: 'companyId', message: 'Este campo es obligatorio.' }]);
  });

  it('When the admin moves a liaison to another company, Then their next request sees only the new company', async () => {
    const m = `/api/admin/mechanisms/${mechanismId}`;
    // The company the liaison is moved to has a case of its own.
    await buildCase(server.app.ctx, { mechanismId, companyId: cast.otherCompany.id });
    const liaison = await server.loginAs(cast.liaison.email);
    const people: AdminUserDto[] = (await admin.get(`${m}/users`)).body;
    expect(people.some((p) => p.role === 'complainant')).toBe(false);
    const person = people.find((p) => p.email === cast.liaison.email)!;
    const newCompany = (await admin.get(`${m}/companies`)).body.find((c: AdminCompanyDto) => c.slug === cast.otherCompany.slug);
    const moved = await admin.send('patch', `${m}/users/${person.id}`, { companyId: newCompany.id });
    expect(moved.body.company.id).toBe(newCompany.id);
    const queue = (await liaison.get('/api/cases')).body;
    expect(queue.cases.length).toBeGreaterThan(0);
    expect(queue.cases.every((c: { company: { id: string } }) => c.company.id === newCompany.id)).toBe(true);
    const toOmbudsman = await admin.send('patch', `${m}/users/${person.id}`, { role: 'ombudsman' });
    expect(toOmbudsman.body).toMatchObject({ role: 'ombudsman', company: null });
    expect((await admin.send('patch', `${m}/users/${person.id}`, { role: 'liaison' })).body.error.fields).toEqual([
      { field: 'companyId', message: 'Este campo es obligatorio.' },
    ]);
    const self = people.find((p) => p.email === DEMO.admin)!;
    expect((await admin.send('patch', `${m}/users/${self.id}`, { active: false })).body.error.code).toBe('cannot_change_self');
  });
});
