/**
 * Reach budgets (issue #12 §6, docs/reach.md): how heavy Puente's public screens are and how soon the
 * complaint form is usable on a bad line, side by side with a bare React 19 + react-i18next Vite app
 * (bench/bareApp) built in the same run. Prints figures; it is not a test and asserts nothing.
 *
 *   npx tsx bench/budgets.ts            # RUNS=5 per condition by default
 *   RUNS=3 npx tsx bench/budgets.ts
 *   ONLY=bytes,3g npx tsx bench/budgets.ts   # some parts only: bytes, 3g, 2g, repeat (all by default)
 *   NO_BUILD=1 …                             # use client/dist as it is (built by `npm run build:client`)
 *   NO_BUILD=1 PUENTE_DIST=/tmp/before …     # measure another build of the client (e.g. the one before a change)
 *
 * What it does:
 * 1. builds Puente's client (client/dist, as `npm run build:client`) and the bare app (into a temp folder,
 *    with the same brotli/gzip copies), and serves both with the server's own static handler
 *    (server/http/clientFiles.ts), Puente with its API on an in-memory database holding the demo;
 * 2. bytes: the JS and CSS a cold page downloads until the form is usable, and after the page is idle,
 *    counted as gzip (the budget's unit: the .gz made at build of each file) and as sent (brotli);
 * 3. time to a usable form, cold cache (new browser context, no service worker yet), under Chromium's
 *    DevTools network emulation (CDP Network.emulateNetworkConditions): 3G = 400 kbps / 400 ms RTT,
 *    2G = 100 kbps / 800 ms RTT, both directions; Puente and the bare app alternate (A B A B …);
 * 4. repeat visit: the same context after the first visit (Puente's service worker installed), the form
 *    opened again in a new tab on 3G and with no network at all.
 *
 * "Usable" means: the first question's textarea (labelled "Cuente lo que pasó") is visible and enabled,
 * with its label already translated — the person can start typing. Time is the page's own clock
 * (performance.now(), from the start of navigation) at the first animation frame where that holds.
 * Puente's form page comes with its first screen drawn into the HTML (client/src/prerender), which
 * counts as usable (what is typed there is kept); "in charge" is when the app's own form replaced it
 * ("Siguiente" works), and the JS budget is counted until then.
 *
 * Caveat: Chromium applies the emulated latency to the page's requests even when its service worker
 * answers them from its cache, so Puente's online repeat visit is pessimistic; offline figures are not
 * throttled. Every figure includes CPU time: on a loaded machine, compare the two apps in the same run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import express from 'express';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { compression } from 'vite-plugin-compression2';
import { loadConfig } from '../server/config';
import { setLogLevel } from '../server/logger';
import { startServer } from '../server/server';
import { clientFiles } from '../server/http/clientFiles';
import { loadAverage, median } from './stats';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/browser/chromium';

const RUNS = Number(process.env.RUNS ?? 5);
const ROOT = path.resolve(__dirname, '..');
// PUENTE_DIST=<folder> (with NO_BUILD=1) measures another build, e.g. a copy of the one before a change.
const PUENTE_DIST = process.env.PUENTE_DIST ?? path.join(ROOT, 'client', 'dist');
const FORM_LABEL = 'Cuente lo que pasó';
/** Parts to run (ONLY=bytes,3g,2g,repeat); all when unset. While cutting, one part is a short run. */
const ONLY = new Set((process.env.ONLY ?? 'bytes,3g,2g,repeat').split(',').map((part) => part.trim().toLowerCase()));

/** A network condition: bytes per second both ways and round-trip latency. */
interface Network {
  name: string;
  /** Its name in ONLY. */
  key: string;
  latencyMs: number;
  bytesPerSecond: number;
}
const NETWORKS: Network[] = [
  { name: '3G (400 kbps, 400 ms)', key: '3g', latencyMs: 400, bytesPerSecond: 400_000 / 8 },
  { name: '2G (100 kbps, 800 ms)', key: '2g', latencyMs: 800, bytesPerSecond: 100_000 / 8 },
];

