// Phone-profile benchmark (run by `cargo xtask bench`, never as a test): the time to use of the four
// public pages on a phone-class link, cold cache, and the sizes of the app.
//
// Profile (Chromium through CDP): 150 ms round trip, 1.6 Mbit/s down, 0.75 Mbit/s up, CPU 4× slower,
// a 390 px wide viewport, the HTTP cache disabled and a fresh browser context per load (no service
// worker yet). Time to use is measured inside the page from navigation start until:
//  - `/simulasi`: the unit picker exists and is enabled (accepts input);
//  - `/peringkat`: ranking rows are shown;
//  - `/`: the dashboard's grade distribution shows its figures;
//  - `/unit/{code}`: the unit's total is shown;
// whether the server's first response shows them or the app (wasm) does; the moment the app's own
// page is usable is printed beside it.
// Each page is loaded three times; the median is printed, with the bytes the page transferred and
// the moment the app itself (wasm) had taken over. A repeat visit (same context, service worker and
// cache kept) is measured for `/peringkat`.
// Prints figures; asserts nothing about speed.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { startServer, launchBrowser } from '../e2e/support.mjs';

const RUNS = 3;
const UNIT = 'kabupaten-banyuwangi';
const PAGES = [
  { name: 'simulasi', path: '/simulasi', ready: 'simulator' },
  { name: 'peringkat', path: '/peringkat', ready: 'rankings' },
  { name: 'beranda', path: '/', ready: 'home' },
  { name: 'unit', path: `/unit/${UNIT}`, ready: 'unit' },
];

/**
 * In the page: records `window.__usableAt` (time to use: the figures or the picker are there,
 * written by the server or by the app) and `window.__appAt` (the app's own page is usable).
 */
function watchReadiness(kind) {
  const picker = () => {
    const select = document.querySelector('[data-testid="sim-unit-select"]');
    return select && !select.disabled && select.options.length > 1;
  };
  const app = {
    simulator: picker,
    rankings: () => document.querySelector('[data-testid="ranking-row"]'),
    home: () => document.querySelector('[data-testid="grade-chart"], [data-testid="dashboard-distribution"] svg'),
    unit: () => /\d/.test(document.querySelector('[data-testid="unit-total"]')?.textContent ?? ''),
  }[kind];
  // What the server's first response shows (server/src/site/prerender.rs).
  const server = {
    simulator: () => (document.querySelector('[data-testid="ssr-sim-unit-select"]')?.options.length ?? 0) > 1,
    rankings: () => document.querySelector('[data-testid="ssr-ranking-row"]'),
    home: () => document.querySelector('[data-testid="ssr-home-figures"]'),
    unit: () => /\d/.test(document.querySelector('[data-testid="ssr-unit-total"]')?.textContent ?? ''),
  }[kind];
  const check = () => {
    const appReady = Boolean(app());
    if (window.__usableAt === undefined && (appReady || server())) window.__usableAt = performance.now();
    if (window.__appAt === undefined && appReady) window.__appAt = performance.now();
    return window.__usableAt !== undefined && window.__appAt !== undefined;
  };
  const observer = new MutationObserver(() => { if (check()) observer.disconnect(); });
  observer.observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
}

async function throttle(page, { cold }) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 150,
    downloadThroughput: 1.6e6 / 8,
    uploadThroughput: 0.75e6 / 8,
  });
  if (cold) await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  let bytes = 0;
  cdp.on('Network.loadingFinished', (event) => { bytes += event.encodedDataLength; });
  return { cdp, transferred: () => bytes };
}

async function measure(page, url, transferred) {
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__usableAt !== undefined && window.__appAt !== undefined, null, { timeout: 60_000 });
  const { usable, app } = await page.evaluate(() => ({ usable: window.__usableAt, app: window.__appAt }));
  // Let the remaining requests of the page finish before reading the byte count.
  await page.waitForLoadState('networkidle');
  return { usable, app, bytes: transferred() };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;

/** The app's files in the site folder: every content-hashed asset, and index.html. */
function bundleSizes(siteDir) {
  const sizes = { raw: 0, brotli: 0, wasmBrotli: 0, firstBrotli: 0, files: 0 };
  for (const name of readdirSync(siteDir)) {
    const hashed = /^[a-z_-]+-[0-9a-f]{16}\.(wasm|js|css)$/.test(name);
    if (!hashed && name !== 'index.html') continue;
    const raw = statSync(path.join(siteDir, name)).size;
    let brotli = raw;
    try { brotli = statSync(path.join(siteDir, `${name}.br`)).size; } catch { /* not compressed */ }
    sizes.raw += raw;
    sizes.brotli += brotli;
    sizes.files += 1;
    if (name.endsWith('.wasm')) sizes.wasmBrotli += brotli;
  }
  return sizes;
}

const siteDir = process.env.SIBEKISAR_SITE_DIR;
const sizes = bundleSizes(siteDir);
console.log(`bench phone bundle_whole_app (${sizes.files} files: index.html and the hashed assets): ` +
  `${kb(sizes.raw)} raw, ${kb(sizes.brotli)} brotli (wasm ${kb(sizes.wasmBrotli)} brotli)`);

const server = await startServer({ demo: true });
const browser = await launchBrowser();
try {
  for (const entry of PAGES) {
    const runs = [];
    for (let run = 0; run < RUNS; run += 1) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
      await context.addInitScript(watchReadiness, entry.ready);
      const page = await context.newPage();
      const { transferred } = await throttle(page, { cold: true });
      runs.push(await measure(page, `${server.url}${entry.path}`, transferred));
      await context.close();
    }
    console.log(`bench phone time_to_use ${entry.path} (phone profile, cold cache, median of ${RUNS}): ` +
      `${median(runs.map((r) => r.usable)).toFixed(0)} ms [${runs.map((r) => r.usable.toFixed(0)).join(', ')}]; ` +
      `app usable at ${median(runs.map((r) => r.app)).toFixed(0)} ms; first load transferred ${kb(median(runs.map((r) => r.bytes)))}`);
  }

  // A repeat visit: the second load of /peringkat in the same context (HTTP cache and service worker kept).
  const repeats = [];
  for (let run = 0; run < RUNS; run += 1) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    await context.addInitScript(watchReadiness, 'rankings');
    const first = await context.newPage();
    await first.goto(`${server.url}/peringkat`);
    await first.waitForFunction(() => window.__usableAt !== undefined && window.__appAt !== undefined, null, { timeout: 60_000 });
    await first.evaluate(() => navigator.serviceWorker?.ready.then(() => true));
    await first.close();
    const page = await context.newPage();
    const { transferred } = await throttle(page, { cold: false });
    repeats.push(await measure(page, `${server.url}/peringkat`, transferred));
    await context.close();
  }
  console.log(`bench phone time_to_use_repeat /peringkat (phone profile, second visit, median of ${RUNS}): ` +
    `${median(repeats.map((r) => r.usable)).toFixed(0)} ms; app usable at ${median(repeats.map((r) => r.app)).toFixed(0)} ms; ` +
    `transferred ${kb(median(repeats.map((r) => r.bytes)))}`);
} finally {
  await browser.close();
  await server.stop();
}
