/**
 * Files on a weak line, in Chromium: photos leave the phone smaller and without their EXIF (read back
 * through the API and checked with sharp and exifr, outside decoders), an upload cut off near its end
 * continues after the page is reloaded instead of starting again, and a file the server would refuse
 * is refused on the phone, with the server's own words, before anything is filed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page, Request } from 'playwright-core';
import sharp from 'sharp';
import exifr from 'exifr';
import { getTestServer, type TestClient, type TestServer } from '../support';
import { launchBrowser, openComplaintForm, openTrackedCase, phonePage, type TestBrowser } from './browser';
import { buildComplaint, fileComplaint, loadMechanism } from '../intakeSupport';
import { asBytes, csrfOf, sha256, tusClient } from '../resumableSupport';
import type { MechanismDto } from '../../shared/types/api';

const MAX_BYTES = 6 * 1024 * 1024;

/** A 4000×3000 camera photo stored sideways (EXIF orientation 6) with its GPS position: a red block marks its top-left corner. */
async function cameraPhoto(): Promise<Buffer> {
  const texture = await sharp({ create: { width: 500, height: 375, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 120, sigma: 50 } } })
    .png()
    .toBuffer();
  return sharp(texture)
    .resize(4000, 3000, { kernel: 'cubic' })
    .composite([{ input: { create: { width: 1000, height: 600, channels: 3, background: { r: 250, g: 20, b: 20 } } }, left: 0, top: 0 }])
    .jpeg({ quality: 88 })
    .withExif({
      IFD0: { Make: 'Tecno', Model: 'Spark 10' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '9/1 39/1 36/1', GPSLongitudeRef: 'W', GPSLongitude: '73/1 44/1 24/1' },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** An 800×600 photo already made small elsewhere (strongly compressed, no metadata). */
async function smallPhoto(): Promise<Buffer> {
  const texture = await sharp({ create: { width: 200, height: 150, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 120, sigma: 40 } } })
    .png()
    .toBuffer();
  return sharp(texture).resize(800, 600).jpeg({ quality: 30 }).toBuffer();
}

/** A PDF of `size` bytes whose every byte matters for the hash. */
function pdf(size: number): Buffer {
  const bytes = Buffer.alloc(size);
  Buffer.from('%PDF-1.4\n').copy(bytes);
  for (let i = 9; i < size; i += 1) bytes[i] = (i * 2654435761) >>> 24;
  return bytes;
}

const attachSection = (page: Page) => page.locator('.attach-more');

/**
 * `bytes` saved as `name` in a fresh folder: Chromium reads a large file from disk quickly, where
 * handing it over in memory goes through the DevTools protocol in base64 and takes seconds.
 */
function onDisk(name: string, bytes: Buffer): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'puente-upload-')), name);
  fs.writeFileSync(file, bytes);
  return file;
}

