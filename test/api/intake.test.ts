import crypto from 'node:crypto';
import { connected, collect, eventWhere, getTestServer, OUTBOX_RECIPIENT, openOutboxRow, type TestServer } from '../support';
import { sealedUserColumns } from '../../server/repositories/users';
import { buildComplaint, demoIds, fileComplaint, onIntakeServer, countCases as countAllCases } from '../intakeSupport';
import type { MechanismDto } from '../../shared/types/api';
import type { CaseDetailDto, FileComplaintResponse } from '../../shared/types/intake';
import { RECEIPT_KEY_PATTERN } from '../../shared/receiptKey';
import { INTAKE_LIMITS } from '../../shared/validation/intake';
import { pruneExpiredRows } from '../../server/jobs/expiredRowPruner';
import { expectDocumentedAnswer } from '../responseShapes';
import type { BuiltPeople } from '../factories';

describe('Filing a complaint', () => {
  let server: TestServer;
  let mechanism: MechanismDto;
  let cast: BuiltPeople;
  onIntakeServer((s, m, people) => ((server = s), (mechanism = m), (cast = people)));
  /** A valid complaint against the cast's company; `overrides` replace top-level fields. */
  const complaint = (overrides: Parameters<typeof buildComplaint>[1] = {}) => buildComplaint(mechanism, { companyId: cast.company.id, ...overrides });

  const countCases = () => countAllCases(server);

  it('When anyone asks for the data policy, Then the current version comes in their language', async () => {
    const es = await (await server.client('es')).get('/api/data-policy');
    const en = await (await server.client('en')).get('/api/data-policy');
    expect(es.status).toBe(200);
    expect(es.body.version).toBe('2026-01');
    expect(es.body.text).toContain('Ley 1581 de 2012');
    expect(en.body.text).toContain('Law 1581 of 2012');
  });

  it('When a visitor files a named complaint, Then it gets a reference and the company and ombudsman see the name', async () => {
    const visitor = await server.client();
    const body = complaint();
    const filed = await fileComplaint(visitor, body);
    expect(filed.reference).toMatch(/^CES-2026-\d{6}$/);
    expect(filed.receiptKey).toBeUndefined();
    expect(filed.status).toBe('received');

    const liaison = await server.loginAs(cast.liaison.email);
    const seen = (await liaison.get(`/api/cases/${filed.caseId}`)).body as CaseDetailDto;
    expect(seen.complainantName).toBe('Ana Mercedes Toro');
    // Companies get the name of a named complainant, never the contact details or the map point.
    expect(seen.complainant).toEqual({ name: 'Ana Mercedes Toro' });
    expect(seen.location).toBeNull();
    expect(seen.allowedActions).toEqual(['acknowledge']);
    expect(seen.history).toEqual([
      expect.objectContaining({ kind: 'cases.filed', toStatus: 'received', actorRole: 'complainant', actorLabel: 'Peticionario' }),
    ]);

    const ombudsman = await server.loginAs(cast.ombudsman.email);
    const full = (await ombudsman.get(`/api/cases/${filed.caseId}`)).body as CaseDetailDto;
    expect(full.complainant).toEqual({ name: 'Ana Mercedes Toro', phone: '3105550101' });
    expect(full.location).toEqual({ latitude: 9.66, longitude: -73.74 });
    expect(full.vereda?.name).toBe('El Hatillo');
    expect(full.consentPolicyVersion).toBe('2026-01');

    // The visitor follows it from the same session without an account.
    const own = await visitor.get(`/api/cases/${filed.caseId}`);
    expect(own.status).toBe(200);
    expect(own.body.allowedActions).toEqual(['withdraw']);
    const other = await server.loginAs(cast.otherLiaison.email);
    expect((await other.get(`/api/cases/${filed.caseId}`)).status).toBe(404);
  });

  it('When a complainant files a confidential complaint, Then only they see who it is, and the ombudsman only through a reveal that is logged once', async () => {
    const complainant = await server.loginAs(cast.complainant.email);
    const filed = await fileComplaint(
      complainant,
      complaint({ identityMode: 'confidential', identity: { name: 'Eulalia Quintero', documentId: '1.065.432.198', phone: '310 555 0199' } }),
    );
    const stored = await server.db.one<{ complainant_user_id: string; identity_ciphertext: string; identity_mode: string }>(
      'SELECT complainant_user_id, identity_ciphertext, identity_mode FROM cases WHERE id = $1',
      [filed.caseId],
    );
    expect(stored.identity_mode).toBe('confidential');
    expect(stored.complainant_user_id).not.toBeNull();
    expect(stored.identity_ciphertext).not.toContain('Eulalia');

    const liaison = await server.loginAs(cast.liaison.email);
    const liaisonView = (await liaison.get(`/api/cases/${filed.caseId}`)).body as CaseDetailDto;
    expect(liaisonView.complainantName).toBeNull();
    expect(liaisonView.complainant).toBeNull();
    expect(liaisonView.contactPreference).toBeNull();
    const queue = (await liaison.get('/api/cases')).body;
    expect(queue.cases.find((c: { id: string }) => c.id === filed.caseId).complainantName).toBeNull();

    const mine = (await complainant.get(`/api/cases/${filed.caseId}`)).body as CaseDetailDto;
    expect(mine.complainant).toEqual({ name: 'Eulalia Quintero', documentId: '1065432198', phone: '3105550199' });

    const before = (await server.db.one<{ n: number }>('SELECT count(*) AS n FROM identity_views WHERE case_id = $1', [filed.caseId])).n;
    const ombudsman = await server.loginAs(cast.ombudsman.email);
    expect((await ombudsman.get(`/api/cases/${filed.caseId}`)).body.complainantName).toBeNull();
    expect((await ombudsman.post(`/api/cases/${filed.caseId}/identity-reveals`, { reason: 'Acordar la visita a la vereda' })).status).toBe(201);
    expect((await ombudsman.get(`/api/cases/${filed.caseId}`)).body.complainantName).toBe('Eulalia Quintero');
    expect((await ombudsman.get(`/api/cases/${filed.caseId}`)).body.complainantName).toBe('Eulalia Quintero');
    const views = await server.db.query<{ context: string }>('SELECT context FROM identity_views WHERE case_id = $1', [filed.caseId]);
    expect(views.length).toBe(before + 1);
    expect(views.at(-1)!.context).toBe('reveal');
  });

  it('When someone files anonymously, Then a receipt key is shown once, stored only as a hash, and no identity is kept', async () => {
    const visitor = await server.client();
    const filed = await fileComplaint(visitor, complaint({ identityMode: 'anonymous', identity: undefined, contactPreference: 'none' }));
    expect(filed.receiptKey).toMatch(RECEIPT_KEY_PATTERN);
    const row = await server.db.one<{ receipt_key_hash: string; identity_ciphertext: string | null }>(
      'SELECT receipt_key_hash, identity_ciphertext FROM cases WHERE id = $1',
      [filed.caseId],
    );
    expect(row.identity_ciphertext).toBeNull();
    // A keyed hash (HMAC under DATA_KEY): not the key, and not a plain hash anyone could test guesses against.
    expect(row.receipt_key_hash).toMatch(/^hmac-sha256\$v1\$[0-9a-f]{64}$/);
    expect(row.receipt_key_hash).not.toContain(filed.receiptKey);
    expect(row.receipt_key_hash).not.toContain(crypto.createHash('sha256').update(filed.receiptKey!).digest('hex'));
    const event = await server.db.one<{ actor_role: string }>(`SELECT actor_role FROM case_events WHERE case_id = $1`, [filed.caseId]);
    expect(event.actor_role).toBe('anonymous');

    const tracker = await server.client();
    const tracked = await tracker.post('/api/track', { reference: filed.reference.toLowerCase(), receiptKey: filed.receiptKey!.toLowerCase() });
    expect(tracked.status).toBe(200);
    expect(tracked.body.reference).toBe(filed.reference);
    expect(tracked.body.complainantName).toBeNull();
    expect(tracked.body.history[0].actorLabel).toBe('Persona anónima');
  });

  it('When a facilitator files on behalf of someone, Then the consent is recorded in the history and required', async () => {
    const facilitator = await server.loginAs(cast.facilitator.email);
    const missing = await facilitator.post('/api/complaints', complaint({ contactPreference: 'phone' }));
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields).toEqual([
      { field: 'onBehalf.personConsented', message: 'Confirme que la persona le autorizó a presentar la queja en su nombre.' },
    ]);

    const filed = await fileComplaint(
      facilitator,
      complaint({
        contactPreference: 'facilitator',
        onBehalf: { personConsented: true, how: 'verbal' },
        collective: { groupName: 'Vecinos de El Hatillo', groupKind: 'junta_accion_comunal', groupSize: 120 },
        equity: { ethnicGroup: 'afro_colombian', gender: 'woman', consent: true },
      }),
    );
    const event = await server.db.one<{ actor_role: string; data: { onBehalf: unknown } }>(`SELECT actor_role, data FROM case_events WHERE case_id = $1`, [
      filed.caseId,
    ]);
    expect(event.actor_role).toBe('facilitator');
    expect(event.data.onBehalf).toEqual({ personConsented: true, how: 'verbal' });
    const row = await server.db.one<{ equity_ciphertext: string; filed_by_user_id: string }>(
      'SELECT equity_ciphertext, filed_by_user_id FROM cases WHERE id = $1',
      [filed.caseId],
    );
    expect(row.equity_ciphertext).toMatch(/^v2\./);
    expect(row.filed_by_user_id).not.toBeNull();
    const detail = (await facilitator.get(`/api/cases/${filed.caseId}`)).body as CaseDetailDto;
    expect(detail.collective).toEqual({ groupName: 'Vecinos de El Hatillo', groupKind: 'junta_accion_comunal', groupSize: 120 });
    expect(detail.filedOnBehalf).toBe(true);
    expect(detail.history[0]!.onBehalf).toBe(true);
    expect(JSON.stringify(detail)).not.toContain('afro_colombian');

    const complainant = await server.loginAs(cast.complainant.email);
    const notFacilitator = await complainant.post('/api/complaints', complaint({ onBehalf: { personConsented: true, how: 'written' } }));
    expect(notFacilitator.status).toBe(400);
    expect(notFacilitator.body.error.fields[0].field).toBe('onBehalf');
  });

  it('When staff try to file, Then the route does not exist for them (404) and nothing is stored', async () => {
    const before = await countCases();
    for (const { email } of [cast.liaison, cast.ombudsman, cast.admin]) {
      const staff = await server.loginAs(email);
      expect((await staff.post('/api/complaints', complaint())).status).toBe(404);
    }
    expect(await countCases()).toBe(before);
  });

  it("When a liaison's name and e-mail change between two filings, Then each filing's e-mail goes to the address and name the liaison had then", async () => {
    const liaisonMail = async (reference: string) => {
      const rows = await server.db.query<{
        sealId: string | null;
        recipientCiphertext: string | null;
        toAddress: string | null;
        data: Record<string, unknown>;
      }>(`SELECT o.data, ${OUTBOX_RECIPIENT} FROM outbox o WHERE o.data->>'reference' = $1`, [reference]);
      return rows.map(openOutboxRow).map((r) => ({ to: r.to, name: r.data.recipientName }));
    };
    const visitor = await server.client();
    const first = await fileComplaint(visitor, complaint());
    const before = await liaisonMail(first.reference);
    expect(before).toEqual([{ to: cast.liaison.email, name: expect.any(String) }]);
    // The liaison's name and e-mail sealed anew, as an account change writes them.
    const sealLiaison = async (displayName: string, email: string) => {
      const sealed = sealedUserColumns(server.app.ctx.cipher, cast.liaison.id, { displayName, email, phone: null });
      await server.db.query('UPDATE users SET name_ciphertext = $2, email_ciphertext = $3, email_index = $4 WHERE id = $1', [
        cast.liaison.id,
        sealed.nameCiphertext,
        sealed.emailCiphertext,
        sealed.emailIndex,
      ]);
    };
    // The account changed meanwhile: new ciphertexts, opened afresh by the next filing.
    await sealLiaison('Nombre Nuevo', 'nueva.direccion@example.org');
    try {
      const second = await fileComplaint(visitor, complaint());
      expect(await liaisonMail(second.reference)).toEqual([{ to: 'nueva.direccion@example.org', name: 'Nombre Nuevo' }]);
    } finally {
      await sealLiaison(before[0]!.name as string, cast.liaison.email);
    }
  });

  it('When a filing has no CSRF token, Then it is refused', async () => {
    const res = await (await server.client()).agent.post('/api/complaints').send(complaint());
    expect(res.status).toBe(403);
  });

  describe('idempotency', () => {
    it('When the same draft is sent twice, Then the second answer is the same case, receipt key included', async () => {
      const visitor = await server.client();
      const body = complaint({ identityMode: 'anonymous', identity: undefined, contactPreference: 'none' });
      const first = await visitor.post('/api/complaints', body);
      const before = await countCases();
      const again = await visitor.post('/api/complaints', body);
      expect(first.status).toBe(201);
      expect(again.status).toBe(200);
      expectDocumentedAnswer('post', '/api/complaints', first);
      expectDocumentedAnswer('post', '/api/complaints', again);
      const a = first.body as FileComplaintResponse;
      const b = again.body as FileComplaintResponse;
      expect(b).toEqual({ ...a, alreadyFiled: true });
      expect(await countCases()).toBe(before);

      // After a day the copy of the key is gone: the retry says it was already shown.
      server.clock.advance(25 * 60 * 60 * 1000);
      await visitor.refreshSession(); // the old session idled out meanwhile (sessions follow ctx.clock)
      // The hourly pruning job removes expired copies (a filing no longer does it inside its transaction).
      await pruneExpiredRows(server.app.ctx);
      const lateAnswer = await visitor.post('/api/complaints', body);
      expectDocumentedAnswer('post', '/api/complaints', lateAnswer);
      const late = lateAnswer.body as FileComplaintResponse;
      expect(late.caseId).toBe(a.caseId);
      expect(late.receiptKey).toBeUndefined();
      expect(late.receiptKeyAlreadyShown).toBe(true);
      expect((await server.db.one<{ n: number }>('SELECT count(*) AS n FROM filing_receipts WHERE case_id = $1', [a.caseId])).n).toBe(0);
    });

    it('When two requests with the same key race, Then exactly one case exists', async () => {
      const visitor = await server.client();
      const body = complaint();
      const before = await countCases();
      const [x, y] = await Promise.all([visitor.post('/api/complaints', body), visitor.post('/api/complaints', body)]);
      expect([x.status, y.status].sort()).toEqual([200, 201]);
      expect(x.body.caseId).toBe(y.body.caseId);
      expect(x.body.reference).toBe(y.body.reference);
      expect(await countCases()).toBe(before + 1);
    });

    it('When many filings race, each sent twice, Then each complaint gets one reference and the numbers run on with no gap', async () => {
      const counter = async () =>
        (await server.db.one<{ n: number }>('SELECT COALESCE(max(last_value), 0) AS n FROM reference_counters WHERE mechanism_id = $1', [mechanism.id])).n;
      const before = await counter();
      const visitor = await server.client();
      const bodies = Array.from({ length: 6 }, (_, i) => complaint(i % 2 ? { identityMode: 'anonymous', identity: undefined, contactPreference: 'none' } : {}));
      // The second of each pair loses its race (or comes after): it must not take a number of its own.
      const answers = await Promise.all(bodies.flatMap((body) => [visitor.post('/api/complaints', body), visitor.post('/api/complaints', body)]));
      for (let i = 0; i < answers.length; i += 2) {
        expect([answers[i]!.status, answers[i + 1]!.status].sort()).toEqual([200, 201]);
        expect(answers[i]!.body.reference).toBe(answers[i + 1]!.body.reference);
      }
      const numbers = answers
        .filter((_, i) => i % 2 === 0)
        .map((a) => Number(String(a.body.reference).split('-').pop()))
        .sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: 6 }, (_, i) => before + 1 + i));
      expect(await counter()).toBe(before + 6);
    });

    it('When the same key comes with other content, Then it is a 409 and nothing is stored', async () => {
      const visitor = await server.client();
      const body = complaint();
      await fileComplaint(visitor, body);
      const before = await countCases();
      const changed = await visitor.post('/api/complaints', { ...body, whatHappened: `${body.whatHappened} Y además cortaron el agua.` });
      expect(changed.status).toBe(409);
      expect(changed.body.error.code).toBe('idempotency_conflict');
      expect(await countCases()).toBe(before);
    });
  });

  describe('red flags', () => {
    it('When a complaint is about security forces, Then the company sees nothing until the ombudsman releases it', async () => {
      const liaison = await server.loginAs(cast.liaison.email);
      const socket = liaison.socket();
      const events = collect<{ caseId: string }>(socket, 'cases.changed');
      // Resolves once a push about `caseId` has arrived (now or already): checked and listened in one tick.
      const pushedAbout = async (caseId: string) => {
        if (!events.some((e) => e.caseId === caseId)) await eventWhere<{ caseId: string }>(socket, 'cases.changed', (e) => e.caseId === caseId);
      };
      await connected(socket);
      try {
        const filed = await fileComplaint(await server.client(), complaint({ categoryCodes: ['security_human_rights', 'land_property'] }));
        const missing = await liaison.get('/api/cases/00000000-0000-4000-8000-000000000000');
        const hidden = await liaison.get(`/api/cases/${filed.caseId}`);
        expect(hidden.status).toBe(404);
        expect(hidden.body).toEqual(missing.body);
        expect((await liaison.get('/api/cases')).body.cases.some((c: { id: string }) => c.id === filed.caseId)).toBe(false);

        const ombudsman = await server.loginAs(cast.ombudsman.email);
        const seen = (await ombudsman.get(`/api/cases/${filed.caseId}`)).body as CaseDetailDto;
        expect(seen.redFlag).toBe(true);
        expect(seen.allowedOperations).toContain('release_red_flag');
        expect((await liaison.post(`/api/cases/${filed.caseId}/release-red-flag`, { reason: 'x' })).status).toBe(404);
        // A barrier, not a pause: an ordinary complaint to the same company, filed after the flagged one, is
        // pushed to this socket after anything the flagged one could have pushed. Once it is here, none came.
        const marker = await fileComplaint(await server.client(), complaint());
        await pushedAbout(marker.caseId);
        expect(events.some((e) => e.caseId === filed.caseId)).toBe(false);

        const released = await ombudsman.post(`/api/cases/${filed.caseId}/release-red-flag`, {
          reason: 'La persona pidió que la empresa conozca el caso; no hay riesgo.',
        });
        expect(released.status).toBe(200);
        expect(released.body.redFlagReleased).toBe(true);
        expect(released.body.history.at(-1).kind).toBe('cases.red_flag_released');
        const again = await ombudsman.post(`/api/cases/${filed.caseId}/release-red-flag`, { reason: 'otra vez' });
        expect(again.status).toBe(409);
        // The release reaches the company's open screens live (this fails by timeout if it never does).
        await pushedAbout(filed.caseId);
        const visible = (await liaison.get(`/api/cases/${filed.caseId}`)).body as CaseDetailDto;
        expect(visible.redFlag).toBe(false);
      } finally {
        socket.close();
      }
    });
  });

  describe('bad input', () => {
    const expectRefused = async (body: unknown, fields: string[], language: 'es' | 'en' = 'es') => {
      const before = await countCases();
      const res = await (await server.client(language)).post('/api/complaints', body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual([...fields].sort());
      expect(await countCases()).toBe(before);
      return res.body.error.fields as { field: string; message: string }[];
    };

    it('When required fields are missing, Then each is named as required', async () => {
      const fields = await expectRefused({ consent: { policyVersion: '2026-01', accepted: true } }, [
        'idempotencyKey',
        'whatHappened',
        'municipalityId',
        'companyId',
        'categoryCodes',
        'identityMode',
        'contactPreference',
      ]);
      expect(fields.every((f) => f.message === 'Este campo es obligatorio.')).toBe(true);
    });

    it('When texts are too long or too short and types are wrong, Then the fields say so in the caller language', async () => {
      const body = complaint({
        whatHappened: 'x'.repeat(INTAKE_LIMITS.whatHappenedMax + 1),
        hopedOutcome: 'y'.repeat(2001),
        latitude: '9.6' as unknown as number,
      });
      const fields = await expectRefused(body, ['whatHappened', 'hopedOutcome', 'latitude'], 'en');
      expect(fields.find((f) => f.field === 'whatHappened')!.message).toBe(`The text is too long (at most ${INTAKE_LIMITS.whatHappenedMax} characters).`);
      const short = await expectRefused(complaint({ whatHappened: 'Polvo.' }), ['whatHappened']);
      expect(short[0]!.message).toBe('El texto es demasiado corto (mínimo 20 caracteres).');
    });

    it('When the place does not exist or does not match, Then municipality and vereda are named', async () => {
      const { municipality } = demoIds(mechanism);
      await expectRefused(complaint({ municipalityId: '00000000-0000-4000-8000-000000000000', veredaId: undefined }), ['municipalityId']);
      const fields = await expectRefused(complaint({ veredaId: municipality('Becerril').veredas[0]!.id }), ['veredaId']);
      expect(fields[0]!.message).toBe('Esta vereda o corregimiento no pertenece al municipio elegido.');
      await expectRefused(complaint({ categoryCodes: ['water', 'mining_secrets'] }), ['categoryCodes']);
      await expectRefused(complaint({ companyId: '00000000-0000-4000-8000-000000000000' }), ['companyId']);
    });

    it('When dates, points, contacts or consent are inconsistent, Then each problem is named', async () => {
      await expectRefused(complaint({ occurredOn: '2026-12-24' }), ['occurredOn']);
      await expectRefused(complaint({ latitude: 4.6, longitude: -75.57 }), ['latitude', 'longitude']);
      await expectRefused(complaint({ longitude: undefined }), ['longitude']);
      await expectRefused(complaint({ contactPreference: 'email' }), ['identity.email']);
      await expectRefused(complaint({ identity: { name: 'Ana', phone: '6055551234', documentId: 'ABC' } }), ['identity.phone', 'identity.documentId']);
      await expectRefused(complaint({ identityMode: 'anonymous', contactPreference: 'phone' }), ['identity', 'contactPreference']);
      await expectRefused(complaint({ identity: undefined }), ['identity.name']);
      await expectRefused(complaint({ consent: { policyVersion: '2026-01', accepted: false as true } }), ['consent.accepted']);
      await expectRefused(complaint({ consent: { policyVersion: '2019-01', accepted: true } }), ['consent.policyVersion']);
      await expectRefused({ ...complaint(), isAdmin: true }, ['isAdmin']);
      const wrongChoice = await expectRefused(complaint({ identityMode: 'public' as 'named' }), ['identityMode']);
      expect(wrongChoice[0]!.message).toBe('El valor no es válido.');
      await expectRefused(complaint({ collective: { groupName: 'Vecinos', groupKind: 'community', groupSize: 1 } }), ['collective.groupSize']);
      await expectRefused(complaint({ categoryCodes: [] }), ['categoryCodes']);
      await expectRefused(complaint({ categoryCodes: ['water', 'air_dust', 'health', 'other', 'environment', 'land_property'] }), ['categoryCodes']);
    });
  });

  describe('queues', () => {
    it('When the ombudsman filters by company, category, municipality and identity mode, Then only matching cases come', async () => {
      const ombudsman = await server.loginAs(cast.ombudsman.email);
      const { municipality } = demoIds(mechanism);
      const query = `?companyId=${cast.company.id}&category=air_dust&municipalityId=${municipality('El Paso').id}&identityMode=confidential`;
      const list = (await ombudsman.get(`/api/cases${query}`)).body;
      expect(list.total).toBeGreaterThan(0);
      for (const c of list.cases) {
        expect(c.company.id).toBe(cast.company.id);
        expect(c.identityMode).toBe('confidential');
        expect(c.municipality).toBe('El Paso');
        expect(c.categories.map((k: { code: string }) => k.code)).toContain('air_dust');
      }
      const none = (await ombudsman.get(`/api/cases?identityMode=anonymous&companyId=${cast.otherCompany.id}&category=air_dust`)).body;
      expect(none.cases.every((c: { identityMode: string }) => c.identityMode === 'anonymous')).toBe(true);
      expect((await ombudsman.get('/api/cases?companyId=nope')).status).toBe(400);
    });
  });
});

