/**
 * Attachments are stored without their metadata (issue #15 §3): a complainant's photo carrying its GPS
 * position, the phone's make and a sideways EXIF orientation is downloaded by the company's liaison, the
 * ombudsman and the complainant with no location or other metadata — read by exifr, an outside parser —
 * and standing upright in its pixels. Audio (MP3, M4A) and PDF documents carrying the person's name and
 * place come down without them — read by ffprobe and pdf.js (unpdf) — and still play or read.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import exifr from 'exifr';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import { DEMO, getTestServer, type TestClient, type TestServer } from '../support';
import { downloadAttachment } from '../attachmentDownload';
import { buildComplaint, fileComplaint, freshDataDir, loadMechanism } from '../intakeSupport';

/** A 400×300 photo stored sideways (EXIF orientation 6) with a GPS position; its top-left quarter is red. */
async function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 20, g: 20, b: 250 } } })
    .composite([{ input: { create: { width: 200, height: 150, channels: 3, background: { r: 250, g: 20, b: 20 } } }, left: 0, top: 0 }])
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Make: 'Tecno', Model: 'Spark 10' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '10/1 27/1 36/1', GPSLongitudeRef: 'W', GPSLongitude: '73/1 15/1 24/1' },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

const run = promisify(execFile);
const PERSON = 'Rosa Perez Cuadrado';

/** A short tone recorded by ffmpeg into `file` (its extension picks the format) with the person's name and place as tags. */
async function taggedAudio(dir: string, file: string): Promise<Buffer> {
  const target = path.join(dir, file);
  await run('ffmpeg', [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    'sine=d=0.4',
    '-metadata',
    `artist=${PERSON}`,
    '-metadata',
    'comment=Vereda El Hatillo 10.46 -73.25',
    '-metadata',
    'location=+10.4600-073.2567/',
    '-y',
    target,
  ]);
  return fs.readFile(target);
}

/** What ffprobe (an outside reader) finds in `bytes`: duration and every tag of the file and its streams. */
async function probe(dir: string, bytes: Buffer): Promise<{ duration: number; tags: string }> {
  const file = path.join(dir, `probe-${Math.random().toString(36).slice(2)}`);
  await fs.writeFile(file, bytes);
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:format_tags:stream_tags', '-of', 'json', file]);
  const found = JSON.parse(stdout) as { format: { duration: string; tags?: object }; streams: { tags?: object }[] };
  return { duration: Number(found.format.duration), tags: JSON.stringify([found.format.tags ?? {}, ...found.streams.map((st) => st.tags ?? {})]) };
}

