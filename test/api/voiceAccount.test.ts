/**
 * A complaint told in a voice note instead of typed text (issue #14 §5): the account is the audio,
 * which must arrive with the filing; the people who read the case are told so and can play it; and a
 * consent given aloud in field mode is recorded as such.
 */
import crypto from 'node:crypto';
import { DEMO, getTestServer, type TestClient, type TestServer } from '../support';
import { buildComplaint, countStoredFiles, freshDataDir, loadMechanism } from '../intakeSupport';
import type { MechanismDto } from '../../shared/types/api';
import type { CaseDetailDto, FileComplaintRequest } from '../../shared/types/intake';
import { newDeviceReceiptKey, newProvisionalCode } from '../../shared/deviceReceipt';

/** The first bytes of an Ogg stream are enough for the content check; the rest stands in for the audio. */
const OGG = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(400, 7)]);
const PDF = Buffer.from('%PDF-1.4\n% not a voice note\n');

describe('A complaint told in a voice note', () => {
  let server: TestServer;
  let mechanism: MechanismDto;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = freshDataDir();
    server = await getTestServer({ config: { dataDir, filingsPerHourPerIp: 1000 } });
    mechanism = await loadMechanism(server);
  });
  afterAll(async () => {
    await server.close();
  });

  const countCases = async () => (await server.db.one<{ n: number }>('SELECT count(*) AS n FROM cases')).n;
  /** A voice account: no typed words at all, the note's key in `voiceNote`. */
  const voiceComplaint = (overrides: Partial<FileComplaintRequest> = {}): FileComplaintRequest => {
    const { whatHappened: _typed, hopedOutcome: _hope, ...rest } = buildComplaint(mechanism, overrides);
    return { ...rest, voiceNote: { key: crypto.randomUUID() }, ...overrides };
  };
  /** Files as the phone's send queue does: the JSON body in `complaint`, the audio in `voiceNote`. */
  const fileWithAudio = async (client: TestClient, body: unknown, audio?: { bytes: Buffer; name: string; type: string }) => {
    const session = await client.refreshSession();
    let req = client.agent
      .post('/api/complaints')
      .set('x-csrf-token', session.body.csrfToken)
      .set('Accept-Language', client.language)
      .field('complaint', JSON.stringify(body));
    if (audio) req = req.attach('voiceNote', audio.bytes, { filename: audio.name, contentType: audio.type });
    return req;
  };

  it('When a visitor files with a voice note and no typed words, Then the case says so and the liaison plays the note', async () => {
    const visitor = await server.client();
    const body = voiceComplaint();
    const res = await fileWithAudio(visitor, body, { bytes: OGG, name: 'nota.ogg', type: 'audio/ogg' });
    expect(res.status).toBe(201);

    const liaison = await server.loginAs(DEMO.liaisonPerija);
    const seen = (await liaison.get(`/api/cases/${res.body.caseId}`)).body as CaseDetailDto;
    expect(seen.whatHappened).toBe('');
    expect(seen.voiceAccount).toEqual({ attachment: expect.objectContaining({ kind: 'audio', mime: 'audio/ogg', size: OGG.length }) });
    const played = await liaison
      .get(`/api/attachments/${seen.voiceAccount!.attachment!.id}`)
      .buffer(true)
      .parse((r, cb) => {
        const parts: Buffer[] = [];
        r.on('data', (c: Buffer) => parts.push(c));
        r.on('end', () => cb(null, Buffer.concat(parts)));
      });
    expect(played.status).toBe(200);
    expect(played.headers['content-type']).toBe('audio/ogg');
    expect(Buffer.compare(played.body as Buffer, OGG)).toBe(0);
    // The ombudsman reads the same; a written complaint says nothing of a voice note.
    const ombudsman = await server.loginAs(DEMO.ombudsman);
    expect(((await ombudsman.get(`/api/cases/${res.body.caseId}`)).body as CaseDetailDto).voiceAccount?.attachment?.id).toBe(seen.voiceAccount!.attachment!.id);
  });

  it('When a voice account arrives without its audio, Then the filing is refused naming the voice note in the person’s language, and nothing is filed', async () => {
    const before = await countCases();
    const es = await (await server.client('es')).post('/api/complaints', voiceComplaint());
    expect(es.status).toBe(400);
    expect(es.body.error.fields).toEqual([{ field: 'voiceNote', message: 'Falta la nota de voz con lo que pasó: grábela de nuevo, o escriba lo que pasó.' }]);
    const en = await fileWithAudio(await server.client('en'), voiceComplaint());
    expect(en.status).toBe(400);
    expect(en.body.error.fields).toEqual([
      { field: 'voiceNote', message: 'The voice note telling what happened is missing: record it again, or write what happened.' },
    ]);
    expect(await countCases()).toBe(before);
  });

  it('When the "voice note" is not audio by its content, Then the filing is refused naming it and the bytes are not kept', async () => {
    const before = await countCases();
    const stored = countStoredFiles(dataDir);
    const res = await fileWithAudio(await server.client('en'), voiceComplaint(), { bytes: PDF, name: 'nota.ogg', type: 'audio/ogg' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([{ field: 'voiceNote', message: 'The voice note is not audio we can play: record it again.' }]);
    expect(await countCases()).toBe(before);
    expect(countStoredFiles(dataDir)).toBe(stored);
  });

  it('When neither words nor a voice note tell what happened, Then the typed account is asked for as before', async () => {
    const { whatHappened: _typed, ...rest } = buildComplaint(mechanism);
    const missing = await (await server.client('es')).post('/api/complaints', { ...rest, companyId: 'no-es-un-id' });
    // Every problem shows at once: the account's beside the others'.
    expect(missing.body.error.fields).toEqual(
      expect.arrayContaining([
        { field: 'companyId', message: expect.any(String) },
        { field: 'whatHappened', message: 'Este campo es obligatorio.' },
      ]),
    );
    const short = await (await server.client('es')).post('/api/complaints', buildComplaint(mechanism, { whatHappened: 'Polvo.' }));
    expect(short.body.error.fields).toEqual([{ field: 'whatHappened', message: 'El texto es demasiado corto (mínimo 20 caracteres).' }]);
  });

  it('When the phone resends a voice filing (with the audio, then without it after the first answer), Then there is one case with one voice note', async () => {
    const visitor = await server.client();
    const body = voiceComplaint({ hopedOutcome: 'Que arreglen la vía.' });
    const first = await fileWithAudio(visitor, body, { bytes: OGG, name: 'nota.ogg', type: 'audio/ogg' });
    const again = await fileWithAudio(visitor, body, { bytes: OGG, name: 'nota.ogg', type: 'audio/ogg' });
    const bare = await visitor.post('/api/complaints', body);
    expect([first.status, again.status, bare.status]).toEqual([201, 200, 200]);
    expect(new Set([first.body.caseId, again.body.caseId, bare.body.caseId]).size).toBe(1);
    const files = await server.db.query('SELECT id FROM attachments WHERE case_id = $1', [first.body.caseId]);
    expect(files).toHaveLength(1);
  });

  it('When a facilitator in field mode records a consent heard aloud, Then the verbal petition record says so; anyone else saying so is refused', async () => {
    const facilitator = await server.loginAs(DEMO.facilitator);
    const receivedAt = new Date(server.clock.now().getTime() - 60 * 60 * 1000).toISOString();
    const body = voiceComplaint({
      identityMode: 'confidential',
      identity: { name: 'Rosa Elvira Quintero', phone: '3101234567' },
      contactPreference: 'facilitator',
      onBehalf: { personConsented: true, how: 'verbal' },
      fieldInterview: { receivedAt, declaredFiles: 1 },
      deviceReceipt: { receiptKey: newDeviceReceiptKey(), provisionalCode: newProvisionalCode() },
      consent: { policyVersion: '2026-01', accepted: true, how: 'spoken' },
    });
    const filed = await fileWithAudio(facilitator, body, { bytes: OGG, name: 'nota.ogg', type: 'audio/ogg' });
    expect(filed.status).toBe(201);
    const detail = (await facilitator.get(`/api/cases/${filed.body.caseId}`)).body as CaseDetailDto;
    const record = detail.history.find((e) => e.kind === 'cases.verbal_petition')?.verbalPetition;
    expect(record).toEqual(expect.objectContaining({ policyConsent: 'spoken', groundsByVoice: true, grounds: '' }));

    const visitor = await (
      await server.client('en')
    ).post('/api/complaints', buildComplaint(mechanism, { consent: { policyVersion: '2026-01', accepted: true, how: 'spoken' } }));
    expect(visitor.status).toBe(400);
    expect(visitor.body.error.fields).toEqual([
      { field: 'consent.how', message: 'Spoken consent is recorded only by a facilitator or an officer in field mode.' },
    ]);
  });
});
