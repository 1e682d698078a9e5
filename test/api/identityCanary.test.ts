/**
 * The identity canary: a confidential complaint carries a distinctive name, cédula, phone and e-mail.
 * Everything a liaison of that company can receive — every response body, every socket message — and
 * every log line written while the case is filed and moved must be free of them.
 */
import { DEMO, connected, getTestServer, type TestClient, type TestServer } from '../support';
import { buildComplaint, fileComplaint, freshDataDir, loadMechanism } from '../intakeSupport';
import { captureLogs } from '../logCapture';
import { waitFor } from '../waitFor';

const NAME = 'Wilfrido Canario Mendoza';
const CEDULA = '1065987321';
const PHONE = '3157778899';
const EMAIL = 'canario.wilfrido@example.co';
const CANARIES = [NAME, 'Canario', CEDULA, PHONE, EMAIL];

describe('Identity canary', () => {
  let server: TestServer;
  const logLines = captureLogs();
  beforeAll(async () => {
    server = await getTestServer({ config: { dataDir: freshDataDir() } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('When a confidential case is filed and moved, Then no name, cédula, phone or e-mail reaches the liaison or the logs', async () => {
    const mechanism = await loadMechanism(server);
    const liaison = await server.loginAs(DEMO.liaisonPerija);
    const seen: string[] = [];
    const record = (label: string, res: { status: number; body: unknown; text?: string }) => {
      // Only what came back is checked (the request itself may name the canary, as a search does).
      seen.push(`${label.split(' ')[0]} ${res.status} ${res.text ?? JSON.stringify(res.body)}`);
      return res;
    };
    const socket = liaison.socket();
    socket.onAny((event: string, payload: unknown) => seen.push(`socket ${event} ${JSON.stringify(payload)}`));
    await connected(socket);
    try {
      const complainant = await server.loginAs(DEMO.complainant);
      const filed = await fileComplaint(
        complainant,
        buildComplaint(mechanism, {
          identityMode: 'confidential',
          identity: { name: NAME, documentId: CEDULA, phone: PHONE, email: EMAIL },
          contactPreference: 'whatsapp',
          collective: { groupName: 'Pescadores de la ciénaga', groupKind: 'community', groupSize: 30 },
        }),
      );
      const upload = await complainant.refreshSession().then((s) =>
        complainant.agent
          .post(`/api/cases/${filed.caseId}/attachments`)
          .set('x-csrf-token', s.body.csrfToken)
          .attach('file', Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(`Documento de ${NAME}`)]), { filename: `cedula-${CEDULA}.pdf` }),
      );
      expect(upload.status).toBe(201);
      const attachmentId = upload.body.attachments[0].id as string;

      const ombudsman = await server.loginAs(DEMO.ombudsman);
      const get = async (client: TestClient, path: string) => record(`GET ${path}`, await client.get(path));
      await get(liaison, '/api/session');
      await get(liaison, '/api/mechanism');
      await get(liaison, '/api/data-policy');
      await get(liaison, '/api/cases');
      await get(liaison, `/api/cases?q=${CEDULA}`);
      await get(liaison, `/api/cases?q=Canario`);
      await get(liaison, '/api/cases?identityMode=confidential');
      await get(liaison, `/api/cases/${filed.caseId}`);
      await get(liaison, `/api/attachments/limits`);
      record('POST acknowledge', await liaison.post(`/api/cases/${filed.caseId}/transitions`, { action: 'acknowledge' }));
      record('POST bad move', await liaison.post(`/api/cases/${filed.caseId}/transitions`, { action: 'admit' }));
      record('POST route', await liaison.post(`/api/cases/${filed.caseId}/route`, { companyId: filed.caseId }));
      record('POST release', await liaison.post(`/api/cases/${filed.caseId}/release-red-flag`, { reason: 'x' }));
      record('POST bad body', await liaison.post(`/api/cases/${filed.caseId}/transitions`, { action: 'nope', reason: 5 }));
      record('POST file', await liaison.post('/api/complaints', buildComplaint(mechanism)));
      // The ombudsman too sees the identity only through a reveal asked with a reason (#15 §2).
      expect((await ombudsman.get(`/api/cases/${filed.caseId}`)).body.complainantName).toBeNull();
      expect((await ombudsman.post(`/api/cases/${filed.caseId}/identity-reveals`, { reason: 'Confirmar quién presentó la queja' })).body.identity.name).toBe(
        NAME,
      );
      expect((await ombudsman.get(`/api/cases/${filed.caseId}`)).body.complainantName).toBe(NAME);
      expect((await ombudsman.post(`/api/cases/${filed.caseId}/transitions`, { action: 'admit' })).status).toBe(200);
      await get(liaison, `/api/cases/${filed.caseId}`);
      await get(liaison, '/api/cases');
      const download = await liaison.get(`/api/attachments/${attachmentId}`);
      expect(download.status).toBe(200);
      // The admission's pushes may still be on their way: wait until they arrived, not for a fixed time.
      const pushesArrived = () => seen.filter((s) => s.startsWith('socket cases.changed')).length >= 3;
      await waitFor(pushesArrived, { what: 'three cases.changed pushes' });

      // The liaison's screens did receive the case (the canary would be meaningless otherwise).
      expect(seen.some((s) => s.includes(filed.reference))).toBe(true);
      expect(seen.filter((s) => s.startsWith('socket cases.changed')).length).toBeGreaterThanOrEqual(3);
      for (const canary of CANARIES) {
        expect(seen.filter((line) => line.includes(canary))).toEqual([]);
        expect(logLines.filter((line) => line.includes(canary))).toEqual([]);
      }
      // The filing and the upload were logged (with ids only), so the log check looked at real lines.
      expect(logLines.some((line) => line.includes(filed.caseId))).toBe(true);

      // At rest, the identity is ciphertext only.
      const row = await server.db.one<{ identity_ciphertext: string }>('SELECT identity_ciphertext FROM cases WHERE id = $1', [filed.caseId]);
      for (const canary of CANARIES) expect(row.identity_ciphertext).not.toContain(canary);
    } finally {
      socket.close();
    }
  });
});
