/**
 * Photos are stored without their metadata (issue #15 §3): a complainant's photo carrying its GPS
 * position, the phone's make and a sideways EXIF orientation is downloaded by the company's liaison, the
 * ombudsman and the complainant with no location or other metadata — read by exifr, an outside parser —
 * and standing upright in its pixels.
 */
import exifr from 'exifr';
import sharp from 'sharp';
import { DEMO, getTestServer, type TestClient, type TestServer } from '../support';
import { buildComplaint, fileComplaint, freshDataDir, loadMechanism } from '../intakeSupport';

/** A 400×300 photo stored sideways (EXIF orientation 6) with a GPS position; its top-left quarter is red. */
async function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 20, g: 20, b: 250 } } })
    .composite([{ input: { create: { width: 200, height: 150, channels: 3, background: { r: 250, g: 20, b: 20 } } }, left: 0, top: 0 }])
    .jpeg({ quality: 90 })
    .withExif({ IFD0: { Make: 'Tecno', Model: 'Spark 10' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '10/1 27/1 36/1', GPSLongitudeRef: 'W', GPSLongitude: '73/1 15/1 24/1' } })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

async function download(client: TestClient, id: string): Promise<{ status: number; body: Buffer }> {
  const res = await client.agent
    .get(`/api/attachments/${id}`)
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
  return { status: res.status, body: res.body as Buffer };
}

describe('Photo metadata', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await getTestServer({ config: { dataDir: freshDataDir() } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('When a complainant uploads a photo with GPS EXIF, Then nobody downloads a location or any other metadata, and the photo stands upright', async () => {
    const photo = await photoWithGps();
    // The oracle sees what a phone would have written.
    expect(await exifr.gps(photo)).toMatchObject({ latitude: expect.closeTo(10.46, 2), longitude: expect.closeTo(-73.256, 2) });
    expect(await exifr.orientation(photo)).toBe(6);

    const mechanism = await loadMechanism(server);
    const complainant = await server.loginAs(DEMO.complainant);
    const filed = await fileComplaint(complainant, buildComplaint(mechanism, { identityMode: 'confidential' }));
    const session = await complainant.refreshSession();
    const upload = await complainant.agent
      .post(`/api/cases/${filed.caseId}/attachments`)
      .set('x-csrf-token', session.body.csrfToken)
      .attach('file', photo, { filename: 'casa.jpg' });
    expect(upload.status).toBe(201);
    const id = upload.body.attachments[0].id as string;

    for (const reader of [await server.loginAs(DEMO.liaisonPerija), await server.loginAs(DEMO.ombudsman), complainant]) {
      const got = await download(reader, id);
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
});
