/**
 * Field mode (docs/offline-intake.md): a facilitator or an ombudsman officer records a verbal petition
 * received in a vereda, synced later. Each case carries the record Decreto 1166 de 2016 asks for, in
 * its history, translated, with the device's time of the interview kept apart from the filing time;
 * companies never learn who received it by name.
 */
import type { TestServer } from '../support';
import type { BuiltPeople } from '../factories';
import { buildComplaint, fileComplaint, onIntakeServer, countCases as countAllCases } from '../intakeSupport';
import type { MechanismDto } from '../../shared/types/api';
import type { CaseDetailDto, FileComplaintRequest, VerbalPetitionDto } from '../../shared/types/intake';
import { newDeviceReceiptKey, newProvisionalCode } from '../../shared/deviceReceipt';

const HOUR = 60 * 60 * 1000;

describe('Verbal petitions received in field mode', () => {
  let server: TestServer;
  let mechanism: MechanismDto;
  let cast: BuiltPeople;
  onIntakeServer((s, m, people) => ((server = s), (mechanism = m), (cast = people)));

  const countCases = () => countAllCases(server);
  const hoursAgo = (hours: number) => new Date(server.clock.now().getTime() - hours * HOUR).toISOString();
  const recordOf = (detail: CaseDetailDto): VerbalPetitionDto | undefined => detail.history.find((e) => e.kind === 'cases.verbal_petition')?.verbalPetition;
  const fieldComplaint = (overrides: Partial<FileComplaintRequest> = {}) =>
    buildComplaint(mechanism, {
      companyId: cast.company.id,
      identityMode: 'confidential',
      identity: { name: 'Rosa Elvira Quintero', phone: '3101234567' },
      contactPreference: 'facilitator',
      onBehalf: { personConsented: true, how: 'thumbprint' },
      fieldInterview: { receivedAt: hoursAgo(30), declaredFiles: 2 },
      deviceReceipt: { receiptKey: newDeviceReceiptKey(), provisionalCode: newProvisionalCode() },
      ...overrides,
    });

  it('When a facilitator syncs a verbal petition taken yesterday, Then its history holds the Decreto 1166 record with the interview time apart from the filing time, and the company sees no names', async () => {
    const facilitator = await server.loginAs(cast.facilitator.email);
    const body = fieldComplaint();
    const filed = await fileComplaint(facilitator, body);
    const own = (await facilitator.get(`/api/cases/${filed.caseId}`)).body as CaseDetailDto;
    expect(own.history.map((e) => [e.kind, e.actorRole, e.onBehalf])).toEqual([
      ['cases.filed', 'facilitator', true],
      ['cases.verbal_petition', 'facilitator', true],
    ]);
    const record = recordOf(own)!;
    expect(record).toEqual({
      reference: filed.reference,
      receivedAt: body.fieldInterview!.receivedAt,
      filedAt: server.clock.now().toISOString(),
      receivedBy: `${cast.facilitator.displayName} (Facilitador comunitario)`,
      filedFor: 'Rosa Elvira Quintero',
      subject: 'Aire y polvo',
      grounds: body.whatHappened,
      groundsByVoice: false,
      hopedOutcome: body.hopedOutcome,
      declaredFiles: 2,
      receivedFiles: { photo: 0, audio: 0, document: 0 },
      consentHow: 'thumbprint',
      policyConsent: 'read',
      givenVerbally: true,
    });
    expect(record.receivedAt).not.toBe(record.filedAt);

    // The ombudsman sees who received it, and the person's name only through a reveal (#15 §2); the company sees the record without any name.
    const ombudsman = await server.loginAs(cast.ombudsman.email);
    const seen = (await ombudsman.get(`/api/cases/${filed.caseId}`)).body as CaseDetailDto;
    expect(recordOf(seen)).toEqual(
      expect.objectContaining({ receivedBy: `${cast.facilitator.displayName} (Facilitador comunitario)`, filedFor: 'Peticionario reservado' }),
    );
    expect((await ombudsman.post(`/api/cases/${filed.caseId}/identity-reveals`, { reason: 'Completar el acta con el nombre' })).status).toBe(201);
    const revealed = (await ombudsman.get(`/api/cases/${filed.caseId}`)).body as CaseDetailDto;
    expect(recordOf(revealed)).toEqual(expect.objectContaining({ filedFor: 'Rosa Elvira Quintero' }));
    const liaison = await server.loginAs(cast.liaison.email);
    const company = (await liaison.get(`/api/cases/${filed.caseId}`)).body as CaseDetailDto;
    expect(recordOf(company)).toEqual(
      expect.objectContaining({ receivedBy: 'Facilitador comunitario', filedFor: 'Peticionario reservado', consentHow: 'thumbprint', givenVerbally: true }),
    );
    expect(JSON.stringify(company)).not.toContain(cast.facilitator.displayName);
    expect(JSON.stringify(company)).not.toContain('Rosa Elvira');

    // The person follows it themselves with the receipt the facilitator's phone made, here in English.
    const person = await server.client('en');
    const tracked = await person.post('/api/track', { reference: body.deviceReceipt!.provisionalCode, receiptKey: body.deviceReceipt!.receiptKey });
    expect(tracked.status).toBe(200);
    const label = (tracked.body as CaseDetailDto).history.find((e) => e.kind === 'cases.verbal_petition')?.actorLabel;
    expect({ label, record: recordOf(tracked.body as CaseDetailDto) }).toEqual({
      label: 'Community facilitator',
      record: expect.objectContaining({
        receivedBy: `${cast.facilitator.displayName} (Community facilitator)`,
        filedFor: 'Rosa Elvira Quintero',
        subject: 'Air and dust',
      }),
    });
  });

  it('When an ombudsman officer records a verbal petition in field mode, Then it is filed for the person, who follows it with the key, and the officer does not become a party; outside field mode officers still cannot file', async () => {
    const officer = await server.loginAs(cast.ombudsman.email);
    const before = await countCases();
    const plain = await officer.post('/api/complaints', buildComplaint(mechanism));
    expect(plain.status).toBe(404);
    expect(plain.body.error.code).toBe('not_found');
    expect(await countCases()).toBe(before);

    const body = fieldComplaint({
      identityMode: 'anonymous',
      identity: undefined,
      contactPreference: 'none',
      onBehalf: { personConsented: true, how: 'verbal' },
    });
    const filed = await fileComplaint(officer, body);
    const row = await server.db.one<{ filed_by_user_id: string | null; complainant_user_id: string | null }>(
      'SELECT filed_by_user_id, complainant_user_id FROM cases WHERE id = $1',
      [filed.caseId],
    );
    expect(row).toEqual({ filed_by_user_id: null, complainant_user_id: null });
    const detail = (await officer.get(`/api/cases/${filed.caseId}`)).body as CaseDetailDto;
    expect(detail.filedOnBehalf).toBe(true);
    expect(detail.history.map((e) => [e.kind, e.actorRole, e.onBehalf])).toEqual([
      ['cases.filed', 'ombudsman', true],
      ['cases.verbal_petition', 'ombudsman', true],
    ]);
    expect(recordOf(detail)).toEqual(
      expect.objectContaining({ receivedBy: `${cast.ombudsman.displayName} (Defensoría del Pueblo)`, filedFor: 'Persona anónima', consentHow: 'verbal' }),
    );
    const tracked = await (await server.client()).post('/api/track', { reference: filed.reference, receiptKey: body.deviceReceipt!.receiptKey });
    expect(tracked.status).toBe(200);
  });

  it('When someone who is not a facilitator or an officer sends a field interview, or its time is impossible, Then it is refused beside the field and nothing is stored', async () => {
    const before = await countCases();
    const interview = { receivedAt: hoursAgo(2), declaredFiles: 0 };
    const visitor = await (await server.client()).post('/api/complaints', buildComplaint(mechanism, { fieldInterview: interview }));
    expect(visitor.status).toBe(400);
    expect(visitor.body.error.fields).toEqual([
      { field: 'fieldInterview', message: 'Solo un facilitador o un funcionario de la Defensoría registra una petición verbal en campo.' },
    ]);
    const complainant = await server.loginAs(cast.complainant.email);
    expect((await complainant.post('/api/complaints', buildComplaint(mechanism, { fieldInterview: interview }))).body.error.fields[0].field).toBe(
      'fieldInterview',
    );
    for (const { email } of [cast.liaison, cast.admin]) {
      expect((await (await server.loginAs(email)).post('/api/complaints', fieldComplaint())).status).toBe(404);
    }

    const facilitator = await server.loginAs(cast.facilitator.email);
    const future = await facilitator.post('/api/complaints', fieldComplaint({ fieldInterview: { receivedAt: hoursAgo(-1), declaredFiles: 0 } }));
    expect(future.status).toBe(400);
    expect(future.body.error.fields).toEqual([{ field: 'fieldInterview.receivedAt', message: expect.stringContaining('Revise el reloj del teléfono') }]);
    const ancient = await facilitator.post('/api/complaints', fieldComplaint({ fieldInterview: { receivedAt: hoursAgo(24 * 400), declaredFiles: 0 } }));
    expect(ancient.body.error.fields).toEqual([{ field: 'fieldInterview.receivedAt', message: expect.stringContaining('hace más de un año') }]);
    const garbled = await facilitator.post('/api/complaints', fieldComplaint({ fieldInterview: { receivedAt: 'ayer por la tarde', declaredFiles: -1 } }));
    expect(garbled.body.error.fields).toEqual([
      { field: 'fieldInterview.receivedAt', message: 'Escriba una fecha y hora válidas.' },
      { field: 'fieldInterview.declaredFiles', message: 'El valor no es válido.' },
    ]);
    expect(await countCases()).toBe(before);
  });

  it("When the data policy changed while the phone had no signal, Then consent given in the vereda under the policy then in force still counts, and a filing made today must consent to today's", async () => {
    const facilitator = await server.loginAs(cast.facilitator.email);
    const body = fieldComplaint({ fieldInterview: { receivedAt: hoursAgo(5), declaredFiles: 0 } });
    const admin = await server.loginAs(cast.admin.email);
    const published = await admin.post(`/api/admin/mechanisms/${mechanism.id}/data-policies`, {
      text: { es: 'Nueva política de datos. '.repeat(4), en: 'New data policy. '.repeat(4) },
    });
    expect(published.status).toBe(201);
    expect(published.body.version).not.toBe('2026-01');

    const filed = await fileComplaint(facilitator, body);
    expect((await facilitator.get(`/api/cases/${filed.caseId}`)).body.consentPolicyVersion).toBe('2026-01');
    const today = await facilitator.post('/api/complaints', fieldComplaint({ fieldInterview: undefined }));
    expect(today.status).toBe(400);
    expect(today.body.error.fields).toEqual([{ field: 'consent.policyVersion', message: 'La política de datos cambió. Léala de nuevo y acéptela.' }]);
  });
});
