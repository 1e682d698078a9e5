/**
 * Resumable uploads (tus 1.0): a file cut off on a bad line continues from the last byte that arrived;
 * the same limits, content check and authorization as any upload; nothing is stored for a refused file;
 * parts nobody finishes are swept.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { MechanismDto } from '../../shared/types/api';
import { DEMO_RECEIPT_KEY } from '../../server/db/demoData';
import { FINISHED_RECORD_MS, RESUMABLE_IDLE_MS, sweepResumableUploads } from '../../server/jobs/resumableUploadSweeper';
import { DEMO, getTestServer, type TestServer } from '../support';
import { ABOUT, demoCaseId } from '../dialogueFactory';
import { buildComplaint, countStoredFiles, fileComplaint, freshDataDir, loadMechanism } from '../intakeSupport';
import { asBytes, csrfOf, sha256, TUS, tusClient } from '../resumableSupport';

const MAX_BYTES = 1024 * 1024;
const MAX_FILES = 4;
const HOUR_MS = 60 * 60 * 1000;

/** A PDF of `size` bytes of noise after its header: every byte matters for the hash. */
function pdf(size: number): Buffer {
  const bytes = Buffer.alloc(size);
  Buffer.from('%PDF-1.4\n').copy(bytes);
  for (let i = 9; i < size; i += 1) bytes[i] = (i * 7919 + (i >> 8)) & 0xff;
  return bytes;
}
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(5000, 7)]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(40_000, 0x90)]);

