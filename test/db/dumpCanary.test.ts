/**
 * The dump canary (issue #15 §3): accounts with distinctive names, e-mails and phones file named,
 * confidential and anonymous complaints with distinctive cédulas and map points. Afterwards none of those
 * strings is anywhere in the database — every file of the embedded database's folder (WAL included), or
 * a `pg_dump` of the PostgreSQL server's — while log-in, "already registered" and the case page still work.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DEMO, getTestServer, type TestClient, type TestServer } from '../support';
import type { FileComplaintRequest } from '../../shared/types/intake';
import { createTestDataDir, onServer } from '../databases';
import { buildComplaint, fileComplaint, freshDataDir, loadMechanism } from '../intakeSupport';
import { GOOD_PASSWORD } from '../accountHelpers';

const NAMED = { name: 'Eustaquia Zambrano Canaria', email: 'eustaquia.canaria@example.co', cedula: '1065432187', phone: '3201112233' };
const CONFIDENTIAL = { name: 'Florentino Pajarito Ospino', phone: '3174445566', cedula: '1003998877', email: 'pajarito.florentino@example.co' };
const POINTS = [
  { latitude: 10.123457, longitude: -73.654321 },
  { latitude: 9.876543, longitude: -73.234567 },
  { latitude: 10.345679, longitude: -73.456789 },
];
const CANARIES = [
  ...Object.values(NAMED),
  ...Object.values(CONFIDENTIAL),
  'Canaria',
  'Pajarito',
  ...POINTS.flatMap((p) => [p.latitude.toFixed(6), p.longitude.toFixed(6)]),
];

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('Nothing readable in a dump', () => {
  let server: TestServer;
  let folder: { dataDir: string; drop(): void } | undefined;
  let stopped = false;
  beforeAll(async () => {
    if (!onServer) folder = await createTestDataDir('demo');
    server = await getTestServer({
      config: { dataDir: freshDataDir() },
      ...(folder ? { database: { kind: 'embedded' as const, dataDir: path.join(folder.dataDir, 'pglite') } } : {}),
    });
  });
  afterAll(async () => {
    if (!stopped) await server.close();
    folder?.drop();
  });

  it('When accounts file named, confidential and anonymous complaints with map points, Then no name, e-mail, phone, cédula or point is in the database files, and accounts and cases still work', async () => {
    const mechanism = await loadMechanism(server);
    const named = await server.client();
    expect((await named.post('/api/accounts', { displayName: NAMED.name, email: NAMED.email, password: GOOD_PASSWORD })).status).toBe(201);
    const byPhone = await server.client();
    expect((await byPhone.post('/api/accounts', { displayName: CONFIDENTIAL.name, phone: CONFIDENTIAL.phone, password: GOOD_PASSWORD })).status).toBe(201);

    const file = (client: TestClient, person: typeof NAMED | null, overrides: Partial<FileComplaintRequest>) =>
      fileComplaint(
        client,
        buildComplaint(mechanism, {
          identity: person ? { name: person.name, documentId: person.cedula, phone: person.phone, email: person.email } : undefined,
          ...overrides,
        }),
      );
    const filed = [
      await file(named, NAMED, { identityMode: 'named', ...POINTS[0] }),
      await file(byPhone, CONFIDENTIAL, { identityMode: 'confidential', ...POINTS[1] }),
      await file(await server.client(), null, { identityMode: 'anonymous', contactPreference: 'none', ...POINTS[2] }),
    ];

    // Log-in by e-mail (any case) and by phone, "already registered", the profile and the case page still work.
    const again = await server.client();
    expect((await again.post('/api/session', { email: NAMED.email.toUpperCase(), password: GOOD_PASSWORD })).status).toBe(200);
    expect((await again.get('/api/me')).body).toMatchObject({ displayName: NAMED.name, email: NAMED.email });
    expect((await (await server.client()).post('/api/session', { email: CONFIDENTIAL.phone, password: GOOD_PASSWORD })).status).toBe(200);
    const twice = await (await server.client()).post('/api/accounts', { displayName: 'Otra persona', email: NAMED.email, password: GOOD_PASSWORD });
    expect(twice.status).toBe(400);
    expect(twice.body.error.fields).toEqual([{ field: 'email', message: 'Ya existe una cuenta con este correo.' }]);
    const ombudsman = await server.loginAs(DEMO.ombudsman);
    const page = await ombudsman.get(`/api/cases/${filed[1]!.caseId}`);
    expect(page.status).toBe(200);
    expect(page.body.location).toEqual(POINTS[1]);

    // No plaintext copy left in a column (numbers are stored in binary, so the strings alone would not show them).
    expect(await server.db.one('SELECT count(*)::int AS n FROM cases WHERE latitude IS NOT NULL OR longitude IS NOT NULL')).toEqual({ n: 0 });
    expect(await server.db.one('SELECT count(*)::int AS n FROM users WHERE display_name IS NOT NULL OR email IS NOT NULL OR phone IS NOT NULL')).toEqual({
      n: 0,
    });

    let haystacks: { where: string; bytes: Buffer }[];
    if (onServer) {
      const url = (server.database as { url: string }).url;
      haystacks = [{ where: 'pg_dump', bytes: execFileSync('pg_dump', ['--no-owner', '--dbname', url], { maxBuffer: 512 * 1024 * 1024 }) }];
    } else {
      await server.stop();
      stopped = true;
      haystacks = filesUnder(path.join(folder!.dataDir, 'pglite')).map((file) => ({
        where: path.relative(folder!.dataDir, file),
        bytes: fs.readFileSync(file),
      }));
      expect(haystacks.some((h) => h.where.includes('pg_wal'))).toBe(true);
    }
    const found = haystacks.flatMap((h) => CANARIES.filter((c) => h.bytes.includes(Buffer.from(c, 'utf8'))).map((c) => `${c} in ${h.where}`));
    expect(found).toEqual([]);
  });
});
