// Journey: a citizen opens a link to the rankings, a unit's report card or "Cara Penilaian" on a
// phone that has not loaded the app yet, or with JavaScript off, or as a search engine: the
// server's first response already has the content. With JavaScript on, the app takes over the page
// without showing anything twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, serverAndBrowser } from './support.mjs';

const demo = serverAndBrowser();

/** A page with JavaScript disabled: what the server's first response shows on its own. */
async function withoutJavaScript(path) {
  const context = await demo.browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const response = await page.goto(`${demo.server.url}${path}`);
  assert.equal(response.status(), 200);
  return { page, context };
}

test('without JavaScript the rankings show the 38 kabupaten/kota with totals and grades, linked to their report cards', async () => {
  const { page, context } = await withoutJavaScript('/peringkat');
  const rows = page.getByTestId('ssr-ranking-row');
  assert.equal(await rows.count(), 38);
  assert.equal(await page.title(), 'Peringkat — Sibekisar');
  const first = await rows.first().innerText();
  assert.match(first, /^1\s+Kabupaten Banyuwangi\s+84,15\s+A Sangat Cettar$/);
  assert.ok(await rows.first().isVisible());
  // Another population, by its link, in the same way.
  await page.getByRole('link', { name: 'Perangkat Daerah' }).click();
  await page.waitForURL(/populasi=opd/);
  assert.ok((await page.getByTestId('ssr-ranking-row').count()) > 0);
  // A unit's report card from its row.
  await page.goto(`${demo.server.url}/peringkat`);
  await page.getByRole('link', { name: 'Kabupaten Banyuwangi' }).click();
  await page.waitForURL(/\/unit\/kabupaten-banyuwangi\?periode=2023-annual$/);
  assert.equal(await page.getByTestId('ssr-unit-total').innerText(), '84,15');
  await context.close();
});

test('without JavaScript a unit report card shows its total, grade, rank and spirits; an unknown unit says so', async () => {
  const { page, context } = await withoutJavaScript('/unit/kota-surabaya');
  assert.equal(await page.locator('h1').innerText(), 'Kota Surabaya');
  assert.equal(await page.getByTestId('ssr-unit-total').innerText(), '78,82');
  assert.equal(await page.getByTestId('ssr-unit-grade').innerText(), 'B');
  assert.equal(await page.getByTestId('ssr-unit-spirits').locator('tbody tr').count(), 6);
  await page.goto(`${demo.server.url}/unit/tidak-ada`);
  assert.match(await page.getByRole('alert').innerText(), /tidak ditemukan/);
  // Text from the address is escaped, never markup.
  await page.goto(`${demo.server.url}/peringkat?populasi=%3Cscript%3E`);
  assert.equal(await page.getByTestId('ssr-ranking-row').count(), 38);
  await context.close();
});

test('without JavaScript "Cara Penilaian" shows the grade table, the rounding rule and the 2023 weights', async () => {
  const { page, context } = await withoutJavaScript('/cara-penilaian');
  assert.equal(await page.locator('h1').innerText(), 'Cara Penilaian');
  assert.equal(await page.getByTestId('ssr-grade-table').locator('tbody tr').count(), 5);
  assert.match(await page.getByTestId('ssr-grade-table').innerText(), /81,00 – 100,00\s+Sangat Cettar/);
  assert.match(await page.locator('main').innerText(), /setengah ke atas/);
  // Kab/kota 2023 weights: C 20, E 20, T 15, TR 5, A 25, R 15 (DOMAIN.md).
  const weights = await page.getByTestId('ssr-spirits-table').locator('tbody tr td:nth-child(3)').allInnerTexts();
  assert.deepEqual(weights, ['20', '20', '15', '5', '25', '15']);
  await context.close();
});

for (const { path, appReady, ssr } of [
  { path: '/peringkat', appReady: 'ranking-row', ssr: 'ssr-ranking-row' },
  { path: '/unit/kabupaten-banyuwangi', appReady: 'unit-total', ssr: 'ssr-unit-total' },
  { path: '/cara-penilaian', appReady: 'page-title', ssr: 'ssr-rules' },
]) {
  test(`with JavaScript the app takes over ${path} and nothing is shown twice`, async () => {
    const { page, context, problems } = await openPage(demo.browser, `${demo.server.url}${path}`);
    await page.getByTestId(appReady).first().waitFor();
    await page.locator('#prerendered').waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId(ssr).count(), 0);
    assert.equal(await page.locator('body[data-prerendered]').count(), 0);
    assert.equal(await page.locator('h1').count(), 1);
    assert.equal(await page.locator('header.site-header').count(), 1);
    assert.equal(await page.locator('main').count(), 1);
    if (path === '/peringkat') assert.equal(await page.getByTestId('ranking-row').count(), 38);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('the simulator\'s unit picker accepts a choice before the app has loaded, and the app opens that unit', async () => {
  // Without JavaScript: the picker is a form that opens the simulator's address for the unit.
  const { page: plain, context: plainContext } = await withoutJavaScript('/simulasi');
  const options = plain.getByTestId('ssr-sim-unit-select').locator('option');
  assert.equal(await options.count(), 39);
  await plain.getByTestId('ssr-sim-unit-select').selectOption('kabupaten-banyuwangi');
  await plain.getByRole('button', { name: 'Buka' }).click();
  await plain.waitForURL(/\/simulasi\?periode=2023-annual&populasi=kabkota&unit=kabupaten-banyuwangi$/);
  await plainContext.close();

  // With JavaScript, the app held back until a unit is chosen in the server's picker.
  const context = await demo.browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  let releaseApp;
  const appHeld = new Promise((resolve) => { releaseApp = resolve; });
  await page.route(/\/app-[0-9a-f]{16}\.wasm$/, async (route) => { await appHeld; await route.continue(); });
  await page.goto(`${demo.server.url}/simulasi`);
  await page.getByTestId('ssr-sim-unit-select').selectOption('kota-surabaya');
  releaseApp();
  await page.getByTestId('sim-unit-name').waitFor();
  assert.match(await page.getByTestId('sim-unit-name').innerText(), /Kota Surabaya/);
  assert.equal(await page.getByTestId('ssr-sim-unit-select').count(), 0);
  assert.equal(await page.getByTestId('sim-unit-select').inputValue(), 'kota-surabaya');
  await context.close();
});