describe('Resumable uploads', () => {
  let server: TestServer;
  let mechanism: MechanismDto;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = freshDataDir();
    server = await getTestServer({ config: { dataDir, uploadMaxBytes: MAX_BYTES, uploadMaxFilesPerCase: MAX_FILES, filingsPerHourPerIp: 1000 } });
    mechanism = await loadMechanism(server);
  });
  afterAll(async () => {
    await server.close();
  });

  /** A fresh case filed by a new anonymous visitor, who tracks it through their session. */
  async function visitorWithCase(language: 'es' | 'en' = 'es') {
    const visitor = await server.client(language);
    const filed = await fileComplaint(visitor, buildComplaint(mechanism, { identityMode: 'anonymous', identity: undefined, contactPreference: 'none' }));
    return { visitor, caseId: filed.caseId, tus: tusClient(visitor, await csrfOf(visitor)) };
  }
  const partsOnDisk = () => {
    const root = path.join(dataDir, 'resumable');
    if (!fs.existsSync(root)) return 0;
    return fs.readdirSync(root).reduce((n, db) => n + fs.readdirSync(path.join(root, db)).length, 0);
  };
  const count = async (table: 'attachments' | 'resumable_uploads', caseId: string) =>
    (await server.db.one<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE case_id = $1`, [caseId])).n;
  const idOf = (url: string) => url.split('/').pop()!;

  it('When a visitor sends a file in two parts, Then each part moves the offset, the last answers with the attachment, and the stored file is the one sent', async () => {
    const { visitor, caseId, tus } = await visitorWithCase();
    const file = pdf(300_000);

    const created = await tus.create(caseId, file.length, 'carta.pdf');
    expect(created.status).toBe(201);
    const url = created.headers.location as string;
    expect(url).toMatch(new RegExp(`^/api/cases/${caseId}/attachments/uploads/[a-f0-9]{32}$`));
    const start = await tus.head(url);
    expect([start.status, start.headers['upload-offset'], start.headers['upload-length']]).toEqual([200, '0', String(file.length)]);

    const first = await tus.patch(url, 0, file.subarray(0, 100_000));
    expect([first.status, first.headers['upload-offset']]).toEqual([204, '100000']);
    expect(await count('attachments', caseId)).toBe(0);
    const last = await tus.patch(url, 100_000, file.subarray(100_000));
    expect(last.status).toBe(200);
    expect(last.headers['upload-offset']).toBe(String(file.length));
    expect(last.body.attachments).toEqual([expect.objectContaining({ kind: 'document', mime: 'application/pdf', size: file.length })]);
    const attachmentId = last.body.attachments[0].id as string;

    // Asked again (its last answer lost), the upload says it is complete and names the same attachment.
    const again = await tus.head(url);
    expect([again.status, again.headers['upload-offset'], again.headers['upload-length']]).toEqual([200, String(file.length), String(file.length)]);
    expect((await tus.result(url)).body.attachments.map((a: { id: string }) => a.id)).toEqual([attachmentId]);
    expect(await count('attachments', caseId)).toBe(1);
    expect(await server.app.ctx.resumable.offset(idOf(url))).toBeUndefined();

    const stored = await asBytes(visitor.get(`/api/attachments/${attachmentId}`));
    expect(stored.status).toBe(200);
    expect(sha256(stored.body as Buffer)).toBe(sha256(file));
  });

  it('When the connection drops mid-part, Then the offset is what arrived and the rest completes a byte-identical file without sending anything twice', async () => {
    const { visitor, caseId, tus } = await visitorWithCase();
    const file = pdf(600_000);
    const url = (await tus.create(caseId, file.length, 'informe.pdf')).headers.location as string;

    // The whole file in one PATCH, cut by the network after 540,000 bytes (90 %).
    const cutAt = 540_000;
    const token = await csrfOf(visitor);
    const cut = http.request(`${server.url}${url}`, {
      method: 'PATCH',
      headers: {
        cookie: visitor.cookie(),
        'x-csrf-token': token,
        'Tus-Resumable': TUS,
        'Upload-Offset': '0',
        'Content-Type': 'application/offset+octet-stream',
        'Content-Length': String(file.length),
      },
    });
    const closed = new Promise<void>((resolve) => cut.on('error', () => resolve()).on('close', () => resolve()));
    cut.write(file.subarray(0, cutAt));
    // Wait until the server has written what was sent, then drop the line.
    while (((await server.app.ctx.resumable.offset(idOf(url))) ?? 0) < cutAt) await new Promise((resolve) => setTimeout(resolve, 10));
    cut.destroy();
    await closed;

    const resumeFrom = await tus.head(url);
    expect(resumeFrom.status).toBe(200);
    expect(resumeFrom.headers['upload-offset']).toBe(String(cutAt));
    const rest = await tus.patch(url, cutAt, file.subarray(cutAt));
    expect(rest.status).toBe(200);
    const stored = await asBytes(visitor.get(`/api/attachments/${rest.body.attachments[0].id}`));
    expect(sha256(stored.body as Buffer)).toBe(sha256(file));
  });

  it('When a part claims the wrong offset, Then it is refused with 409 and the offset stays where it was', async () => {
    const { caseId, tus } = await visitorWithCase('en');
    const file = pdf(50_000);
    const url = (await tus.create(caseId, file.length)).headers.location as string;
    expect((await tus.patch(url, 0, file.subarray(0, 20_000))).status).toBe(204);

    for (const offset of [0, 10_000, 30_000]) {
      const wrong = await tus.patch(url, offset, file.subarray(offset, offset + 10_000));
      expect(wrong.status).toBe(409);
      expect(wrong.body.error).toEqual({ code: 'upload_offset_mismatch', message: 'The file upload got out of step: it will continue from where it stopped.' });
      expect((await tus.head(url)).headers['upload-offset']).toBe('20000');
    }
    // More bytes than the declared size are refused too, and change nothing.
    const over = await tus.patch(url, 20_000, Buffer.concat([file.subarray(20_000), Buffer.alloc(10, 1)]));
    expect(over.status).toBe(413);
    expect((await tus.head(url)).headers['upload-offset']).toBe('20000');
  });

  it('When an upload declares a size over the limit, none or no size, Then it is refused before any byte is taken and nothing is recorded', async () => {
    const { caseId, tus } = await visitorWithCase();
    const big = await tus.create(caseId, MAX_BYTES + 1, 'video.pdf');
    expect(big.status).toBe(413);
    expect(big.body.error).toEqual({
      code: 'file_too_large',
      message: 'El archivo es demasiado grande (máximo 1 MB).',
      fields: [{ field: 'file', message: 'El archivo «video.pdf» es demasiado grande (máximo 1 MB).' }],
    });
    expect((await tus.create(caseId, 0)).body.error.code).toBe('no_file');
    const noSize = await tus.create(caseId, 10).unset('Upload-Length').set('Upload-Defer-Length', '1');
    expect([noSize.status, noSize.body.error.code]).toEqual([400, 'upload_invalid']);
    const notTus = await tus.create(caseId, 10).unset('Tus-Resumable');
    expect([notTus.status, notTus.body.error.code]).toEqual([412, 'upload_invalid']);
    expect(await count('resumable_uploads', caseId)).toBe(0);
  });

  it('When someone else asks — nobody, another company, another anonymous session of the same case — Then it is 401 or 404 as for the case itself, and no write passes without the CSRF header', async () => {
    const creek = await demoCaseId(server, ABOUT.creek);
    const owner = await server.client();
    const reference = (await server.db.one<{ reference: string }>('SELECT reference FROM cases WHERE id = $1', [creek])).reference;
    expect((await owner.post('/api/track', { reference, receiptKey: DEMO_RECEIPT_KEY })).status).toBe(200);
    const mine = tusClient(owner, await csrfOf(owner));
    const url = (await mine.create(creek, 20_000, 'nota.pdf')).headers.location as string;
    expect((await mine.patch(url, 0, pdf(20_000).subarray(0, 5_000))).status).toBe(204);

    // Another person holding the same receipt key: they may follow the case, not continue this upload.
    const sameKey = await server.client();
    expect((await sameKey.post('/api/track', { reference, receiptKey: DEMO_RECEIPT_KEY })).status).toBe(200);
    const theirs = tusClient(sameKey, await csrfOf(sameKey));
    expect((await theirs.head(url)).status).toBe(404);
    expect((await theirs.patch(url, 5_000, pdf(20_000).subarray(5_000))).status).toBe(404);
    expect((await theirs.result(url)).status).toBe(404);
    expect((await theirs.cancel(url)).status).toBe(404);

    // A liaison of another company, and the liaison of the company named (who may see the case but not this upload).
    const ombudsman = await server.loginAs(DEMO.ombudsman);
    expect((await ombudsman.post(`/api/cases/${creek}/route`, { companyId: mechanism.companies.find((c) => c.slug === 'valle-cesar')!.id })).status).toBe(200);
    for (const email of [DEMO.liaisonPerija, DEMO.liaisonValle, DEMO.ombudsman]) {
      const staff = await server.loginAs(email);
      const staffTus = tusClient(staff, await csrfOf(staff));
      expect((await staffTus.head(url)).status).toBe(404);
      expect((await staffTus.patch(url, 5_000, pdf(20_000).subarray(5_000))).status).toBe(404);
    }
    const otherCompany = await server.loginAs(DEMO.liaisonPerija);
    const outsider = await tusClient(otherCompany, await csrfOf(otherCompany)).create(creek, 100);
    expect(outsider.status).toBe(404);
    expect(outsider.body).toEqual((await tusClient(otherCompany, await csrfOf(otherCompany)).create('00000000-0000-4000-8000-000000000000', 100)).body);

    const nobody = await server.client();
    const anonymous = tusClient(nobody, await csrfOf(nobody));
    expect((await anonymous.create(creek, 100)).status).toBe(401);
    expect((await anonymous.head(url)).status).toBe(401);
    expect((await anonymous.patch(url, 5_000, Buffer.alloc(10))).status).toBe(401);

    const noCsrf = tusClient(owner, 'not-the-token');
    expect((await noCsrf.patch(url, 5_000, pdf(20_000).subarray(5_000))).status).toBe(403);
    expect((await noCsrf.create(creek, 100)).status).toBe(403);
    expect((await mine.head(url)).headers['upload-offset']).toBe('5000');
  });

  it('When an upload is asked for under another case its owner may also read, Then it is 404 there for every method and continues untouched under its own case', async () => {
    const { visitor, caseId, tus } = await visitorWithCase();
    const other = (await fileComplaint(visitor, buildComplaint(mechanism, { identityMode: 'anonymous', identity: undefined, contactPreference: 'none' })))
      .caseId;
    expect((await visitor.get(`/api/cases/${other}`)).status).toBe(200);
    const bytes = pdf(8_000);
    const url = (await tus.create(caseId, bytes.length, 'acta.pdf')).headers.location as string;
    expect((await tus.patch(url, 0, bytes.subarray(0, 3_000))).status).toBe(204);

    const elsewhere = url.replace(caseId, other);
    expect((await tus.head(elsewhere)).status).toBe(404);
    const patched = await tus.patch(elsewhere, 3_000, bytes.subarray(3_000));
    expect(patched.status).toBe(404);
    expect(patched.body.error.code).toBe('not_found');
    expect((await tus.result(elsewhere)).status).toBe(404);
    expect((await tus.cancel(elsewhere)).status).toBe(404);

    expect((await tus.head(url)).headers['upload-offset']).toBe('3000');
    expect((await tus.patch(url, 3_000, bytes.subarray(3_000))).status).toBe(200);
    expect(await count('attachments', other)).toBe(0);
    expect(await count('attachments', caseId)).toBe(1);
  });

  it('When the assembled file is a renamed executable, Then the last part is refused with the translated message and nothing is stored', async () => {
    const { caseId, tus } = await visitorWithCase('en');
    const [filesBefore, partsBefore] = [countStoredFiles(dataDir), partsOnDisk()];
    const url = (await tus.create(caseId, EXE.length, 'foto.jpg')).headers.location as string;
    expect((await tus.patch(url, 0, EXE.subarray(0, 20_000))).status).toBe(204);
    const refused = await tus.patch(url, 20_000, EXE.subarray(20_000));
    expect(refused.status).toBe(415);
    expect(refused.body.error.code).toBe('unsupported_file_type');
    expect(refused.body.error.fields).toEqual([
      { field: 'file', message: 'The file “foto.jpg” is not a photo, an audio recording or a PDF document we can accept.' },
    ]);
    expect(await count('attachments', caseId)).toBe(0);
    expect(await count('resumable_uploads', caseId)).toBe(0);
    expect(countStoredFiles(dataDir)).toBe(filesBefore);
    expect(partsOnDisk()).toBe(partsBefore);
    expect((await tus.head(url)).status).toBe(404);
  });

  it('When the case holds its maximum of files, Then no upload starts; and when it fills while one is on its way, Then that one is refused at the end and leaves nothing', async () => {
    const { caseId, tus } = await visitorWithCase();
    const partsBefore = partsOnDisk();
    const slow = (await tus.create(caseId, JPEG.length, 'ultima.jpg')).headers.location as string;
    for (let i = 0; i < MAX_FILES; i += 1) {
      const url = (await tus.create(caseId, JPEG.length, `foto-${i}.jpg`)).headers.location as string;
      expect((await tus.patch(url, 0, JPEG)).status).toBe(200);
    }
    const full = await tus.create(caseId, JPEG.length);
    expect([full.status, full.body.error.message]).toEqual([409, `Este caso ya tiene el máximo de ${MAX_FILES} archivos.`]);
    const late = await tus.patch(slow, 0, JPEG);
    expect([late.status, late.body.error.code]).toEqual([409, 'too_many_files']);
    expect(await count('attachments', caseId)).toBe(MAX_FILES);
    expect(await count('resumable_uploads', caseId)).toBe(MAX_FILES);
    expect(partsOnDisk()).toBe(partsBefore);
    // Files for a message count apart from the complaint's own, as with a multipart upload.
    const forMessage = await tus.create(caseId, JPEG.length, 'mensaje.jpg', '?for=message');
    expect(forMessage.status).toBe(201);
    const sent = await tus.patch(forMessage.headers.location as string, 0, JPEG);
    expect(sent.status).toBe(200);
    expect((await server.db.one<{ purpose: string }>('SELECT purpose FROM attachments WHERE id = $1', [sent.body.attachments[0].id])).purpose).toBe('message');
  });

  it('When the case closes while a file is on its way, Then the next part is refused and the upload is forgotten', async () => {
    const complainant = await server.loginAs(DEMO.complainant);
    const filed = await fileComplaint(complainant, buildComplaint(mechanism));
    const tus = tusClient(complainant, await csrfOf(complainant));
    const partsBefore = partsOnDisk();
    const url = (await tus.create(filed.caseId, JPEG.length)).headers.location as string;
    expect((await tus.patch(url, 0, JPEG.subarray(0, 1000))).status).toBe(204);
    expect((await complainant.post(`/api/cases/${filed.caseId}/transitions`, { action: 'withdraw' })).status).toBe(200);
    const refused = await tus.patch(url, 1000, JPEG.subarray(1000));
    expect([refused.status, refused.body.error.code]).toEqual([409, 'case_closed']);
    expect(await count('resumable_uploads', filed.caseId)).toBe(0);
    expect(partsOnDisk()).toBe(partsBefore);
  });

  it('When an upload is cancelled, Then its part and record go; a finished one cannot be cancelled', async () => {
    const { caseId, tus } = await visitorWithCase();
    const partsBefore = partsOnDisk();
    const url = (await tus.create(caseId, JPEG.length)).headers.location as string;
    expect((await tus.patch(url, 0, JPEG.subarray(0, 100))).status).toBe(204);
    expect((await tus.cancel(url)).status).toBe(204);
    expect(await count('resumable_uploads', caseId)).toBe(0);
    expect(partsOnDisk()).toBe(partsBefore);
    const done = (await tus.create(caseId, JPEG.length)).headers.location as string;
    expect((await tus.patch(done, 0, JPEG)).status).toBe(200);
    expect((await tus.cancel(done)).body.error.code).toBe('upload_finished');
    expect(await count('attachments', caseId)).toBe(1);
  });

  it('When the send queue resends a file with its key, Then a file kept already is answered as finished, one still on its way continues, and the case keeps one copy', async () => {
    const { caseId, tus } = await visitorWithCase();
    const key = crypto.randomUUID();
    const first = (await tus.create(caseId, JPEG.length, 'pozo.jpg', `?key=${key}`)).headers.location as string;
    const kept = await tus.patch(first, 0, JPEG);
    expect(kept.status).toBe(200);

    // The phone lost the answer and its record of the upload: it starts again with the same key.
    const again = await tus.create(caseId, JPEG.length, 'pozo.jpg', `?key=${key}`);
    expect(again.status).toBe(201);
    const resent = again.headers.location as string;
    const where = await tus.head(resent);
    expect([where.headers['upload-offset'], where.headers['upload-length']]).toEqual([String(JPEG.length), String(JPEG.length)]);
    expect((await tus.result(resent)).body.attachments[0].id).toBe(kept.body.attachments[0].id);
    expect(await count('attachments', caseId)).toBe(1);

    // A keyed file cut off half way: sent again, it continues the same upload.
    const other = crypto.randomUUID();
    const half = (await tus.create(caseId, JPEG.length, 'arroyo.jpg', `?key=${other}`)).headers.location as string;
    expect((await tus.patch(half, 0, JPEG.subarray(0, 2000))).status).toBe(204);
    const continued = await tus.create(caseId, JPEG.length, 'arroyo.jpg', `?key=${other}`);
    expect(continued.headers.location).toBe(half);
    expect((await tus.head(half)).headers['upload-offset']).toBe('2000');
    expect((await tus.patch(half, 2000, JPEG.subarray(2000))).status).toBe(200);
    expect(await count('attachments', caseId)).toBe(2);
  });

  it('When nobody adds to an upload for a week, Then the sweep deletes its part and record, keeps a live one, and forgets finished ones after a month', async () => {
    const { caseId, tus } = await visitorWithCase();
    const stale = (await tus.create(caseId, JPEG.length)).headers.location as string;
    const live = (await tus.create(caseId, JPEG.length)).headers.location as string;
    const finished = (await tus.create(caseId, JPEG.length)).headers.location as string;
    for (const url of [stale, live]) expect((await tus.patch(url, 0, JPEG.subarray(0, 100))).status).toBe(204);
    expect((await tus.patch(finished, 0, JPEG)).status).toBe(200);

    // A week later by the server's clock: the stale part was last written then, the live one just now.
    server.clock.advance(RESUMABLE_IDLE_MS + HOUR_MS);
    const folder = await server.app.ctx.resumable.directory();
    const writtenAt = (url: string, at: Date) => {
      for (const file of [idOf(url), `${idOf(url)}.json`]) fs.utimesSync(path.join(folder, file), at, at);
    };
    writtenAt(stale, new Date(server.clock.now().getTime() - RESUMABLE_IDLE_MS - 1000));
    writtenAt(live, new Date(server.clock.now().getTime() - 60_000));
    expect(await sweepResumableUploads(server.app.ctx)).toEqual({ abandoned: 1, leftovers: 0, forgotten: 0 });
    // (The visitor's session has expired meanwhile: look at what the server holds.)
    const record = (url: string) =>
      server.db.maybeOne<{ finished: boolean }>('SELECT attachment_id IS NOT NULL AS finished FROM resumable_uploads WHERE id = $1', [idOf(url)]);
    expect(await record(stale)).toBeUndefined();
    expect(await server.app.ctx.resumable.offset(idOf(stale))).toBeUndefined();
    expect(await record(live)).toEqual({ finished: false });
    expect(await server.app.ctx.resumable.offset(idOf(live))).toBe(100);
    expect(await record(finished)).toEqual({ finished: true });

    server.clock.advance(FINISHED_RECORD_MS);
    // (Other tests' finished uploads are forgotten too.)
    expect((await sweepResumableUploads(server.app.ctx)).forgotten).toBeGreaterThanOrEqual(1);
    expect(await record(finished)).toBeUndefined();
    expect(await count('attachments', caseId)).toBe(1);
  });
});
