/**
 * Stored files without an attachment row (a crash between keeping a file and committing its row) are
 * deleted by the orphan-file sweep once they are a day old; files with rows never are.
 */
import fs from 'node:fs';
import path from 'node:path';
import { getTestServer, type TestClient, type TestServer } from '../support';
import { buildComplaint, countStoredFiles, fileComplaint, freshDataDir, loadMechanism } from '../intakeSupport';
import { setLogLevel, setLogSink } from '../../server/logger';
import { ORPHAN_GRACE_MS, sweepOrphanFiles } from '../../server/jobs/orphanFileSweeper';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(2000, 7)]);
const HOUR_MS = 60 * 60 * 1000;

describe('Orphan files', () => {
  let server: TestServer;
  let dataDir: string;
  let visitor: TestClient;
  let caseId: string;
  beforeAll(async () => {
    dataDir = freshDataDir();
    server = await getTestServer({ config: { dataDir } });
    const mechanism = await loadMechanism(server);
    visitor = await server.client();
    caseId = (await fileComplaint(visitor, buildComplaint(mechanism))).caseId;
  });
  afterAll(async () => {
    await server.close();
  });

  const pathOf = (key: string) => path.join(dataDir, 'uploads', key.slice(0, 2), key.slice(2, 4), key);
  /** Sets a stored file's modification time to `ms` before the server's clock. */
  const age = (file: string, ms: number) => {
    const at = new Date(server.clock.now().getTime() - ms);
    fs.utimesSync(file, at, at);
  };
  /** A file kept by the storage module with no row, as a crash between the two would leave it. */
  const strayFile = async () => {
    const incoming = server.app.ctx.storage.begin();
    incoming.stream.end(JPEG);
    return incoming.keep();
  };
  const upload = async (purpose: 'case' | 'message') => {
    const session = await visitor.refreshSession();
    const res = await visitor.agent
      .post(`/api/cases/${caseId}/attachments?for=${purpose}`)
      .set('x-csrf-token', session.body.csrfToken)
      .attach('file', JPEG, { filename: 'foto.jpg', contentType: 'image/jpeg' });
    return res;
  };
  const keyOf = async (attachmentId: string) =>
    (await server.db.one<{ key: string }>('SELECT storage_key AS key FROM attachments WHERE id = $1', [attachmentId])).key;

  it('When a file without a row is older than the grace period, Then the sweep deletes it, and keeps a fresh one and every file with a row however old', async () => {
    const oldOrphan = await strayFile();
    const freshOrphan = await strayFile();
    age(pathOf(oldOrphan), ORPHAN_GRACE_MS + HOUR_MS);
    age(pathOf(freshOrphan), ORPHAN_GRACE_MS - HOUR_MS);

    const caseFile = await upload('case');
    expect(caseFile.status).toBe(201);
    // Uploaded for a message that was never sent: not linked to anything, but it has its row.
    const unsent = await upload('message');
    expect(unsent.status).toBe(201);
    const withRows = [await keyOf(caseFile.body.attachments[0].id), await keyOf(unsent.body.attachments[0].id)];
    for (const key of withRows) age(pathOf(key), 365 * 24 * HOUR_MS);

    // A part of an upload cut off mid-stream, and one still arriving.
    const parts = path.join(dataDir, 'uploads', 'tmp');
    const stalePart = path.join(parts, `${'a'.repeat(32)}.part`);
    const livePart = path.join(parts, `${'b'.repeat(32)}.part`);
    fs.writeFileSync(stalePart, 'half');
    fs.writeFileSync(livePart, 'half');
    age(stalePart, ORPHAN_GRACE_MS + HOUR_MS);
    age(livePart, 60_000);

    const result = await sweepOrphanFiles(server.app.ctx);
    expect(result).toEqual({ removed: 1, incomplete: 1, owned: true });
    expect(fs.existsSync(pathOf(oldOrphan))).toBe(false);
    expect(fs.existsSync(stalePart)).toBe(false);
    expect(fs.existsSync(pathOf(freshOrphan))).toBe(true);
    expect(fs.existsSync(livePart)).toBe(true);
    for (const key of withRows) expect(fs.existsSync(pathOf(key))).toBe(true);

    // A day later the fresh orphan's time has come too; the files with rows still stay.
    server.clock.advance(2 * HOUR_MS);
    expect(await sweepOrphanFiles(server.app.ctx)).toEqual({ removed: 1, incomplete: 0, owned: true });
    expect(fs.existsSync(pathOf(freshOrphan))).toBe(false);
    expect(fs.existsSync(livePart)).toBe(true);
    for (const key of withRows) expect(fs.existsSync(pathOf(key))).toBe(true);
    fs.rmSync(livePart);
  });

  it('When two instances sweep at the same time, Then both finish without error and the orphan is gone', async () => {
    const orphan = await strayFile();
    age(pathOf(orphan), ORPHAN_GRACE_MS * 2);
    const results = await Promise.all([sweepOrphanFiles(server.app.ctx), sweepOrphanFiles(server.app.ctx)]);
    expect(results.every((r) => r.owned)).toBe(true);
    expect(fs.existsSync(pathOf(orphan))).toBe(false);
  });

  it('When the uploads folder belongs to another database, Then that server’s sweep deletes nothing there', async () => {
    const orphan = await strayFile();
    age(pathOf(orphan), ORPHAN_GRACE_MS * 2);
    const caseFile = await upload('case');
    const key = await keyOf(caseFile.body.attachments[0].id);
    age(pathOf(key), ORPHAN_GRACE_MS * 2);
    // A second install pointed at the same folder: none of these files has a row in its database.
    const stranger = await getTestServer({ fixture: 'empty', config: { dataDir } });
    const lines: string[] = [];
    const previous = setLogSink((line) => lines.push(line));
    try {
      expect(await sweepOrphanFiles(stranger.app.ctx)).toEqual({ removed: 0, incomplete: 0, owned: false });
    } finally {
      setLogSink(previous);
      await stranger.close();
    }
    expect(lines.some((l) => l.includes('uploads folder belongs to another database'))).toBe(true);
    expect(fs.existsSync(pathOf(key))).toBe(true);
    expect(fs.existsSync(pathOf(orphan))).toBe(true);
    // Its own database's sweep still does the work.
    expect((await sweepOrphanFiles(server.app.ctx)).removed).toBe(1);
    expect(fs.existsSync(pathOf(key))).toBe(true);
  });

  it('When the database refuses the row after the file was kept, Then the upload fails and leaves no file and no row', async () => {
    const before = countStoredFiles(dataDir);
    const rows = async () => (await server.db.one<{ n: number }>('SELECT count(*) AS n FROM attachments')).n;
    const rowsBefore = await rows();
    // A real failure inside the upload's transaction, after the bytes were renamed into place.
    await server.db.query(`CREATE FUNCTION refuse_attachment() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$`);
    await server.db.query(`CREATE TRIGGER refuse_attachment BEFORE INSERT ON attachments FOR EACH ROW EXECUTE FUNCTION refuse_attachment()`);
    const lines: string[] = [];
    const previous = setLogSink((line) => lines.push(line));
    setLogLevel('warn');
    try {
      const res = await upload('case');
      expect(res.status).toBe(500);
      expect(res.body.error.code).toBe('internal');
    } finally {
      setLogSink(previous);
      setLogLevel('error');
      await server.db.query(`DROP TRIGGER refuse_attachment ON attachments`);
      await server.db.query(`DROP FUNCTION refuse_attachment()`);
    }
    expect(countStoredFiles(dataDir)).toBe(before);
    expect(await rows()).toBe(rowsBefore);
    const logged = lines.map((l) => JSON.parse(l) as { msg: string; caseId?: string; deleted?: number; err?: { message: string } });
    expect(logged).toContainEqual(
      expect.objectContaining({
        msg: 'upload rolled back; its kept files were deleted',
        caseId,
        deleted: 1,
        err: expect.objectContaining({ message: 'disk full' }),
      }),
    );
    // The same upload goes through once the database accepts it again.
    expect((await upload('case')).status).toBe(201);
    expect(countStoredFiles(dataDir)).toBe(before + 1);
  });
});
