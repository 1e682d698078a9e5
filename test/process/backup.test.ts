/**
 * `admin backup` and `admin restore` of the embedded database, as an operator runs them: the built
 * command line in processes of its own, beside a running server (server/backup/).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MechanismDto } from '../../shared/types/api';
import { DEMO_PASSWORD } from '../../server/db/demoData';
import { runOperation, type CliIo } from '../../server/cli/admin';
import { createTestDataDir } from '../databases';
import { buildComplaint } from '../intakeSupport';
import { DEMO, describeEmbedded, TestClient } from '../support';
import { downloadAttachment } from '../attachmentDownload';
import { TEST_DATA_KEY } from '../testConfig';
import { runAdminProcess, startServerProcess, useServerProcesses } from './serverProcess';

/** The embedded database is one process's: a PostgreSQL server is backed up with pg_dump (docs/backups.md). */

/**
 * A small JPEG of its own for each filing, so each file's bytes can be told apart: its random bytes inside a
 * comment segment, ended as a JPEG ends. Loose after the JFIF header, about 1 in 2,500 random tails read as
 * a metadata segment, and the upload was refused as no readable picture (this test failed once so).
 */
function photo(n: number): Buffer {
  const jfif = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
  const unique = crypto.randomBytes(1500 + n);
  const comment = Buffer.alloc(4);
  comment.writeUInt16BE(0xfffe, 0);
  comment.writeUInt16BE(unique.length + 2, 2);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), jfif, comment, unique, Buffer.from([0xff, 0xd9])]);
}

interface Filed {
  caseId: string;
  reference: string;
  receiptKey?: string;
  attachmentId: string;
  bytes: Buffer;
}

async function fileWithPhoto(url: string, mechanism: MechanismDto, n: number): Promise<Filed> {
  const visitor = await TestClient.create(url, 'es');
  const anonymous = n % 2 === 0;
  const body = anonymous ? buildComplaint(mechanism, { identityMode: 'anonymous', identity: undefined, contactPreference: 'none' }) : buildComplaint(mechanism);
  const filed = await visitor.post('/api/complaints', body);
  if (filed.status !== 201) throw new Error(`Filing failed: ${filed.status} ${JSON.stringify(filed.body)}`);
  const bytes = photo(n);
  const session = await visitor.refreshSession();
  const uploaded = await visitor.agent
    .post(`/api/cases/${filed.body.caseId}/attachments`)
    .set('x-csrf-token', session.body.csrfToken)
    .attach('file', bytes, { filename: `foto-${n}.jpg`, contentType: 'image/jpeg' });
  if (uploaded.status !== 201) throw new Error(`Upload failed: ${uploaded.status} ${JSON.stringify(uploaded.body)}`);
  return {
    caseId: filed.body.caseId,
    reference: filed.body.reference,
    receiptKey: filed.body.receiptKey,
    attachmentId: uploaded.body.attachments[0].id,
    bytes,
  };
}

async function ombudsmanAt(url: string): Promise<TestClient> {
  const client = await TestClient.create(url, 'es');
  expect((await client.post('/api/session', { email: DEMO.ombudsman, password: DEMO_PASSWORD })).status).toBe(200);
  return client;
}

/** What the ombudsman sees of a case: its page and its history. */
async function caseAsSeen(client: TestClient, caseId: string): Promise<unknown> {
  const res = await client.get(`/api/cases/${caseId}`);
  expect(res.status).toBe(200);
  return res.body;
}