describe('API description', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await getTestServer({ fixture: 'empty' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('When the OpenAPI document is fetched, Then every intake and case route is there with bodies from the shared schemas', async () => {
    const client = await server.client();
    const res = await client.get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const filing = res.body.paths['/api/complaints'].post;
    const schema = filing.requestBody.content['application/json'].schema;
    expect(schema.additionalProperties).toBe(false);
    // The 20-character minimum holds unless the account is a voice note, so the document gives only the maximum.
    expect(schema.properties.whatHappened).toMatchObject({ maxLength: INTAKE_LIMITS.whatHappenedMax });
    expect(schema.properties.voiceNote.properties.key).toMatchObject({ format: 'uuid' });
    expect(schema.properties.identityMode.enum).toEqual(['named', 'confidential', 'anonymous']);
    for (const path of [
      '/api/session',
      '/api/mechanism',
      '/api/cases',
      '/api/cases/{id}',
      '/api/cases/{id}/transitions',
      '/api/track',
      '/api/cases/{id}/attachments',
      '/api/data-policy',
    ]) {
      expect(Object.keys(res.body.paths)).toContain(path);
    }
  });

  it('When the docs page is opened, Then it is translated and loads its script from the server (no inline script)', async () => {
    const client = await server.client('en');
    const page = await client.get('/api/docs');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>Puente API</title>');
    expect(page.text).toContain('<script src="/api/docs.js"></script>');
    expect(page.text).not.toMatch(/<script>[^<]/);
    const script = await client.get('/api/docs.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
  });
});
