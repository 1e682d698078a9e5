import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { CLIENT_DIST, DEMO, getTestServer, type TestServer } from '../support';
import { loadMechanism } from '../intakeSupport';

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A GET that shows the bytes as they travel (no decompression), with exactly the headers given. */
function rawGet(base: string, pathname: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.get(new URL(pathname, base), { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** The entry script index.html loads (content-hashed name). */
function entryScript(): string {
  const html = fs.readFileSync(path.join(CLIENT_DIST, 'index.html'), 'utf8');
  const match = /<script type="module" crossorigin src="(\/assets\/index-[^"]+\.js)"/.exec(html);
  if (!match?.[1]) throw new Error('index.html names no entry script: build the client first');
  return match[1];
}

describe('The built client as the server sends it', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await getTestServer({ withClient: true });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('When a browser that takes brotli asks for a built script, Then it gets the brotli copy made at build, cached for a year as immutable', async () => {
    const script = entryScript();
    const original = fs.readFileSync(path.join(CLIENT_DIST, script));
    const res = await rawGet(server.url, script, { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.vary).toMatch(/Accept-Encoding/i);
    expect(zlib.brotliDecompressSync(res.body).equals(original)).toBe(true);
    // Smaller on the wire than gzip, which is smaller than the file itself.
    const gzipped = await rawGet(server.url, script, { 'Accept-Encoding': 'gzip' });
    expect(res.body.length).toBeLessThan(gzipped.body.length);
    expect(gzipped.body.length).toBeLessThan(original.length / 2);
  });

  it('When a browser takes only gzip, or nothing, Then it gets gzip, or the plain file', async () => {
    const script = entryScript();
    const original = fs.readFileSync(path.join(CLIENT_DIST, script));
    const gzipped = await rawGet(server.url, script, { 'Accept-Encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gzipped.body).equals(original)).toBe(true);
    const plain = await rawGet(server.url, script);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(original)).toBe(true);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('When a screen of the app is opened, Then index.html comes compressed and must be revalidated every time', async () => {
    for (const address of ['/', '/presentar-queja', '/seguimiento?ref=CES-2026-000001', '/presentar-queja?comprobante=abc']) {
      const res = await rawGet(server.url, address, { 'Accept-Encoding': 'br' });
      expect({ address, status: res.status, encoding: res.headers['content-encoding'], cache: res.headers['cache-control'] }).toEqual({
        address,
        status: 200,
        encoding: 'br',
        cache: 'no-cache',
      });
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      // The form's address is index.html with its first screen drawn in (next test).
      expect(zlib.brotliDecompressSync(res.body).toString()).toContain(
        address === '/presentar-queja' ? '<div id="root" hidden></div>' : '<div id="root"></div>',
      );
    }
  });

  it('When the complaint form is opened, Then its first screen comes drawn in the HTML, in Spanish, with its buttons disabled until the app takes over and the form code preloaded', async () => {
    const res = await rawGet(server.url, '/presentar-queja?mecanismo=cesar', { 'Accept-Encoding': 'br' });
    const html = zlib.brotliDecompressSync(res.body).toString();
    const drawn = /<div id="prerendered">([\s\S]*?)<\/div><div id="root" hidden><\/div>/.exec(html)?.[1] ?? '';
    expect(drawn).toContain('Paso 1 de');
    expect(drawn).toMatch(/<label for="([^"]+)">Cuente lo que pasó<\/label>[\s\S]*<textarea id="\1"[^>]*name="whatHappened"/);
    expect(drawn).toContain('name="hopedOutcome"');
    expect(drawn).toContain('name="occurredOn"');
    const buttons = drawn.match(/<button[^>]*>/g) ?? [];
    expect(buttons.length).toBeGreaterThan(0);
    expect(buttons.filter((b) => !b.includes('disabled'))).toEqual([]);
    // Nothing of the build's day: the date field's latest day is set by the app where it is opened.
    expect(drawn).not.toMatch(/type="date"[^>]*max=/);
    expect(html).toMatch(/<link rel="modulepreload" crossorigin href="\/assets\/NewComplaint-[^"]+\.js">/);
    expect(html).toMatch(/<link rel="modulepreload" crossorigin href="\/assets\/locale-es-form-[^"]+\.js">/);
    // Should the code never come, the copy says what to do (its CSS shows it after a long wait).
    expect(drawn).toContain('Esta página necesita JavaScript para enviar su queja');
    expect(drawn).toContain('en la Personería de su municipio o en la Defensoría del Pueblo');
  });

  it('When the drawn form is opened, Then its language switch offers Spanish, English and the languages the mechanism adds as links that work without the code, each answering the form drawn in that language', async () => {
    const admin = await server.loginAs(DEMO.admin);
    const mechanism = await loadMechanism(server);
    const languages = [
      { code: 'en', name: 'English', mode: 'written' },
      { code: 'yup', name: 'Yukpa', mode: 'audio_first' },
    ];
    expect((await admin.put(`/api/admin/mechanisms/${mechanism.id}/languages`, { languages })).status).toBe(200);
    try {
      const spanish = await rawGet(server.url, '/presentar-queja', { 'Accept-Encoding': 'gzip' });
      expect(spanish.status).toBe(200);
      expect(spanish.headers['cache-control']).toBe('no-cache');
      const html = zlib.gunzipSync(spanish.body).toString();
      const switchOf = (page: string) => /<div class="language-switch" role="group"[^>]*>([\s\S]*?)<\/div>/.exec(page)?.[1] ?? '';
      expect(switchOf(html)).toMatch(/<a class="language-button" lang="es" hreflang="es" href="\/presentar-queja\?idioma=es" aria-current="true">Español<\/a>/);
      expect(switchOf(html)).toMatch(/<a class="language-button" lang="en" hreflang="en" href="\/presentar-queja\?idioma=en">English<\/a>/);
      expect(switchOf(html)).toMatch(/<a class="language-button" lang="yup" hreflang="yup" href="\/presentar-queja\?idioma=yup">Yukpa<\/a>/);
      expect(switchOf(html)).not.toContain('<button');

      const english = zlib.brotliDecompressSync((await rawGet(server.url, '/presentar-queja?idioma=en', { 'Accept-Encoding': 'br' })).body).toString();
      expect(english).toContain('<html lang="en">');
      expect(english).toContain('>Tell what happened<');
      expect(switchOf(english)).toMatch(/lang="en"[^>]*aria-current="true">English</);
      expect(english).toMatch(/<link rel="modulepreload" crossorigin href="\/assets\/locale-en-form-[^"]+\.js">/);
      // Yukpa is audio-first: its written words are Spanish, and the app starts in Yukpa (its clips).
      const yukpa = (await rawGet(server.url, '/presentar-queja?idioma=yup')).body.toString();
      expect(yukpa).toContain('Cuente lo que pasó');
      expect(switchOf(yukpa)).toMatch(/lang="yup"[^>]*aria-current="true">Yukpa</);
    } finally {
      await admin.put(`/api/admin/mechanisms/${mechanism.id}/languages`, { languages: [{ code: 'en', name: 'English', mode: 'written' }] });
    }
  });

  it('When the browser checks the service worker for an update, Then it is never taken from a cache, and the page policy allows it and the manifest', async () => {
    const sw = await rawGet(server.url, '/sw.js', { 'Accept-Encoding': 'br' });
    expect(sw.status).toBe(200);
    expect(sw.headers['cache-control']).toBe('no-cache');
    expect(sw.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(sw.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(sw.body).toString()).toContain('puente-api');
    // Served from the root, so its scope is the whole app without a Service-Worker-Allowed header.
    expect(sw.headers['service-worker-allowed']).toBeUndefined();

    const page = await rawGet(server.url, '/');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("worker-src 'self'");
    expect(csp).toContain("manifest-src 'self'");
  });

  it('When the app is installed, Then the manifest is in Spanish and its icons exist', async () => {
    const res = await rawGet(server.url, '/manifest.webmanifest');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/manifest\+json/);
    expect(res.headers['cache-control']).toBe('no-cache');
    const manifest = JSON.parse(res.body.toString()) as {
      lang: string;
      short_name: string;
      start_url: string;
      display: string;
      icons: { src: string; sizes: string; purpose: string }[];
    };
    expect(manifest).toMatchObject({ lang: 'es', short_name: 'Puente', start_url: '/', display: 'standalone' });
    expect(manifest.icons.map((i) => `${i.sizes} ${i.purpose}`)).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
    for (const icon of manifest.icons) {
      const file = await rawGet(server.url, icon.src);
      expect({ src: icon.src, status: file.status }).toEqual({ src: icon.src, status: 200 });
    }
    // index.html points at the manifest, so browsers offer to install.
    expect(fs.readFileSync(path.join(CLIENT_DIST, 'index.html'), 'utf8')).toContain('rel="manifest" href="/manifest.webmanifest"');
  });

  it('When a screen asks the API for the mechanism with brotli accepted, Then the JSON comes brotli-compressed, several times smaller', async () => {
    const plain = await rawGet(server.url, '/api/mechanism', { Accept: 'application/json' });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const res = await rawGet(server.url, '/api/mechanism', { Accept: 'application/json', 'Accept-Encoding': 'gzip, deflate, br' });
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers.vary).toMatch(/Accept-Encoding/i);
    expect(JSON.parse(zlib.brotliDecompressSync(res.body).toString())).toEqual(JSON.parse(plain.body.toString()));
    expect(res.body.length).toBeLessThan(plain.body.length / 2);
  });

  it('When a small API answer is asked for, with or without compression accepted, Then it comes as it is, not to be stored, and varying by Accept-Encoding', async () => {
    const asked: Record<string, string>[] = [{ Accept: 'application/json' }, { Accept: 'application/json', 'Accept-Encoding': 'gzip, deflate, br' }];
    for (const headers of asked) {
      const res = await rawGet(server.url, '/api/session', headers);
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.headers.vary).toMatch(/Accept-Encoding/i);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(JSON.parse(res.body.toString())).toMatchObject({ user: null });
    }
  });

  it('When a built file that does not exist is asked for (an older release), Then the answer is a 404, not the app page; the API keeps its own 404', async () => {
    const missing = await rawGet(server.url, '/assets/NewComplaint-0ld0ld0ld.js');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).not.toMatch(/html/);
    const api = await rawGet(server.url, '/api/no-such-thing', { Accept: 'application/json' });
    expect(api.status).toBe(404);
    expect(api.headers['content-type']).toMatch(/json/);
  });
});
