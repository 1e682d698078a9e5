/**
 * FILE_STORAGE=s3: attachments kept in an S3-compatible object store, here a real one (s3rver, in this
 * process, over HTTP on a random port), so that every app server reads every file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import type { MechanismDto } from '../../shared/types/api';
import { loadConfig, type Config } from '../../server/config';
import { buildComplaint, countStoredFiles, fileComplaint, freshDataDir, loadMechanism } from '../intakeSupport';
import { describeOnServer, getTestServer, type TestClient, type TestServer } from '../support';
import { downloadAttachment } from '../attachmentDownload';
import { TEST_DATA_KEY } from '../testConfig';

const BUCKET = 'puente-files';
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(2000, 7)]);
// Over lib-storage's 5 MB part size: stored as a multipart upload.
const BIG_JPEG = Buffer.concat([JPEG, Buffer.alloc(6 * 1024 * 1024, 9)]);
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(1000, 0)]);

function upload(client: TestClient, caseId: string, files: { name: string; bytes: Buffer }[]) {
  return client.refreshSession().then((session) => {
    let req = client.agent.post(`/api/cases/${caseId}/attachments`).set('x-csrf-token', session.body.csrfToken).set('Accept-Language', client.language);
    for (const f of files) req = req.attach('file', f.bytes, { filename: f.name, contentType: 'image/jpeg' });
    return req;
  });
}

describe('Attachments in an S3-compatible object store', () => {
  let s3: S3rver;
  let s3Dir: string;
  let client: S3Client;
  let fileStorage: Config['fileStorage'];
  const servers: TestServer[] = [];
  const dataDirs: string[] = [];

  /** Object names in the bucket under the test's prefix. */
  async function objects(prefix: string): Promise<string[]> {
    const page = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
    return (page.Contents ?? []).map((o) => o.Key!.slice(prefix.length)).sort();
  }

  async function serverWithOwnDisk(prefix: string, shareDatabaseWith?: TestServer): Promise<{ server: TestServer; dataDir: string }> {
    const dataDir = freshDataDir();
    dataDirs.push(dataDir);
    const server = await getTestServer({
      shareDatabaseWith,
      config: { dataDir, filingsPerHourPerIp: 1000, fileStorage: { ...fileStorage, prefix } as Config['fileStorage'] },
    });
    servers.push(server);
    return { server, dataDir };
  }

  beforeAll(async () => {
    s3Dir = fs.mkdtempSync(path.join(os.tmpdir(), 'puente-s3-'));
    s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3Dir, configureBuckets: [{ name: BUCKET, configs: [] }] });
    const { port } = await s3.run();
    const endpoint = `http://127.0.0.1:${port}`;
    fileStorage = { kind: 's3', bucket: BUCKET, region: 'us-east-1', endpoint, forcePathStyle: true, prefix: '', ...CREDENTIALS };
    client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: CREDENTIALS });
  });
  afterAll(async () => {
    for (const server of servers.reverse()) await server.close();
    client.destroy();
    await s3.close();
    for (const dir of [s3Dir, ...dataDirs]) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('When files are uploaded, Then they are kept in the bucket and not on the server’s disk, download whole, and a refused file leaves no object', async () => {
    const { server, dataDir } = await serverWithOwnDisk('one/');
    const mechanism: MechanismDto = await loadMechanism(server);
    const visitor = await server.client();
    const filed = await fileComplaint(visitor, buildComplaint(mechanism, { identityMode: 'anonymous', identity: undefined, contactPreference: 'none' }));

    const res = await upload(visitor, filed.caseId, [
      { name: 'foto.jpg', bytes: JPEG },
      { name: 'grande.jpg', bytes: BIG_JPEG },
    ]);
    expect(res.status).toBe(201);
    const keys = await server.db.query<{ storageKey: string }>('SELECT storage_key AS "storageKey" FROM attachments WHERE case_id = $1', [filed.caseId]);
    expect(await objects('one/')).toEqual(expect.arrayContaining(keys.map((k) => k.storageKey)));
    expect((await objects('one/')).filter((name) => name !== 'OWNER')).toHaveLength(2);
    expect(countStoredFiles(dataDir)).toBe(0);
    const [small, big] = res.body.attachments as { id: string }[];
    expect(Buffer.compare((await downloadAttachment(visitor, small!.id)).body, JPEG)).toBe(0);
    expect(Buffer.compare((await downloadAttachment(visitor, big!.id)).body, BIG_JPEG)).toBe(0);

    const refused = await upload(visitor, filed.caseId, [
      { name: 'foto2.jpg', bytes: JPEG },
      { name: 'programa.jpg', bytes: ELF },
    ]);
    expect(refused.status).toBe(415);
    expect((await objects('one/')).filter((name) => name !== 'OWNER')).toHaveLength(2);
  });

  it('When FILE_STORAGE=s3 comes without a bucket, with one credential of two, or with a bad bucket name, Then the server does not start and each variable is named', () => {
    const base = { SESSION_SECRET: 'x'.repeat(40), DATA_KEY: TEST_DATA_KEY.toString('base64'), FILE_STORAGE: 's3' };
    expect(() => loadConfig({ ...base, S3_ACCESS_KEY_ID: 'solo-una' })).toThrow(
      'Invalid configuration: S3_BUCKET: required when FILE_STORAGE=s3; S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY: set both or neither',
    );
    expect(() => loadConfig({ ...base, S3_BUCKET: 'Mis_Archivos' })).toThrow(/S3_BUCKET must be 3 to 63 lower-case letters/);
    expect(loadConfig({ ...base, S3_BUCKET: 'puente-files', S3_ENDPOINT: 'http://minio:9000', S3_FORCE_PATH_STYLE: 'true' }).fileStorage).toMatchObject({
      kind: 's3',
      bucket: 'puente-files',
      endpoint: 'http://minio:9000',
      forcePathStyle: true,
    });
    expect(loadConfig({ SESSION_SECRET: base.SESSION_SECRET, DATA_KEY: base.DATA_KEY }).fileStorage).toEqual({ kind: 'local' });
  });

  describeOnServer('with two app servers on one PostgreSQL server', () => {
    it('When a file is uploaded through server A, Then server B, with a disk of its own, serves it', async () => {
      const a = await serverWithOwnDisk('two/');
      const b = await serverWithOwnDisk('two/', a.server);
      const mechanism: MechanismDto = await loadMechanism(a.server);
      const visitorOnA = await a.server.client();
      const filed = await fileComplaint(visitorOnA, buildComplaint(mechanism, { identityMode: 'anonymous', identity: undefined, contactPreference: 'none' }));
      const res = await upload(visitorOnA, filed.caseId, [{ name: 'foto.jpg', bytes: JPEG }]);
      expect(res.status).toBe(201);
      const visitorOnB = await b.server.client();
      // The same visitor (the session is in the shared database), asking server B.
      visitorOnB.agent.jar.setCookies(visitorOnA.cookie().split('; '), new URL(b.server.url).hostname, '/');
      const got = await downloadAttachment(visitorOnB, (res.body.attachments as { id: string }[])[0]!.id);
      expect(got.status).toBe(200);
      expect(Buffer.compare(got.body, JPEG)).toBe(0);
      expect(countStoredFiles(a.dataDir) + countStoredFiles(b.dataDir)).toBe(0);
    });
  });
});