/** One app under measurement. */
interface Subject {
  name: string;
  url: string;
  dist: string;
  /** Address of the complaint form. */
  formPath: string;
  /** Whether the app installs a service worker (it registers after the first screen and an idle moment). */
  serviceWorker: boolean;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const load = () => loadAverage();

/** Builds the bare app into a temp folder with the same compressed copies Puente gets. */
async function buildBareApp(): Promise<string> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'puente-bare-app-'));
  // Both are ES modules only; this file is CommonJS.
  const { build } = await import('vite');
  const { default: react } = await import('@vitejs/plugin-react');
  await build({
    configFile: false,
    logLevel: 'warn',
    root: path.join(ROOT, 'bench', 'bareApp'),
    cacheDir: path.join(ROOT, 'node_modules', '.vite-bare'),
    plugins: [react(), compression({ algorithms: ['brotliCompress', 'gzip'], include: /\.(js|css|html)$/, threshold: 0 })],
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

/** Serves a built folder with Puente's static handler on a free port. */
async function serveStatic(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const app = express();
  app.use(clientFiles(dir));
  const server: http.Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Emulates `network` on the page (or no network at all) through the DevTools protocol. */
async function emulate(context: BrowserContext, page: Page, network: Network | 'offline' | null): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: network === 'offline',
    latency: network && network !== 'offline' ? network.latencyMs : 0,
    downloadThroughput: network && network !== 'offline' ? network.bytesPerSecond : -1,
    uploadThroughput: network && network !== 'offline' ? network.bytesPerSecond : -1,
  });
}

/**
 * A TCP proxy in front of `target` that delays every chunk by half the round trip each way and shares
 * `network.bytesPerSecond` per direction among all connections. Used for repeat visits instead of the
 * DevTools emulation, which can send a controlled page's navigation past its service worker: here the
 * browser, its worker and the worker's own requests all go through the same slow line, as on a phone.
 */
