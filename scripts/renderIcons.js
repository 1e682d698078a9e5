#!/usr/bin/env node
/**
 * Renders the favicon (client/public/favicon.svg) into the PNG icons the web app manifest names, with
 * Debian's Chromium (the browser the tests use), so installing Puente on a phone shows the same bridge.
 * The PNGs are committed; run this again only when the favicon changes: `node scripts/renderIcons.js`.
 *   icon-192.png, icon-512.png   the favicon as it is (rounded square);
 *   maskable-512.png            full-bleed background with the drawing inside the 80 % safe zone, for
 *                               launchers that cut icons into circles or squircles.
 */
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const root = path.resolve(__dirname, '..');
const svg = fs.readFileSync(path.join(root, 'client', 'public', 'favicon.svg'), 'utf8');
const outDir = path.join(root, 'client', 'public', 'icons');
const BACKGROUND = '#0b4f6c';

function page(size, maskable) {
  const inner = maskable ? Math.round(size * 0.8) : size;
  const image = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  return `<!doctype html><html><body style="margin:0;width:${size}px;height:${size}px;display:flex;align-items:center;justify-content:center;background:${maskable ? BACKGROUND : 'transparent'}">
    <img src="${image}" width="${inner}" height="${inner}"></body></html>`;
}

(async () => {
  fs.mkdirSync(outDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    for (const [name, size, maskable] of [
      ['icon-192.png', 192, false],
      ['icon-512.png', 512, false],
      ['maskable-512.png', 512, true],
    ]) {
      const tab = await browser.newPage({ viewport: { width: size, height: size } });
      await tab.setContent(page(size, maskable));
      await tab.locator('img').evaluate((img) => img.decode());
      await tab.screenshot({ path: path.join(outDir, name), omitBackground: !maskable });
      await tab.close();
      console.log(`client/public/icons/${name}`);
    }
  } finally {
    await browser.close();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