describeEmbedded('Backups of the embedded database', () => {
  useServerProcesses();
  const folders: string[] = [];
  const scratch = (prefix: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    folders.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('When a backup is taken while filings are in flight and restored into a fresh installation, Then every case acknowledged before it is there with its history, its file and its receipt key', async () => {
    const source = await createTestDataDir('demo');
    folders.push(source.dataDir);
    const running = startServerProcess({ DATA_DIR: source.dataDir, RUN_JOBS: 'false', FILINGS_PER_HOUR: '100000' });
    const url = await running.listening();
    const mechanism = (await (await fetch(`${url}/api/mechanism`)).json()) as MechanismDto;

    // Filings keep arriving, one after another, until the backup is done.
    const acknowledged: Filed[] = [];
    let stop = false;
    const filer = (async () => {
      for (let n = 0; !stop; n++) acknowledged.push(await fileWithPhoto(url, mechanism, n));
    })();
    while (acknowledged.length < 3) await Promise.race([filer, new Promise((r) => setTimeout(r, 50))]);
    const before = acknowledged.length;
    const backupDir = path.join(scratch('puente-backup-'), 'copia');
    let backup;
    try {
      backup = await runAdminProcess(['backup', backupDir], { DATA_DIR: source.dataDir });
    } finally {
      stop = true;
      await filer;
    }
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/^Copia de seguridad escrita en .*copia: \d+ casos y \d+ archivos adjuntos/);
    expect(backup.stdout).toMatch(/La copia no incluye DATA_KEY/);
    const manifest = JSON.parse(fs.readFileSync(path.join(backupDir, 'manifest.json'), 'utf8'));
    expect(manifest.missingFiles).toEqual([]);

    // Not over an installation that has a database.
    const overExisting = await runAdminProcess(['restore', backupDir], { DATA_DIR: source.dataDir });
    expect(overExisting.code).toBe(1);
    expect(overExisting.stderr).toMatch(/^Ya hay una base de datos en .*pglite: restaure en una instalación nueva/);

    const target = scratch('puente-restored-');
    const restored = await runAdminProcess(['restore', backupDir], { DATA_DIR: target });
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(
      new RegExp(`^Restaurado en ${target}: ${manifest.contents.cases} casos y ${manifest.contents.files.length} archivos adjuntos`),
    );

    const again = startServerProcess({ DATA_DIR: target, RUN_JOBS: 'false' });
    const restoredUrl = await again.listening();
    const [originalView, restoredView] = await Promise.all([ombudsmanAt(url), ombudsmanAt(restoredUrl)]);
    const inBackup = acknowledged.slice(0, before);
    expect(inBackup.length).toBeGreaterThanOrEqual(3);
    for (const filed of inBackup) {
      expect(await caseAsSeen(restoredView, filed.caseId)).toEqual(await caseAsSeen(originalView, filed.caseId));
      expect(Buffer.compare((await downloadAttachment(restoredView, filed.attachmentId)).body, filed.bytes)).toBe(0);
      if (filed.receiptKey) {
        const phone = await TestClient.create(restoredUrl, 'es');
        const tracked = await phone.post('/api/track', { reference: filed.reference, receiptKey: filed.receiptKey });
        expect(tracked.status).toBe(200);
      }
    }
    // Filings are made one after another: the copy holds the first k of them and none after.
    const present = await Promise.all(acknowledged.map(async (f) => (await restoredView.get(`/api/cases/${f.caseId}`)).status));
    const k = present.includes(404) ? present.indexOf(404) : present.length;
    expect(k).toBeGreaterThanOrEqual(before);
    expect(present.slice(0, k).every((status) => status === 200)).toBe(true);
    expect(present.slice(k).every((status) => status === 404)).toBe(true);
  }, 180_000);

  it('When the backup folder is not empty, or is not a finished backup, Then the command refuses and says why', async () => {
    const source = await createTestDataDir('demo');
    folders.push(source.dataDir);
    const used = scratch('puente-backup-');
    fs.writeFileSync(path.join(used, 'otra-copia.txt'), 'no tocar');
    const refused = await runAdminProcess(['backup', used], { DATA_DIR: source.dataDir, LANG: 'en_US.UTF-8' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`The folder ${used} already holds files: choose a new or empty folder for each backup.\n`);
    expect(fs.readdirSync(used)).toEqual(['otra-copia.txt']);

    const unfinished = scratch('puente-backup-');
    const target = scratch('puente-restored-');
    const notBackup = await runAdminProcess(['restore', unfinished], { DATA_DIR: target });
    expect(notBackup.code).toBe(1);
    expect(notBackup.stderr).toMatch(/no es una copia de seguridad completa \(falta manifest\.json\)/);
    expect(fs.readdirSync(target)).toEqual([]);
  }, 120_000);
});

describe('Backups with a PostgreSQL server', () => {
  it('When the installation uses a PostgreSQL server, Then `admin backup` refuses and points to pg_dump', async () => {
    const errors: string[] = [];
    const io: CliIo = { out: () => undefined, err: (l) => errors.push(l), readStdin: async () => '', language: 'es' };
    const env = { DATABASE_URL: 'postgres://puente@127.0.0.1:5432/puente', DATA_KEY: TEST_DATA_KEY.toString('base64'), SESSION_SECRET: 'x'.repeat(40) };
    expect(await runOperation(io, ['backup', path.join(os.tmpdir(), 'nunca')], env)).toBe(1);
    expect(errors).toEqual([expect.stringMatching(/^Esta instalación usa un servidor PostgreSQL \(DATABASE_URL\): haga la copia con pg_dump/)]);
  });
});
