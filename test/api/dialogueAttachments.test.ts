/**
 * Photos and voice notes in the dialogue: uploaded first (`?for=message` / `?for=evidence`), then sent
 * with a message or a commitment report, and readable only by whoever may read that message.
 */
import type { DialogueDto } from '../../shared/types/dialogue';
import type { MechanismDto } from '../../shared/types/api';
import { DEMO_RECEIPT_KEY } from '../../server/db/demoData';
import { DEMO, getTestServer, type TestClient, type TestServer } from '../support';
import { ABOUT, demoCaseId, loginAll, message, threadSize } from '../dialogueFactory';
import { freshDataDir, loadMechanism } from '../intakeSupport';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(2000, 7)]);
const WEBM = Buffer.concat([
  Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0xf7, 0x81, 0x01, 0x42, 0xf2, 0x81, 0x04, 0x42, 0xf3, 0x81, 0x08, 0x42, 0x82, 0x84]),
  Buffer.from('webm'),
  Buffer.alloc(500, 1),
]);
const HTML = Buffer.from('<!doctype html><script>alert(1)</script>');

describe('Files in the dialogue', () => {
  let server: TestServer;
  let mechanism: MechanismDto;
  let creek: string;
  let tracker: TestClient;
  beforeAll(async () => {
    server = await getTestServer({ config: { dataDir: freshDataDir() } });
    mechanism = await loadMechanism(server);
    creek = await demoCaseId(server, ABOUT.creek);
    const ombudsman = await server.loginAs(DEMO.ombudsman);
    expect((await ombudsman.post(`/api/cases/${creek}/route`, { companyId: mechanism.companies.find((c) => c.slug === 'valle-cesar')!.id })).status).toBe(200);
    tracker = await server.client();
    const reference = (await server.db.one<{ reference: string }>('SELECT reference FROM cases WHERE id = $1', [creek])).reference;
    expect((await tracker.post('/api/track', { reference, receiptKey: DEMO_RECEIPT_KEY })).status).toBe(200);
  });
  afterAll(async () => {
    await server.close();
  });

  async function upload(client: TestClient, caseId: string, purpose: string, bytes: Buffer, type = 'image/jpeg') {
    const session = await client.refreshSession();
    return client.agent
      .post(`/api/cases/${caseId}/attachments?for=${purpose}`)
      .set('x-csrf-token', session.body.csrfToken)
      .set('Accept-Language', client.language)
      .attach('file', bytes, { filename: 'archivo', contentType: type });
  }
  async function uploaded(client: TestClient, caseId: string, purpose: string, bytes = JPEG, type?: string): Promise<string> {
    const res = await upload(client, caseId, purpose, bytes, type);
    expect(res.status).toBe(201);
    return res.body.attachments[0].id;
  }
  const download = (client: TestClient, id: string) => client.get(`/api/attachments/${id}`).then((r) => r.status);

  it('When an anonymous complainant sends a voice note alone, Then it is in the thread for every party, and it was nobody’s to open before it was sent', async () => {
    const [liaison, ombudsman] = await loginAll(server, DEMO.liaisonValle, DEMO.ombudsman);
    const note = await uploaded(tracker, creek, 'message', WEBM, 'audio/webm');
    // Not one of the complaint's files, and unreadable until sent.
    expect((await tracker.get(`/api/cases/${creek}`)).body.attachments).toEqual([]);
    expect(await download(tracker, note)).toBe(404);
    expect(await download(liaison, note)).toBe(404);

    const empty = await tracker.post(`/api/cases/${creek}/messages`, { ...message(''), body: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields).toEqual([{ field: 'body', message: expect.any(String) }]);

    const sent = await tracker.post(`/api/cases/${creek}/messages`, { ...message(''), body: '', attachmentIds: [note] });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ body: '', authorRole: 'anonymous', attachments: [{ id: note, kind: 'audio', mime: 'audio/webm' }] });
    for (const client of [tracker, liaison, ombudsman]) expect(await download(client, note)).toBe(200);
    const companyThread = (await liaison.get(`/api/cases/${creek}/dialogue`)).body as DialogueDto;
    expect(companyThread.messages.find((m) => m.id === sent.body.id)!.attachments.map((a) => a.id)).toEqual([note]);

    // A file goes with one message only; a retry of the same message is not a second use.
    const before = await threadSize(server, creek);
    const again = await tracker.post(`/api/cases/${creek}/messages`, { ...message('Otra vez'), attachmentIds: [note] });
    expect(again.status).toBe(400);
    expect(again.body.error.fields).toEqual([{ field: 'attachmentIds', message: 'Uno de los archivos ya no está disponible. Súbalo de nuevo.' }]);
    expect(await threadSize(server, creek)).toBe(before);
  });

  it('When a photo goes with an internal note or a reserved message, Then only those who may read the message may open it', async () => {
    const [liaison, ombudsman, otherLiaison] = await loginAll(server, DEMO.liaisonValle, DEMO.ombudsman, DEMO.liaisonPerija);
    const internalPhoto = await uploaded(liaison, creek, 'message');
    expect(
      (await liaison.post(`/api/cases/${creek}/messages`, { ...message('Foto del vertimiento', 'internal'), attachmentIds: [internalPhoto] })).status,
    ).toBe(201);
    expect(await download(liaison, internalPhoto)).toBe(200);
    expect(await download(tracker, internalPhoto)).toBe(404);
    expect(await download(ombudsman, internalPhoto)).toBe(404);
    expect(await download(otherLiaison, internalPhoto)).toBe(404);

    const privatePhoto = await uploaded(tracker, creek, 'message');
    // Someone else's pending upload cannot be sent by the company.
    const stolen = await liaison.post(`/api/cases/${creek}/messages`, { ...message('¿Esta es la foto?'), attachmentIds: [privatePhoto] });
    expect(stolen.status).toBe(400);
    const posted = await tracker.post(`/api/cases/${creek}/messages`, { ...message('Para la Defensoría', 'ombudsman_private'), attachmentIds: [privatePhoto] });
    expect(posted.status).toBe(201);
    expect(await download(ombudsman, privatePhoto)).toBe(200);
    expect(await download(tracker, privatePhoto)).toBe(200);
    expect(await download(liaison, privatePhoto)).toBe(404);

    const wrongKind = await upload(tracker, creek, 'message', HTML, 'image/jpeg');
    expect(wrongKind.status).toBe(415);
    expect((await upload(tracker, creek, 'selfie', JPEG)).status).toBe(400);
    const tooMany = await tracker.post(`/api/cases/${creek}/messages`, {
      ...message('x'),
      attachmentIds: Array.from({ length: 6 }, (_, i) => `00000000-0000-4000-8000-00000000000${i}`),
    });
    expect(tooMany.body.error.fields[0].field).toBe('attachmentIds');
  });

  it('When the company reports a commitment done with a photo, Then the evidence shows with the commitment and the complainant side may open it', async () => {
    const roof = await demoCaseId(server, ABOUT.roof);
    const [liaison, facilitator] = await loginAll(server, DEMO.liaisonPerija, DEMO.facilitator);
    const gutters = ((await liaison.get(`/api/cases/${roof}/dialogue`)).body as DialogueDto).agreements[0]!.commitments[1]!;
    expect(gutters.allowedActions).toEqual(['report']);
    const photo = await uploaded(liaison, roof, 'evidence');
    const reported = await liaison.post(`/api/cases/${roof}/commitments/${gutters.id}/report`, { evidence: 'Canales instalados.', attachmentIds: [photo] });
    expect(reported.status).toBe(200);
    const seen = ((await facilitator.get(`/api/cases/${roof}/dialogue`)).body as DialogueDto).agreements[0]!.commitments[1]!;
    expect(seen).toMatchObject({ status: 'reported', evidence: 'Canales instalados.', evidenceAttachments: [{ id: photo, kind: 'photo' }] });
    expect(await download(facilitator, photo)).toBe(200);
    // An upload for a message is not evidence: the report is refused and nothing changes.
    const forMessage = await uploaded(facilitator, roof, 'message');
    const mothers = seen.id + 1;
    const refused = await facilitator.post(`/api/cases/${roof}/commitments/${mothers}/report`, {
      evidence: 'Avisamos cada semana.',
      attachmentIds: [forMessage],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields[0].field).toBe('attachmentIds');
    const third = ((await facilitator.get(`/api/cases/${roof}/dialogue`)).body as DialogueDto).agreements[0]!.commitments[2]!;
    expect(third).toMatchObject({ id: mothers, owner: 'complainant', status: 'pending', evidenceAttachments: [] });
  });
});