async function throttledProxy(target: string, network: Network): Promise<{ url: string; throttle(on: boolean): void; close(): Promise<void> }> {
  let throttled = true;
  const { hostname, port } = new URL(target);
  // When each direction's line is next free (ms, Date.now()).
  const lineFreeAt = { up: 0, down: 0 };
  const sockets = new Set<net.Socket>();
  const relay = (from: net.Socket, to: net.Socket, direction: 'up' | 'down') => {
    from.on('data', (chunk: Buffer) => {
      if (!throttled) {
        to.write(chunk);
        return;
      }
      const now = Date.now();
      const start = Math.max(now, lineFreeAt[direction]);
      lineFreeAt[direction] = start + (chunk.length / network.bytesPerSecond) * 1000;
      const due = lineFreeAt[direction] + network.latencyMs / 2 - now;
      setTimeout(() => {
        if (!to.destroyed) to.write(chunk);
      }, due);
    });
    from.on('end', () => setTimeout(() => to.end(), Math.max(0, lineFreeAt[direction] + network.latencyMs / 2 - Date.now())));
    from.on('error', () => to.destroy());
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    client.on('close', () => sockets.delete(client));
    upstream.on('close', () => sockets.delete(upstream));
    relay(client, upstream, 'up');
    relay(upstream, client, 'down');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    throttle: (on) => {
      throttled = on;
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Ms from the start of navigation until the form is usable, and until the app is in charge of it. */
interface Timing {
  /** The person can read the first question and type in it (Puente: its copy drawn into the HTML counts). */
  usable: number;
  /** The app's own form is there: "Siguiente" works (Puente: the app took over from the drawn copy). */
  inCharge: number;
}

/** What FORM_WATCHER leaves in the page. */
interface FormWatch {
  __form?: { usable?: number; inCharge?: number };
}

/**
 * Installed in every page before its own scripts (addInitScript): from the document's start, each
 * animation frame checks for the labelled textarea and records performance.now() the first time it is
 * usable (anywhere) and the first time it is the app's own (not inside the drawn copy, #prerendered);
 * the latter also right after each DOM change (MutationObserver), so the JS budget "until the app is in
 * charge" does not count what was asked for after the take-over but arrived before a late frame.
 * Measured in the page, so the figure does not depend on when the bench's polling is attached. Plain
 * source text: tsx would wrap a function's inner functions in a helper the page does not have.
 */
const FORM_WATCHER = `(() => {
  if (window.__form) return;
  const found = {};
  window.__form = found;
  // painted: called at an animation frame (the page can be seen); otherwise right after a DOM change,
  // which only dates the app's take-over (the drawn copy's text may not be painted yet then).
  const check = (painted) => {
    for (const field of document.querySelectorAll('textarea')) {
      const labelled = Array.from(field.labels || []).some((l) => (l.textContent || '').includes(${JSON.stringify(FORM_LABEL)}));
      if (!labelled || field.disabled || field.getClientRects().length === 0) continue;
      if (field.closest('#prerendered')) found.drawn = true;
      if (painted && found.usable === undefined) found.usable = performance.now();
      if (!field.closest('#prerendered') && found.inCharge === undefined) found.inCharge = performance.now();
    }
  };
  const frame = () => {
    check(true);
    if (found.inCharge === undefined || found.usable === undefined) requestAnimationFrame(frame);
    else observer.disconnect();
  };
  // Also at once after each change of the page (the app's take-over unhides #root and removes the drawn
  // copy in one commit): on a loaded machine the next frame can come tens of ms later, time enough for
  // chunks asked for *after* the take-over to arrive and be counted as if the take-over had needed them.
  const observer = new MutationObserver(() => { if (found.inCharge === undefined) check(false); });
  observer.observe(document, { subtree: true, childList: true, attributes: true });
  requestAnimationFrame(frame);
})();`;

/** A phone-sized Spanish browser context whose pages watch for the form (FORM_WATCHER). */
async function newContext(browser: Browser, options: { serviceWorkers?: 'block' } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ ...options, viewport: { width: 360, height: 740 }, locale: 'es-CO' });
  await context.addInitScript({ content: FORM_WATCHER });
  return context;
}

/** Navigates to `url` (from a blank page) and measures when the form is usable and when the app is in charge of it. */
async function timeToUsable(page: Page, url: string): Promise<Timing> {
  await page.goto('about:blank');
  await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
  const handle = await page.waitForFunction(
    () => {
      const f = (globalThis as unknown as FormWatch).__form;
      return f && f.inCharge !== undefined && f.usable !== undefined ? { usable: f.usable, inCharge: f.inCharge } : false;
    },
    undefined,
    { polling: 200, timeout: 120_000 },
  );
  return (await handle.jsonValue()) as Timing;
}

/** JS and CSS a page downloaded: gzip bytes (the .gz made at build) and bytes as sent (brotli). */
interface Weight {
  files: string[];
  gzip: number;
  sent: number;
}

function weigh(dist: string, urls: string[], sentBytes: Map<string, number>): Weight {
  const files = [...new Set(urls.map((u) => new URL(u).pathname).filter((p) => /\.(js|css)$/.test(p)))];
  let gzip = 0;
  let sent = 0;
  for (const file of files) {
    const gz = path.join(dist, `${file}.gz`);
    gzip += fs.existsSync(gz) ? fs.statSync(gz).size : fs.statSync(path.join(dist, file)).size;
    sent += sentBytes.get(file) ?? 0;
  }
  return { files, gzip, sent };
}

/** Cold load without throttling: what the page downloads until usable and once idle (no service worker). */
async function measureWeight(
  browser: Browser,
  subject: Subject,
  pathname: string,
  untilUsable: boolean,
): Promise<{ usable: Weight | null; inCharge: Weight | null; idle: Weight }> {
  const context = await newContext(browser, { serviceWorkers: 'block' });
  const page = await context.newPage();
  const urls: string[] = [];
  const sent = new Map<string, number>();
  page.on('requestfinished', (request) => {
    urls.push(request.url());
    // A request still finishing when the context closes has no sizes any more: it is not counted.
    void request
      .sizes()
      .then((s) => sent.set(new URL(request.url()).pathname, s.responseBodySize))
      .catch(() => undefined);
  });
  let usable: Weight | null = null;
  let inCharge: Weight | null = null;
  if (untilUsable) {
    await page.goto(subject.url + pathname, { waitUntil: 'commit' });
    await page.waitForFunction(() => (globalThis as unknown as FormWatch).__form?.inCharge !== undefined, undefined, { polling: 'raf', timeout: 120_000 });
    // What had arrived by each moment, by the page's own clock.
    const arrived = await page.evaluate(() => {
      const w = globalThis as unknown as FormWatch & { performance: { getEntriesByType(t: string): { name: string; responseEnd: number }[] } };
      // No named inner functions: tsx would wrap them in a helper the page does not have.
      const entries = w.performance.getEntriesByType('resource');
      const usableAt = w.__form!.usable!;
      const inChargeAt = w.__form!.inCharge!;
      return {
        usable: entries.filter((e) => e.responseEnd <= usableAt).map((e) => e.name),
        inCharge: entries.filter((e) => e.responseEnd <= inChargeAt).map((e) => e.name),
      };
    });
    usable = weigh(subject.dist, arrived.usable, sent);
    inCharge = weigh(subject.dist, arrived.inCharge, sent);
  } else {
    await page.goto(subject.url + pathname);
  }
  // Idle: nothing new finished for 1.5 s (networkidle may have been reached before the app took charge).
  let seen = -1;
  while (seen !== urls.length) {
    seen = urls.length;
    await page.waitForTimeout(1500);
  }
  const idle = weigh(subject.dist, urls, sent);
  await context.close();
  return { usable, inCharge, idle };
}

/** A first visit on `network`, cold. */
async function firstVisit(browser: Browser, subject: Subject, network: Network): Promise<Timing> {
  const context = await newContext(browser);
  const page = await context.newPage();
  await emulate(context, page, network);
  const ms = await timeToUsable(page, subject.url + subject.formPath);
  await context.close();
  return ms;
}

/** What the page loaded and when (ms from the start of navigation), to see what a visit waits on (TRACE=1). */
async function printWaterfall(page: Page, label: string): Promise<void> {
  const entries = await page.evaluate<{ name: string; start: number; end: number; size: number }[]>(
    `performance.getEntriesByType('resource').map((e) => ({ name: new URL(e.name).pathname + new URL(e.name).search, start: e.startTime, end: e.responseEnd, size: e.transferSize }))`,
  );
  const navigation = await page.evaluate<{ end: number }>(
    `(() => { const n = performance.getEntriesByType('navigation')[0]; return { end: n ? n.responseEnd : 0 }; })()`,
  );
  console.log(`  ${label}: document ${navigation.end.toFixed(0)} ms`);
  for (const e of entries)
    console.log(`    ${e.start.toFixed(0).padStart(6)} → ${e.end.toFixed(0).padStart(6)} ms  ${String(e.size).padStart(7)} B  ${e.name}`);
}

/** How a repeat visit was served: whether a service worker controlled the page, and what it answered. */
interface Served {
  controlled: boolean;
  /** Responses the page got from its worker, of all it got. */
  fromWorker: number;
  responses: number;
  /** The document came with the form drawn into it (presentar-queja.html, never served by the worker). */
  drawnCopy: boolean;
}

/**
 * A visit after a first one (Puente's worker installed): online on `network` through a throttling proxy
 * (throttledProxy: the worker is really in the way, which DevTools' emulation does not guarantee), and
 * with no network. Returns how the online visit was served, to prove the worker answered.
 */
async function repeatVisit(browser: Browser, subject: Subject, network: Network): Promise<{ online: Timing; offline: Timing | null; served: Served }> {
  const proxy = await throttledProxy(subject.url, network);
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    // The first visit unthrottled, through the same origin (the proxy's) so the worker is registered for it.
    proxy.throttle(false);
    await timeToUsable(page, proxy.url + subject.formPath);
    // Wait for the worker (if the app has one) to finish installing and take charge.
    if (subject.serviceWorker) {
      await page.evaluate(
        `navigator.serviceWorker.ready.then(() => new Promise((resolve) => navigator.serviceWorker.controller ? resolve() : navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true })))`,
      );
      // A person comes back later, not the same second: let the worker finish keeping the form's API answers
      // (it asks for them once it takes charge), as it would have long before a real repeat visit.
      await page.waitForFunction(
        () =>
          (globalThis as unknown as { caches: { open(n: string): Promise<{ keys(): Promise<unknown[]> }> } }).caches
            .open('puente-api')
            .then((c) => c.keys())
            .then((keys) => keys.length >= 4),
        undefined,
        { polling: 200, timeout: 120_000 },
      );
    }
    // Opening the app again is a new navigation (from the home screen or a bookmark), not a reload,
    // which Chromium may answer from its HTTP cache when offline.
    const again = await context.newPage();
    await page.close();
    const served: Served = { controlled: false, fromWorker: 0, responses: 0, drawnCopy: false };
    const count = (response: { fromServiceWorker(): boolean }) => {
      served.responses += 1;
      if (response.fromServiceWorker()) served.fromWorker += 1;
    };
    again.on('response', count);
    proxy.throttle(true);
    const online = await timeToUsable(again, proxy.url + subject.formPath);
    again.off('response', count);
    served.controlled = await again.evaluate<boolean>(`Boolean(navigator.serviceWorker && navigator.serviceWorker.controller)`);
    served.drawnCopy = await again.evaluate<boolean>(`Boolean(window.__form && window.__form.drawn)`);
    if (process.env.TRACE) await printWaterfall(again, `${subject.name}, repeat visit on ${network.name}`);
    await context.setOffline(true);
    await emulate(context, again, 'offline');
    // From a blank page, so the wait cannot see the form of the visit before.
    await again.goto('about:blank');
    const offline = await timeToUsable(again, proxy.url + subject.formPath).catch((error: unknown) => {
      console.log(`  ${subject.name} did not open offline: ${String(error).split('\n')[0]}`);
      return null;
    });
    return { online, offline, served };
  } finally {
    await context.close();
    await proxy.close();
  }
}

