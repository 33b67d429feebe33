// Journey: a unit head installs Sibekisar on a phone, opens it later without a network and sees the
// last data it showed; when a new version is deployed, the open app offers "Versi baru tersedia —
// muat ulang".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchBrowser, openPage, startServer } from './support.mjs';

/** Waits until the page is controlled by the service worker. */
async function controlled(page) {
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

test('the manifest, its icons and the service worker are served for installing', async () => {
  const server = await startServer({ demo: true });
  try {
    const manifestResponse = await fetch(`${server.url}/manifest.webmanifest`);
    assert.equal(manifestResponse.status, 200);
    const manifest = await manifestResponse.json();
    assert.equal(manifest.short_name, 'Sibekisar');
    assert.equal(manifest.start_url, '/');
    assert.equal(manifest.display, 'standalone');
    for (const size of ['192x192', '512x512']) {
      const icon = manifest.icons.find((candidate) => candidate.sizes === size && candidate.type === 'image/png');
      assert.ok(icon, `an icon of ${size}`);
      const response = await fetch(`${server.url}${icon.src}`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'image/png');
    }
    const sw = await fetch(`${server.url}/sw.js`);
    assert.equal(sw.status, 200);
    assert.match(sw.headers.get('content-type'), /javascript/);
    assert.equal(sw.headers.get('cache-control'), 'no-cache');
    const index = await (await fetch(`${server.url}/`)).text();
    assert.match(index, /<link rel="manifest" href="\/manifest.webmanifest">/);
  } finally {
    await server.stop();
  }
});

test('after one online visit the app starts offline with the last rankings and report card it saw', async () => {
  const server = await startServer({ demo: true });
  const browser = await launchBrowser();
  try {
    const { page, context, problems } = await openPage(browser, `${server.url}/peringkat`);
    await page.getByTestId('ranking-row').first().waitFor();
    await controlled(page);
    // The report card once online, so that its answers are the last ones seen.
    await page.goto(`${server.url}/unit/kota-surabaya?periode=2023-annual`);
    await page.getByTestId('unit-total').waitFor();
    await context.setOffline(true);
    // A fresh start of the installed app without a network: the shell comes from the service
    // worker, the data from the last answers.
    const offline = await context.newPage();
    await offline.goto(`${server.url}/peringkat`);
    await offline.getByTestId('ranking-row').first().waitFor();
    assert.equal(await offline.getByTestId('ranking-row').count(), 38);
    assert.equal(await offline.getByTestId('ranking-unit').first().innerText(), 'Kabupaten Banyuwangi');
    await offline.goto(`${server.url}/unit/kota-surabaya?periode=2023-annual`);
    assert.equal(await offline.getByTestId('unit-total').innerText(), '78,82');
    // A public answer from the service worker's copy says it is a copy.
    const copy = await offline.evaluate(async () => {
      // Past the HTTP cache (which may still hold a fresh copy) to the service worker.
      const response = await fetch('/api/v1/periods', { cache: 'no-store' });
      return { status: response.status, marked: response.headers.get('x-sibekisar-offline-copy') };
    });
    assert.deepEqual(copy, { status: 200, marked: '1' });
    await context.setOffline(false);
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
  }
});

test('a new deployment makes the open app offer "Versi baru tersedia — muat ulang", and the reload clears it', async () => {
  // A copy of the built site, so that this test can deploy a "new version" of it.
  const siteCopy = mkdtempSync(path.join(tmpdir(), 'sibekisar-site-'));
  cpSync(process.env.SIBEKISAR_SITE_DIR, siteCopy, { recursive: true });
  const server = await startServer({ demo: true, env: { SIBEKISAR_SITE_DIR: siteCopy } });
  const browser = await launchBrowser();
  try {
    const { page, context, problems } = await openPage(browser, `${server.url}/`);
    await page.getByTestId('page-title').waitFor();
    await controlled(page);
    assert.equal(await page.getByTestId('update-prompt').count(), 0);

    // Deploy: the service worker's build id changes (as it does when any app file changes).
    const swPath = path.join(siteCopy, 'sw.js');
    const sw = readFileSync(swPath, 'utf8');
    assert.match(sw, /const VERSION = '[0-9a-f]{16}';/);
    writeFileSync(swPath, sw.replace(/const VERSION = '[0-9a-f]{16}';/, "const VERSION = '00000000deployed';"));
    rmSync(`${swPath}.br`, { force: true });
    rmSync(`${swPath}.gz`, { force: true });
    // The browser checks for a new worker on navigation and when the app is looked at again;
    // here the check is asked for directly.
    await page.evaluate(async () => { await (await navigator.serviceWorker.getRegistration()).update(); });
    const prompt = page.getByTestId('update-prompt');
    await prompt.waitFor();
    assert.equal(await prompt.innerText(), 'Versi baru tersedia — muat ulang');
    assert.equal(await prompt.getAttribute('role'), 'status');

    await page.getByTestId('update-reload').click();
    await page.waitForLoadState('load');
    await page.getByTestId('page-title').waitFor();
    assert.equal(await page.getByTestId('update-prompt').count(), 0);
    assert.equal(await page.evaluate(() => caches.keys().then((keys) => keys.some((key) => key.includes('00000000deployed')))), true);
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
    rmSync(siteCopy, { recursive: true, force: true });
  }
});