describe('Files on a weak line', () => {
  let server: TestServer;
  let chrome: TestBrowser;
  let mechanism: MechanismDto;
  let photo: Buffer;
  beforeAll(async () => {
    server = await getTestServer({ withClient: true, config: { uploadMaxBytes: MAX_BYTES, filingsPerHourPerIp: 1000 } });
    chrome = await launchBrowser();
    mechanism = await loadMechanism(server);
    photo = await cameraPhoto();
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  /** An anonymous complaint filed through the API; its filer's client tracks it. */
  async function anonymousCase(): Promise<{ filer: TestClient; caseId: string; reference: string; receiptKey: string }> {
    const filer = await server.client();
    const filed = await fileComplaint(filer, buildComplaint(mechanism, { identityMode: 'anonymous', identity: undefined, contactPreference: 'none' }));
    return { filer, caseId: filed.caseId, reference: filed.reference, receiptKey: filed.receiptKey! };
  }

  /** The case's files as its filer downloads them. */
  async function storedFiles(filer: TestClient, caseId: string): Promise<Buffer[]> {
    const detail = await filer.get(`/api/cases/${caseId}`);
    const files: Buffer[] = [];
    for (const a of detail.body.attachments as { id: string }[]) files.push((await asBytes(filer.get(`/api/attachments/${a.id}`))).body as Buffer);
    return files;
  }

  it('When a complainant adds a 4000×3000 camera photo with its GPS position, Then the phone sends it at 1600 px, upright and without EXIF, and says how much it saved; a photo already small is not made bigger', async () => {
    const small = await smallPhoto();
    expect(await exifr.gps(photo)).toEqual({ latitude: expect.closeTo(9.66, 2), longitude: expect.closeTo(-73.74, 2) });
    expect(await sharp(photo).metadata()).toMatchObject({ width: 4000, height: 3000, orientation: 6 });
    const { filer, caseId, reference, receiptKey } = await anonymousCase();
    const { page, errors } = await phonePage(chrome.browser, server.url);
    await openTrackedCase(page, reference, receiptKey);

    await attachSection(page)
      .locator('input[type="file"][multiple]')
      .setInputFiles([onDisk('polvo.jpg', photo), onDisk('letrero.jpg', small)]);
    const items = attachSection(page).locator('.file-item');
    // The photo's noise is random, so its size is 2.5 or 2.6 MiB from run to run: the phone says the size
    // of these very bytes, as Spanish writes it (Intl, as an outside check of the phone's wording).
    const original = `${new Intl.NumberFormat('es', { maximumFractionDigits: 1 }).format(photo.length / (1024 * 1024))} MB`;
    expect(original).toMatch(/^2,[4-7] MB$/);
    // Decoding and re-encoding 12 megapixels takes seconds on a cheap phone, and on a loaded 2-core CI machine.
    await items.first().getByText(`(se redujo de ${original})`).waitFor({ timeout: 30_000 });
    await items.nth(1).waitFor();
    expect(await items.locator('.file-name').allInnerTexts()).toEqual(['polvo.webp', expect.stringMatching(/^letrero\.(jpg|webp)$/)]);
    await attachSection(page).getByRole('button', { name: 'Enviar 2 archivos' }).click();
    await attachSection(page).locator('.upload-done').filter({ hasText: 'Enviado' }).nth(1).waitFor();

    // (Both carry the test clock's same instant: tell them apart by size, not by order.)
    const [storedSmall, stored] = (await storedFiles(filer, caseId)).sort((a, b) => a.length - b.length);
    expect(stored!.length).toBeLessThan(photo.length / 4);
    expect(storedSmall!.length).toBeLessThanOrEqual(small.length);
    expect(await sharp(storedSmall!).metadata()).toMatchObject({ width: 800, height: 600 });
    const meta = await sharp(stored!).metadata();
    // Turned upright as the camera meant it (portrait), longest side 1600, and nothing of the EXIF kept.
    expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({ format: 'webp', width: 1200, height: 1600 });
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(await exifr.gps(stored!).catch(() => undefined)).toBeUndefined();
    // The red corner is now top-right, where a 90° turn clockwise puts it.
    const { data } = await sharp(stored!).extract({ left: 1100, top: 50, width: 1, height: 1 }).raw().toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(200);
    expect(data[1]).toBeLessThan(80);
    expect(errors).toEqual([]);
  });

  it('When the line drops at 90 % of a document and the page is reloaded, Then choosing it again continues from there: the stored file is the same bytes and less than twice its size was sent', async () => {
    const file = pdf(5_200_000);
    const document = onDisk('informe.pdf', file);
    const { filer, caseId, reference, receiptKey } = await anonymousCase();
    const { page, errors } = await phonePage(chrome.browser, server.url);
    await openTrackedCase(page, reference, receiptKey);

    const uploads: Request[] = [];
    let sentBytes = 0;
    let dropped = false;
    page.on('request', (r) => {
      if (r.url().includes('/attachments/uploads')) uploads.push(r);
    });
    // The line drops when the part from 85 % on leaves, and stays down.
    await page.route(/\/attachments\/uploads/, async (route) => {
      const request = route.request();
      if (request.method() === 'PATCH') sentBytes += request.postDataBuffer()?.length ?? 0;
      if (request.method() === 'PATCH' && Number(request.headers()['upload-offset']) >= file.length * 0.85) dropped = true;
      if (dropped) await route.abort('internetdisconnected');
      else await route.continue();
    });
    await attachSection(page).locator('input[type="file"][multiple]').setInputFiles(document);
    await attachSection(page).getByRole('button', { name: 'Enviar 1 archivo' }).click();
    await attachSection(page).getByText('El archivo no llegó completo. Revise su conexión e inténtelo de nuevo.').waitFor({ timeout: 30_000 });
    const arrived = (await server.db.one<{ id: string }>('SELECT id FROM resumable_uploads WHERE case_id = $1', [caseId])).id;
    const offsetAtDrop = (await server.app.ctx.resumable.offset(arrived))!;
    expect(offsetAtDrop / file.length).toBeGreaterThan(0.8);
    // The phone remembers where the upload is, not what the file was called (a phone may be shared).
    const remembered = await page.evaluate<string>('JSON.stringify(Object.entries(window.localStorage))');
    expect(remembered).toContain(arrived);
    expect(remembered).not.toContain('informe');

    // The signal is back; the person reloads and chooses the same document again.
    await page.unroute(/\/attachments\/uploads/);
    await page.route(/\/attachments\/uploads/, async (route) => {
      if (route.request().method() === 'PATCH') sentBytes += route.request().postDataBuffer()?.length ?? 0;
      await route.continue();
    });
    const beforeReload = uploads.length;
    await page.reload();
    await page.getByRole('heading', { name: 'Conversación' }).waitFor();
    await attachSection(page).locator('input[type="file"][multiple]').setInputFiles(document);
    await attachSection(page).getByRole('button', { name: 'Enviar 1 archivo' }).click();
    await attachSection(page).locator('.upload-done').filter({ hasText: 'Enviado' }).waitFor({ timeout: 30_000 });

    // It asked where to continue and sent only the rest: no new upload was created.
    const afterReload = uploads.slice(beforeReload);
    expect(afterReload[0]!.method()).toBe('HEAD');
    expect(uploads.filter((r) => r.method() === 'POST')).toHaveLength(1);
    // Every part's bytes are counted as they leave the page (the dropped one included): the whole file at least once, far from twice.
    expect(sentBytes).toBeGreaterThanOrEqual(file.length);
    expect(sentBytes).toBeLessThan(2 * file.length);
    const [stored] = await storedFiles(filer, caseId);
    expect(sha256(stored!)).toBe(sha256(file));
    expect(errors.filter((e) => !e.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
  });

  it('When a renamed .exe and a file over the limit are chosen for a complaint with no signal, Then the phone refuses both with the server’s own messages and nothing is filed, sent or kept', async () => {
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(4000, 0x90)]);
    const big = pdf(MAX_BYTES + 100_000);
    // What the server answers for the same files.
    const { filer, caseId } = await anonymousCase();
    const token = await csrfOf(filer);
    const refusedType = await filer.agent
      .post(`/api/cases/${caseId}/attachments`)
      .set('x-csrf-token', token)
      .attach('file', exe, { filename: 'foto.jpg', contentType: 'image/jpeg' });
    const refusedSize = await tusClient(filer, token).create(caseId, big.length, 'video.pdf');
    const serverSays = [refusedType.body.error.fields[0].message as string, refusedSize.body.error.fields[0].message as string];
    expect(serverSays).toEqual([
      'El archivo «foto.jpg» no es una foto, un audio o un documento PDF que podamos recibir.',
      'El archivo «video.pdf» es demasiado grande (máximo 6 MB).',
    ]);

    const { page, context, errors } = await phonePage(chrome.browser, server.url);
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.method() !== 'GET' && /\/api\/(complaints|cases)/.test(r.url())) sent.push(`${r.method()} ${r.url()}`);
    });
    const casesBefore = (await server.db.one<{ n: number }>('SELECT count(*) AS n FROM cases')).n;
    // The limits come with the page, as they do before a facilitator walks out of coverage.
    const limitsArrived = page.waitForResponse((r) => r.url().includes('/api/attachments/limits') && r.ok());
    await openComplaintForm(page);
    await limitsArrived;
    await page.getByLabel('Cuente lo que pasó').fill('Trajeron un archivo raro en una memoria y dijeron que era una foto de la volqueta.');
    await page.getByRole('button', { name: 'Siguiente' }).click();
    await page.getByText('Paso 2 de 10', { exact: true }).waitFor();
    // No signal: the files are judged on the phone alone.
    await context.setOffline(true);
    await context.route('**/*', (route) => route.abort('internetdisconnected'));
    await page.locator('input[type="file"][multiple]').setInputFiles([onDisk('foto.jpg', exe), onDisk('video.pdf', big)]);
    const alert = page.locator('.attachments .alert-error');
    await alert.waitFor();
    expect(await alert.locator('p').allInnerTexts()).toEqual(serverSays);
    expect(await page.locator('.attachments .file-item').count()).toBe(0);
    // The step still goes on without them, with no signal.
    await page.getByRole('button', { name: 'Siguiente' }).click();
    await page.getByText('Paso 3 de 10', { exact: true }).waitFor();
    expect(sent).toEqual([]);
    expect((await server.db.one<{ n: number }>('SELECT count(*) AS n FROM cases')).n).toBe(casesBefore);
    expect(errors).toEqual([]);
    await context.close();
  });
  it('When the size limit reaches the phone only after the files were chosen (a slow line), Then at “Enviar” the over-limit file is refused on the phone with the server’s message and never sent, and the complaint arrives with its photo', async () => {
    const big = pdf(MAX_BYTES + 100_000);
    const { filer, caseId } = await anonymousCase();
    const serverSays = (await tusClient(filer, await csrfOf(filer)).create(caseId, big.length, 'informe.pdf')).body.error.fields[0].message as string;
    expect(serverSays).toBe('El archivo «informe.pdf» es demasiado grande (máximo 6 MB).');

    const { page, context, errors } = await phonePage(chrome.browser, server.url);
    // The limits' answer is held until the files are chosen: the picker can only check their type.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/attachments/limits', async (route) => {
      await held;
      await route.continue();
    });
    // What the phone begins to upload, by declared size (tus announces it before any byte).
    const announced: number[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && /\/attachments\/uploads/.test(r.url())) announced.push(Number(r.headers()['upload-length']));
    });
    const story = `La volqueta pasó sin carpa y dejó el camino lleno de carbón; mandamos el informe de la junta (${Date.now()}).`;
    await openComplaintForm(page);
    await page.getByLabel('Cuente lo que pasó').fill(story);
    await page.getByRole('button', { name: 'Siguiente' }).click();
    await page.getByText('Paso 2 de 10', { exact: true }).waitFor();
    await page.getByText('Fotos, audios o documentos PDF.', { exact: true }).waitFor();
    await page.locator('input[type="file"][multiple]').setInputFiles([onDisk('informe.pdf', big), onDisk('camino.jpg', await smallPhoto())]);
    await page.getByText('2 archivos elegidos').waitFor();
    release();
    await page.getByText(/^Puede agregar hasta \d+ archivos de máximo 6 MB/).waitFor();

    await page.getByRole('button', { name: 'Siguiente' }).click();
    await page.getByLabel('Municipio').selectOption({ label: 'Becerril' });
    await page.getByRole('button', { name: 'Siguiente' }).click();
    await page.getByRole('radio', { name: 'Carbones del Perijá S.A.S.' }).check();
    await page.getByRole('button', { name: 'Siguiente' }).click();
    await page.getByRole('checkbox', { name: /^Agua/ }).check();
    await page.getByRole('button', { name: 'Siguiente' }).click();
    await page.getByRole('radio', { name: 'Para mí o para mi familia' }).check();
    await page.getByRole('button', { name: 'Siguiente' }).click();
    await page.getByRole('radio', { name: /^Anónima/ }).check();
    await page.getByRole('button', { name: 'Siguiente' }).click();
    await page.getByText('Paso 8 de 10', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Siguiente' }).click();
    await page.getByRole('checkbox', { name: /Leí la política de datos/ }).check();
    await page.getByRole('button', { name: 'Siguiente' }).click();
    await page.getByRole('button', { name: 'Enviar la queja' }).click();

    // The receipt lists both files: the report refused in the server's words, the photo sent.
    const files = page.getByRole('list', { name: 'Envío de archivos' });
    await files.locator('.file-item').filter({ hasText: 'camino' }).getByText('Enviado', { exact: true }).waitFor({ timeout: 30_000 });
    expect(await files.locator('.file-item').filter({ hasText: 'informe.pdf' }).locator('.upload-status').innerText()).toBe(`No se aceptó: ${serverSays}`);
    const [filed] = await server.db.query<{ id: string }>('SELECT id FROM cases WHERE description = $1', [story]);
    const kept = await server.db.query<{ kind: string }>('SELECT kind FROM attachments WHERE case_id = $1', [filed!.id]);
    expect(kept.map((k) => k.kind)).toEqual(['photo']);
    // The report never left the phone: only the photo's upload was ever announced.
    const begun = await server.db.query<{ size: number }>('SELECT size FROM resumable_uploads WHERE case_id = $1', [filed!.id]);
    expect(announced).toEqual(begun.map((u) => Number(u.size)));
    expect(announced).toHaveLength(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
