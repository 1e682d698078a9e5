import { DEMO, getTestServer, type TestClient, type TestServer } from '../support';
import { buildComplaint, countStoredFiles, fileComplaint, freshDataDir, loadMechanism } from '../intakeSupport';
import type { MechanismDto } from '../../shared/types/api';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(2000, 7)]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
const WEBM = Buffer.concat([
  Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0xf7, 0x81, 0x01, 0x42, 0xf2, 0x81, 0x04, 0x42, 0xf3, 0x81, 0x08, 0x42, 0x82, 0x84]),
  Buffer.from('webm'),
  Buffer.alloc(500, 1),
]);
const M4A = Buffer.concat([Buffer.from([0, 0, 0, 0x20]), Buffer.from('ftypM4A \0\0\0\0M4A mp42isom'), Buffer.alloc(300, 2)]);
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(1000, 0)]);
const MZ = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(1000, 0x90)]);
const HTML = Buffer.from('<!doctype html><script>alert(document.cookie)</script>');

describe('Attachments', () => {
  let server: TestServer;
  let mechanism: MechanismDto;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = freshDataDir();
    server = await getTestServer({ config: { dataDir, uploadMaxBytes: 1024 * 1024, uploadMaxFilesPerCase: 4, filingsPerHourPerIp: 1000 } });
    mechanism = await loadMechanism(server);
  });
  afterAll(async () => {
    await server.close();
  });

  const upload = (client: TestClient, caseId: string, files: { name: string; bytes: Buffer; type?: string }[]) => {
    // The CSRF header comes from the client's session, like the app's XHR upload.
    return client.refreshSession().then((session) => {
      let req = client.agent.post(`/api/cases/${caseId}/attachments`).set('x-csrf-token', session.body.csrfToken).set('Accept-Language', client.language);
      for (const f of files) req = req.attach('file', f.bytes, { filename: f.name, contentType: f.type ?? 'image/jpeg' });
      return req;
    });
  };
  const rows = async () => (await server.db.one<{ n: number }>('SELECT count(*) AS n FROM attachments')).n;

  it('When an anonymous filer uploads a photo, a voice note and a PDF, Then each is typed by content and served only as a download', async () => {
    const visitor = await server.client();
    const filed = await fileComplaint(visitor, buildComplaint(mechanism, { identityMode: 'anonymous', identity: undefined, contactPreference: 'none' }));
    const res = await upload(visitor, filed.caseId, [
      { name: 'foto.jpg', bytes: JPEG },
      { name: 'nota.webm', bytes: WEBM, type: 'audio/webm' },
      { name: 'carta.pdf', bytes: PDF, type: 'text/html' },
    ]);
    expect(res.status).toBe(201);
    expect(res.body.attachments.map((a: { kind: string; mime: string }) => [a.kind, a.mime])).toEqual([
      ['photo', 'image/jpeg'],
      ['audio', 'audio/webm'],
      ['document', 'application/pdf'],
    ]);
    expect(countStoredFiles(dataDir)).toBe(3);

    const pdf = res.body.attachments[2];
    const download = await visitor.getBytes(`/api/attachments/${pdf.id}`);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toMatch(/^attachment;/);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['cache-control']).toBe('private, no-store');
    expect(Buffer.compare(download.body as Buffer, PDF)).toBe(0);

    // The company of the case sees them; another company, or nobody, does not.
    const liaison = await server.loginAs(DEMO.liaisonPerija);
    expect((await liaison.get(`/api/cases/${filed.caseId}`)).body.attachments).toHaveLength(3);
    expect((await liaison.get(`/api/attachments/${pdf.id}`)).status).toBe(200);
    const other = await server.loginAs(DEMO.liaisonValle);
    const forbidden = await other.get(`/api/attachments/${pdf.id}`);
    const missing = await other.get('/api/attachments/00000000-0000-4000-8000-000000000000');
    expect(forbidden.status).toBe(404);
    expect(forbidden.body).toEqual(missing.body);
    expect((await (await server.client()).get(`/api/attachments/${pdf.id}`)).status).toBe(401);
  });

  it('When a renamed executable or an HTML page comes as a "photo", Then it is refused with a translated message and nothing is stored', async () => {
    // A visitor without an account, writing in English (a logged-in user's own language would win).
    const complainant = await server.client('en');
    const filed = await fileComplaint(complainant, buildComplaint(mechanism));
    for (const bad of [ELF, MZ, HTML]) {
      const [beforeRows, beforeFiles] = [await rows(), countStoredFiles(dataDir)];
      const res = await upload(complainant, filed.caseId, [
        { name: 'good.jpg', bytes: JPEG },
        { name: 'foto.jpg', bytes: bad },
      ]);
      expect(res.status).toBe(415);
      expect(res.body.error.code).toBe('unsupported_file_type');
      expect(res.body.error.fields).toEqual([
        { field: 'file', message: 'The file “foto.jpg” is not a photo, an audio recording or a PDF document we can accept.' },
      ]);
      expect(await rows()).toBe(beforeRows);
      expect(countStoredFiles(dataDir)).toBe(beforeFiles);
    }
  });

  it('When a file is too large or the case would pass its file limit, Then nothing is stored', async () => {
    const complainant = await server.loginAs(DEMO.complainant);
    const filed = await fileComplaint(complainant, buildComplaint(mechanism));
    const [beforeRows, beforeFiles] = [await rows(), countStoredFiles(dataDir)];
    const big = await upload(complainant, filed.caseId, [{ name: 'grande.jpg', bytes: Buffer.concat([JPEG, Buffer.alloc(1024 * 1024)]) }]);
    expect(big.status).toBe(413);
    expect(big.body.error.message).toBe('El archivo es demasiado grande (máximo 1 MB).');
    expect(await rows()).toBe(beforeRows);
    expect(countStoredFiles(dataDir)).toBe(beforeFiles);

    expect(
      (
        await upload(complainant, filed.caseId, [
          { name: 'a.m4a', bytes: M4A, type: 'audio/mp4' },
          { name: 'b.jpg', bytes: JPEG },
          { name: 'c.jpg', bytes: JPEG },
        ])
      ).status,
    ).toBe(201);
    const tooMany = await upload(complainant, filed.caseId, [
      { name: 'd.jpg', bytes: JPEG },
      { name: 'e.jpg', bytes: JPEG },
    ]);
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.error.message).toBe('Este caso ya tiene el máximo de 4 archivos.');
    expect(await rows()).toBe(beforeRows + 3);
    expect(countStoredFiles(dataDir)).toBe(beforeFiles + 3);
    const none = await upload(complainant, filed.caseId, []);
    expect(none.status).toBe(400);
  });

  it('When the case is closed, Then no more files are taken', async () => {
    const complainant = await server.loginAs(DEMO.complainant);
    const filed = await fileComplaint(complainant, buildComplaint(mechanism));
    await complainant.post(`/api/cases/${filed.caseId}/transitions`, { action: 'withdraw' });
    const res = await upload(complainant, filed.caseId, [{ name: 'tarde.jpg', bytes: JPEG }]);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('case_closed');
  });
});
