// Journey: a first-time visitor opens Sibekisar, finds their way around in Indonesian, follows a
// deep link, reloads, and switches to English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage } from './support.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('home page renders in Indonesian with the main navigation', async () => {
  const { page, context, problems } = await openPage(browser, `${server.url}/`);
  await page.getByTestId('page-title').waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'id');
  for (const [id, label] of [
    ['nav-beranda', 'Beranda'],
    ['nav-simulasi', 'Simulasi'],
    ['nav-penilaian', 'Penilaian'],
    ['nav-peringkat', 'Peringkat'],
    ['nav-cara-penilaian', 'Cara Penilaian'],
  ]) {
    assert.equal((await page.getByTestId(id).first().innerText()).trim(), label, id);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('navigation changes the page without a reload and marks the current item', async () => {
  const { page, context, problems } = await openPage(browser, `${server.url}/`);
  await page.getByTestId('page-title').waitFor();
  await page.evaluate(() => { window.__noReloadMarker = 42; });
  await page.getByTestId('nav-cara-penilaian').first().click();
  await page.waitForURL(`${server.url}/cara-penilaian`);
  await page.getByTestId('grade-table').first().waitFor();
  assert.match(await page.getByTestId('page-title').innerText(), /Cara Penilaian/);
  assert.equal(await page.evaluate(() => window.__noReloadMarker), 42, 'client-side routing, no reload');
  assert.equal(await page.getByTestId('nav-cara-penilaian').first().getAttribute('aria-current'), 'page');
  const table = await page.getByTestId('grade-table').first().innerText();
  for (const text of ['Sangat Cettar', 'Cukup Cettar', 'Kurang Cettar', 'Tidak Cettar', '81']) {
    assert.ok(table.includes(text), `grade table shows ${text}`);
  }
  // The rules come from the shipped 2023 rubrics: kab/kota weights and a real indicator.
  await page.getByText('Opini BPK', { exact: false }).first().waitFor({ state: 'attached' });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a deep link opens its page and survives a reload', async () => {
  const { page, context, problems } = await openPage(browser, `${server.url}/peringkat`);
  await page.getByTestId('page-title').waitFor();
  assert.match(await page.getByTestId('page-title').innerText(), /Peringkat/);
  await page.reload();
  await page.getByTestId('page-title').waitFor();
  assert.match(await page.getByTestId('page-title').innerText(), /Peringkat/);
  const missing = await page.goto(`${server.url}/tidak/ada`);
  assert.equal(missing.status(), 200);
  await page.getByTestId('page-title').waitFor();
  assert.match(await page.getByTestId('page-title').innerText(), /tidak ditemukan/i);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the language switch turns the UI to English and is remembered', async () => {
  const { page, context, problems } = await openPage(browser, `${server.url}/peringkat`);
  await page.getByTestId('page-title').waitFor();
  const toggle = page.getByTestId('lang-switch');
  assert.equal((await toggle.innerText()).trim(), 'English');
  await toggle.click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal((await page.getByTestId('nav-peringkat').first().innerText()).trim(), 'Rankings');
  assert.equal((await page.getByTestId('lang-switch').innerText()).trim(), 'Bahasa Indonesia');
  await page.reload();
  await page.getByTestId('page-title').waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal((await page.getByTestId('nav-peringkat').first().innerText()).trim(), 'Rankings');
  await page.getByTestId('lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'id');
  assert.equal((await page.getByTestId('nav-peringkat').first().innerText()).trim(), 'Peringkat');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the navigation works with the keyboard alone', async () => {
  const { page, context, problems } = await openPage(browser, `${server.url}/`);
  await page.getByTestId('page-title').waitFor();
  // Tab until the Peringkat link has focus, then follow it with Enter.
  let reached = false;
  for (let presses = 0; presses < 25 && !reached; presses += 1) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.dataset?.testid === 'nav-peringkat');
  }
  assert.ok(reached, 'the Peringkat link is reachable with Tab');
  await page.keyboard.press('Enter');
  await page.waitForURL(`${server.url}/peringkat`);
  assert.match(await page.getByTestId('page-title').innerText(), /Peringkat/);
  assert.deepEqual(problems, []);
  await context.close();
});