/** A one-page PDF with the person's name as author, title and creator, and in an XMP stream. */
async function pdfWithAuthor(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText('Acta de la reunion', { font: await doc.embedFont(StandardFonts.Helvetica) });
  doc.setAuthor(PERSON);
  doc.setTitle(`Queja de ${PERSON}`);
  doc.setCreator('Word de la casa');
  const xmp = doc.context.stream(`<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>${PERSON}</dc:creator></x:xmpmeta>`, { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(xmp));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

describe('Photo metadata', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await getTestServer({ config: { dataDir: freshDataDir() } });
  });
  afterAll(async () => {
    await server.close();
  });

  /** The demo complainant files a confidential complaint and attaches `files` to it: the ids of what was stored, in order. */
  async function fileWithAttachments(files: { buffer: Buffer; filename: string }[]): Promise<{ complainant: TestClient; ids: string[] }> {
    const mechanism = await loadMechanism(server);
    const complainant = await server.loginAs(DEMO.complainant);
    const filed = await fileComplaint(complainant, buildComplaint(mechanism, { identityMode: 'confidential' }));
    const session = await complainant.refreshSession();
    let upload = complainant.agent.post(`/api/cases/${filed.caseId}/attachments`).set('x-csrf-token', session.body.csrfToken);
    for (const file of files) upload = upload.attach('file', file.buffer, { filename: file.filename });
    const res = await upload;
    expect(res.status).toBe(201);
    return { complainant, ids: (res.body.attachments as { id: string }[]).map((a) => a.id) };
  }

  it('When a complainant uploads a photo with GPS EXIF, Then nobody downloads a location or any other metadata, and the photo stands upright', async () => {
    const photo = await photoWithGps();
    // The oracle sees what a phone would have written.
    expect(await exifr.gps(photo)).toMatchObject({ latitude: expect.closeTo(10.46, 2), longitude: expect.closeTo(-73.256, 2) });
    expect(await exifr.orientation(photo)).toBe(6);

    const {
      complainant,
      ids: [id],
    } = await fileWithAttachments([{ buffer: photo, filename: 'casa.jpg' }]);

    for (const reader of [await server.loginAs(DEMO.liaisonPerija), await server.loginAs(DEMO.ombudsman), complainant]) {
      const got = await downloadAttachment(reader, id!);
      expect(got.status).toBe(200);
      expect(await exifr.gps(got.body)).toBeUndefined();
      expect(await exifr.parse(got.body, { tiff: true, xmp: true, iptc: true, icc: false, gps: true, exif: true, interop: true })).toBeUndefined();
      const { width, height, orientation } = await sharp(got.body).metadata();
      expect({ width, height, orientation }).toEqual({ width: 300, height: 400, orientation: undefined });
      // Turned, not just relabelled: the red quarter that was top-left is now top-right.
      const { data } = await sharp(got.body).extract({ left: 225, top: 25, width: 50, height: 50 }).raw().toBuffer({ resolveWithObject: true });
      expect(data[0]).toBeGreaterThan(200);
      expect(data[2]).toBeLessThan(80);
    }
  });

  it('When a complainant uploads audio and a PDF naming them, Then what anyone downloads has no tags, author or XMP, and still plays and reads', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'puente-metadata-'));
    try {
      const [mp3, m4a, pdf] = [await taggedAudio(dir, 'nota.mp3'), await taggedAudio(dir, 'nota.m4a'), await pdfWithAuthor()];
      // The oracles see what a phone or a word processor would have written.
      expect((await probe(dir, mp3)).tags).toContain(PERSON);
      expect((await probe(dir, m4a)).tags).toContain('+10.4600-073.2567');
      expect((await getMeta(await getDocumentProxy(new Uint8Array(pdf)))).info).toMatchObject({ Author: PERSON, Creator: 'Word de la casa' });
      expect(pdf.includes(PERSON)).toBe(true);

      const {
        ids: [mp3Id, m4aId, pdfId],
      } = await fileWithAttachments([
        { buffer: mp3, filename: 'nota.mp3' },
        { buffer: m4a, filename: 'nota.m4a' },
        { buffer: pdf, filename: 'acta.pdf' },
      ]);

      const liaison = await server.loginAs(DEMO.liaisonPerija);
      for (const id of [mp3Id!, m4aId!]) {
        const got = await downloadAttachment(liaison, id);
        expect(got.status).toBe(200);
        const found = await probe(dir, got.body);
        expect(found.tags).not.toMatch(/Rosa|Hatillo|10\.46/);
        expect(found.duration).toBeGreaterThan(0.3);
        expect(got.body.includes(PERSON)).toBe(false);
      }
      const got = await downloadAttachment(liaison, pdfId!);
      expect(got.status).toBe(200);
      const read = await getDocumentProxy(new Uint8Array(got.body));
      const { info } = await getMeta(read);
      expect(info).not.toHaveProperty('Author');
      expect(info).not.toHaveProperty('Title');
      expect(info).not.toHaveProperty('Creator');
      expect(info).not.toHaveProperty('Producer');
      expect(got.body.includes(PERSON)).toBe(false);
      expect((await extractText(read, { mergePages: true })).text).toContain('Acta de la reunion');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