async function main(): Promise<void> {
  setLogLevel('warn');
  process.env.DATA_DIR ??= path.join(os.tmpdir(), 'puente-bench-config');
  console.log(`load average at start: ${load()} (${os.cpus().length} cores)`);

  if (!process.env.NO_BUILD) {
    console.log('building Puente (npm run build:client) and the bare app …');
    const built = spawnSync('npm', ['run', '--silent', 'build:client'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (built.status !== 0) throw new Error('npm run build:client failed');
  }
  // Read before Vite's build, which sets NODE_ENV=production in this process.
  const config = { ...loadConfig(), port: 0, host: '127.0.0.1', seedDemo: true, runJobs: false };
  const bareDist = await buildBareApp();
  const puenteServer = await startServer({ config, database: { kind: 'memory' }, clientDir: PUENTE_DIST });
  const bareServer = await serveStatic(bareDist);
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const puente: Subject = { name: 'Puente', url: puenteServer.url, dist: PUENTE_DIST, formPath: '/presentar-queja', serviceWorker: true };
  const bare: Subject = { name: 'bare React 19 + react-i18next', url: bareServer.url, dist: bareDist, formPath: '/', serviceWorker: false };
  try {
    if (ONLY.has('bytes')) await bytes(browser, puente, bare);
    for (const network of NETWORKS) if (ONLY.has(network.key)) await firstVisits(browser, puente, bare, network);
    if (ONLY.has('repeat')) await repeatVisits(browser, puente, bare, NETWORKS[0]!);
    console.log(`\nload average at end: ${load()}`);
  } finally {
    await browser.close();
    await bareServer.close();
    await puenteServer.stop();
    fs.rmSync(bareDist, { recursive: true, force: true });
  }
}

/** Bytes of JS + CSS of the intake (until usable, until the app is in charge, once idle), the home page and the bare app. */
async function bytes(browser: Browser, puente: Subject, bare: Subject): Promise<void> {
  console.log('\n== Bytes of JS + CSS, cold, gzip (as sent with brotli)');
  const intake = await measureWeight(browser, puente, '/presentar-queja', true);
  const home = await measureWeight(browser, puente, '/', false);
  const yardstick = await measureWeight(browser, bare, '/', true);
  const row = (label: string, w: Weight | null) =>
    w ? console.log(`${label.padEnd(48)} ${kb(w.gzip).padStart(9)} gzip  (${kb(w.sent)} brotli, ${w.files.length} files)`) : undefined;
  row('Puente /presentar-queja until usable (drawn)', intake.usable);
  row('Puente /presentar-queja until the app is in charge', intake.inCharge);
  row('Puente /presentar-queja once idle', intake.idle);
  row('Puente / once idle', home.idle);
  row('bare app until usable', yardstick.usable);
  if (intake.inCharge && yardstick.usable) {
    console.log(`intake JS+CSS until the app is in charge ÷ bare app: ${(intake.inCharge.gzip / yardstick.usable.gzip).toFixed(2)}× (target ≤ 1.30×)`);
  }
  console.log(`files of the intake until usable: ${intake.usable?.files.map((f) => path.basename(f)).join(' ')}`);
  console.log(`files of the intake until in charge: ${intake.inCharge?.files.map((f) => path.basename(f)).join(' ')}`);
  console.log(`files of the home page once idle: ${home.idle.files.map((f) => path.basename(f)).join(' ')}`);
}

const both = (t: Timing[]) =>
  `usable ${sec(median(t.map((x) => x.usable)))} (${t.map((x) => sec(x.usable)).join(', ')}), app in charge ${sec(median(t.map((x) => x.inCharge)))} (${t.map((x) => sec(x.inCharge)).join(', ')})`;

/** First visits, cold, on `network`: Puente and the bare app alternating. */
async function firstVisits(browser: Browser, puente: Subject, bare: Subject, network: Network): Promise<void> {
  console.log(`\n== First visit, cold, ${network.name}: time to a usable form (${RUNS} runs each, A B A B)`);
  const times: Record<string, Timing[]> = { [puente.name]: [], [bare.name]: [] };
  for (let run = 0; run < RUNS; run++) {
    for (const subject of [puente, bare]) times[subject.name]!.push(await firstVisit(browser, subject, network));
  }
  for (const subject of [puente, bare]) console.log(`${subject.name.padEnd(32)} ${both(times[subject.name]!)}`);
  const ratio = (key: keyof Timing) => (median(times[puente.name]!.map((x) => x[key])) / median(times[bare.name]!.map((x) => x[key]))).toFixed(2);
  console.log(`Puente ÷ bare: usable ${ratio('usable')}×, in charge ${ratio('inCharge')}×; load average: ${load()}`);
}

/** Repeat visits on `network` and with no network: Puente and the bare app alternating. */
async function repeatVisits(browser: Browser, puente: Subject, bare: Subject, network: Network): Promise<void> {
  console.log(`\n== Repeat visit (after one visit): reload on ${network.name} through a throttling proxy, and with no network (${RUNS} runs each, A B A B)`);
  const repeats: Record<string, { online: Timing[]; offline: (Timing | null)[]; served: Served[] }> = {
    [puente.name]: { online: [], offline: [], served: [] },
    [bare.name]: { online: [], offline: [], served: [] },
  };
  for (let run = 0; run < RUNS; run++) {
    for (const subject of [puente, bare]) {
      const r = await repeatVisit(browser, subject, network);
      repeats[subject.name]!.online.push(r.online);
      repeats[subject.name]!.offline.push(r.offline);
      repeats[subject.name]!.served.push(r.served);
    }
  }
  for (const subject of [puente, bare]) {
    const r = repeats[subject.name]!;
    const offline = r.offline.filter((v): v is Timing => v !== null);
    console.log(`${subject.name.padEnd(32)} online: ${both(r.online)}`);
    console.log(
      `${''.padEnd(32)} offline: ${offline.length === r.offline.length ? both(offline) : `does not open (${r.offline.length - offline.length} of ${r.offline.length})`}`,
    );
    const controlled = r.served.filter((x) => x.controlled).length;
    console.log(
      `${''.padEnd(32)} served: page controlled by a service worker in ${controlled} of ${r.served.length} online repeat visits; responses from the worker ${r.served.map((x) => `${x.fromWorker}/${x.responses}`).join(', ')}; drawn copy (network HTML) in ${r.served.filter((x) => x.drawnCopy).length}`,
    );
  }
  console.log(`load average: ${load()}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
