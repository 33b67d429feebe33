// Journey: a regent's office opens "Simulasi" on the published 2023 data, asks "what if…",
// follows the path to grade A, shares the scenario with a colleague, keeps simulating offline,
// and does all of it with the keyboard alone.
//
// The oracle is the server: every total, grade and rank the page shows is compared with
// `POST /api/v1/score` for the same values and with the published ranking, never with a
// hard-coded number.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage } from './support.mjs';

const PERIOD = '2023-annual';
const UNIT = 'kabupaten-pacitan';

let server;
let browser;
let rubricText;
let officialValues; // indicator code -> JSON text of the stored value
let peerTotals; // cents of the other kab/kota units

before(async () => {
  server = await startServer({ demo: true });
  browser = await launchBrowser();
  const unit = await (await fetch(`${server.url}/api/v1/periods/${PERIOD}/units/${UNIT}`)).json();
  rubricText = await (await fetch(`${server.url}/api/v1/rubrics/${unit.rubric_version_id}`)).text();
  const unitText = await (await fetch(`${server.url}/api/v1/periods/${PERIOD}/units/${UNIT}`)).text();
  officialValues = Object.fromEntries(
    Object.keys(unit.values).map((code) => [code, rawValueText(unitText, code)]),
  );
  const ranking = await (await fetch(`${server.url}/api/v1/periods/${PERIOD}/results?population=kabkota`)).text();
  peerTotals = [...ranking.matchAll(/"unit":\{"code":"([^"]+)"[^}]*\},"total":(\d+(?:\.\d+)?)/g)]
    .filter(([, code]) => code !== UNIT)
    .map(([, , total]) => cents(total));
  assert.equal(peerTotals.length, 37, 'the demo data has 38 kab/kota');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The exact JSON text of one stored value (numbers keep their decimals). */
function rawValueText(unitJson, code) {
  const match = unitJson.match(new RegExp(`"${code}":\\{"value":(-?[0-9.]+|"[^"]*"|true|false|null)`));
  assert.ok(match, `value of ${code} in the unit answer`);
  return match[1];
}

/** "84.15" or "84,15" -> 8415. */
function cents(text) {
  const [whole, fraction = ''] = text.replace(',', '.').split('.');
  return Number(whole) * 100 + Number((fraction + '00').slice(0, 2));
}

/** The server's official score for these values (code -> JSON text). */
async function serverScore(values) {
  const body = `{"rubric":${rubricText},"values":{${Object.entries(values)
    .map(([code, text]) => `"${code}":${text}`)
    .join(',')}}}`;
  const response = await fetch(`${server.url}/api/v1/score`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  return {
    total: cents(text.match(/"total":(\d+(?:\.\d+)?)/)[1]),
    grade: text.match(/"grade":"([A-E])"/)[1],
  };
}

function expectedRankText(officialCents, scenarioCents) {
  const rank = (total) => 1 + peerTotals.filter((peer) => peer > total).length;
  const [before, now] = [rank(officialCents), rank(scenarioCents)];
  return before === now ? `peringkat ${now} dari 38` : `peringkat ${before} → ${now} dari 38`;
}

/** The values shown in the page's number fields, as JSON text for the API. */
async function valuesOnPage(page) {
  const fields = await page.locator('[data-testid^="sim-input-"]').evaluateAll((inputs) =>
    inputs.map((input) => [input.dataset.testid.slice('sim-input-'.length), input.value]),
  );
  return Object.fromEntries(
    fields.filter(([, value]) => value.trim() !== '').map(([code, value]) => [code, value.trim().replace(',', '.')]),
  );
}

/** Waits until the page's total is `expected` cents. */
async function waitForTotal(page, expected) {
  await page.waitForFunction(
    (wanted) => {
      const text = document.querySelector('[data-testid="sim-total"]')?.textContent ?? '';
      const [whole, fraction = ''] = text.trim().replace('.', '').replace(',', '.').split('.');
      return Number(whole) * 100 + Number((fraction + '00').slice(0, 2)) === wanted;
    },
    expected,
    { timeout: 5000 },
  );
}

async function checkAgainstServer(page) {
  const values = await valuesOnPage(page);
  const oracle = await serverScore(values);
  await waitForTotal(page, oracle.total);
  assert.equal((await page.getByTestId('sim-grade').innerText()).trim(), oracle.grade);
  const official = await serverScore(officialValues);
  assert.equal(
    (await page.getByTestId('sim-rank').innerText()).trim(),
    expectedRankText(official.total, oracle.total),
  );
  return oracle;
}

async function openUnit(context) {
  const page = await context.newPage();
  await page.goto(`${server.url}/simulasi?periode=${PERIOD}&unit=${UNIT}`);
  await page.getByTestId('sim-total').waitFor();
  return page;
}

test('choosing a unit shows its official result; every change is rescored like the server', async () => {
  const { page, context, problems } = await openPage(browser, `${server.url}/simulasi`);
  await page.getByTestId('sim-banner').waitFor();
  assert.match(await page.getByTestId('sim-banner').innerText(), /Mode simulasi/);
  // An anonymous visitor is told scenarios stay in this browser unless they sign in.
  assert.match(await page.getByTestId('sim-accounts-note').innerText(), /Masuk untuk menyimpannya juga di server/);
  await page.getByTestId('sim-unit-select').selectOption(UNIT);
  await page.getByTestId('sim-total').waitFor();
  await page.waitForURL(/unit=kabupaten-pacitan/);

  // The baseline is the official result.
  const official = await serverScore(officialValues);
  await waitForTotal(page, official.total);
  assert.equal((await page.getByTestId('sim-grade').innerText()).trim(), official.grade);
  assert.match(await page.getByTestId('sim-rank').innerText(), /^peringkat \d+ dari 38$/);

  // One change, then several: total, grade and rank follow the server.
  await page.getByTestId('sim-input-IKM').fill('100');
  await checkAgainstServer(page);
  for (const code of ['SAKIP', 'OPINI_BPK', 'SPIP', 'INDEKS_BERAKHLAK']) {
    await page.getByTestId(`sim-input-${code}`).fill('100');
  }
  await page.getByTestId('sim-input-IKM').fill('99,5'); // decimal comma, as typed in Indonesia
  const after = await checkAgainstServer(page);
  assert.ok(after.total > official.total, 'raising indicators raises the total');
  assert.match(await page.getByTestId('sim-rank').innerText(), /→/, 'the rank moves');
  assert.match(await page.getByTestId('sim-total-delta').innerText(), /^▲ \+\d+,\d\d$/);

  // An out-of-range value is refused and leaves the total as it was.
  await page.getByTestId('sim-input-KIPP').fill('150');
  assert.equal(await page.getByTestId('sim-input-KIPP').getAttribute('aria-invalid'), 'true');
  await waitForTotal(page, after.total);

  // Reset brings the official values back.
  await page.getByTestId('sim-reset').click();
  await waitForTotal(page, official.total);
  assert.deepEqual(problems, []);
  await context.close();
});

test('goal-seek to A gives a plan whose application reaches at least 81,00', async () => {
  const { page, context, problems } = await openPage(browser, `${server.url}/simulasi?periode=${PERIOD}&unit=${UNIT}`);
  await page.getByTestId('sim-total').waitFor();
  await page.getByTestId('goal-target').selectOption('A');
  await page.getByTestId('goal-plan').waitFor();
  assert.ok((await page.getByTestId('goal-plan').locator('li').count()) > 0);
  await page.getByTestId('goal-apply').click();
  const oracle = await checkAgainstServer(page);
  assert.ok(oracle.total >= 8100, `plan reaches A (got ${oracle.total})`);
  assert.equal(oracle.grade, 'A');
  await page.getByTestId('goal-status').waitFor();
  assert.match(await page.getByTestId('goal-status').innerText(), /sudah mencapai target/);

  // Locking every indicator leaves nothing to raise: "Tidak tercapai" with the best total.
  await page.getByTestId('sim-reset').click();
  for (const lock of await page.locator('[data-testid^="sim-lock-"]').all()) {
    await lock.check();
  }
  await page.getByTestId('goal-status').filter({ hasText: 'Tidak tercapai' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a shared link opened in a fresh browser shows the same scenario', async () => {
  const { page, context, problems } = await openPage(browser, `${server.url}/simulasi?periode=${PERIOD}&unit=${UNIT}`);
  await page.getByTestId('sim-total').waitFor();
  await page.getByTestId('sim-input-IKM').fill('97,25');
  await page.getByTestId('sim-input-ZONA_INTEGRITAS').fill('75');
  await page.getByTestId('sim-scenario-name').fill('Rencana webinar');
  await page.getByTestId('sim-save').click();
  const oracle = await checkAgainstServer(page);
  await page.getByTestId('sim-share').click();
  const link = await page.getByTestId('sim-share-link').inputValue();
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/simulasi\?/);
  assert.match(link, /s=[^&]*IKM:97\.25/);
  const shownValues = await valuesOnPage(page);
  await context.close();

  const fresh = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const sharedPage = await fresh.newPage();
  await sharedPage.goto(link);
  await sharedPage.getByTestId('sim-total').waitFor();
  await waitForTotal(sharedPage, oracle.total);
  assert.deepEqual(await valuesOnPage(sharedPage), shownValues);
  assert.equal(await sharedPage.getByTestId('sim-scenario-current').innerText(), 'Rencana webinar');
  // Saved scenarios belong to the browser that saved them.
  await sharedPage.getByTestId('sim-saved-empty').waitFor();
  await fresh.close();
  assert.deepEqual(problems, []);
});

test('saved scenarios come back after a reload and compare side by side', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await openUnit(context);
  for (const [name, value] of [['Hemat', '90'], ['Ambisius', '100']]) {
    await page.getByTestId('sim-input-SAKIP').fill(value);
    await page.getByTestId('sim-scenario-name').fill(name);
    await page.getByTestId('sim-save').click();
  }
  await page.reload();
  await page.getByTestId('sim-total').waitFor();
  await page.getByTestId('sim-saved-item').nth(1).waitFor();
  for (const name of ['Hemat', 'Ambisius']) {
    await page.getByRole('checkbox', { name: `Bandingkan ${name}` }).check();
  }
  const table = await page.getByTestId('sim-compare').innerText();
  assert.match(table, /Hemat/);
  assert.match(table, /Ambisius/);
  await page.getByRole('button', { name: 'Muat Hemat' }).click();
  assert.equal(await page.getByTestId('sim-input-SAKIP').inputValue(), '90');
  await checkAgainstServer(page);
  await context.close();
});

test('a signed-in user\'s scenario is saved on the server and follows the account to a fresh browser', async () => {
  const simulator = `/simulasi?periode=${PERIOD}&unit=${UNIT}`;
  async function signedIn() {
    const opened = await openPage(browser, `${server.url}/masuk?lanjut=${encodeURIComponent(simulator)}`);
    const { page } = opened;
    await page.getByTestId(`demo-account-viewer.demo`).click();
    await page.getByTestId('login-submit').click();
    await page.waitForURL(`${server.url}${simulator}`);
    await page.getByTestId('sim-total').waitFor();
    await page.getByTestId('sim-scenarios-server').waitFor();
    return opened;
  }
  const first = await signedIn();
  await first.page.getByTestId('sim-input-SAKIP').fill('95');
  await first.page.getByTestId('sim-scenario-name').fill('Untuk rapat pimpinan');
  await first.page.getByTestId('sim-save').click();
  await first.page.getByText('Skenario disimpan di peramban ini dan di server').waitFor();
  const oracle = await checkAgainstServer(first.page);
  await first.context.close();

  // A new profile has no browser copy: the scenario comes from the server.
  const second = await signedIn();
  await second.page.getByTestId('sim-saved-item').first().waitFor();
  await second.page.getByRole('button', { name: 'Muat Untuk rapat pimpinan' }).click();
  assert.equal(await second.page.getByTestId('sim-input-SAKIP').inputValue(), '95');
  await waitForTotal(second.page, oracle.total);
  // Deleting it removes the server copy too.
  await second.page.getByRole('button', { name: 'Hapus Untuk rapat pimpinan' }).click();
  await second.page.getByTestId('sim-saved-empty').waitFor();
  const cookies = await second.context.cookies();
  const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  let listed;
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const answer = await fetch(`${server.url}/api/v1/scenarios?period_id=${PERIOD}&unit_code=${UNIT}`, { headers: { cookie } });
    assert.equal(answer.status, 200);
    listed = (await answer.json()).scenarios;
    if (listed.length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.deepEqual(listed, []);
  assert.deepEqual(first.problems, []);
  assert.deepEqual(second.problems, []);
  await second.context.close();
});

/**
 * Waits for the unit picker; when the page shows an error instead, or neither comes, fails with
 * what the page says (so an offline failure names the request that had no stored copy).
 */
async function unitPickerOrExplain(page) {
  const picker = page.getByTestId('sim-unit-select').waitFor().then(() => null);
  const error = page
    .getByTestId('sim-error')
    .waitFor()
    .then(async () => `the simulator showed: ${await page.getByTestId('sim-error').innerText()}`)
    .catch(() => new Promise(() => {}));
  const failure = await Promise.race([picker, error]).catch(async (timeout) => {
    const text = await page.locator('main').innerText().catch(() => '(no page text)');
    return `${timeout.message}\nat ${page.url()}\npage text: ${text.slice(0, 600)}`;
  });
  if (failure) throw new Error(failure);
}

test('offline, the simulator keeps computing, reopens and reloads from the browser copy', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await openUnit(context);
  await context.setOffline(true);
  await page.getByTestId('sim-input-IKM').fill('100');
  await checkAgainstServer(page); // the oracle runs in node, which is still online

  // Leave the page and come back without network: the data comes from localStorage.
  await page.getByTestId('nav-beranda').first().click();
  await page.getByTestId('nav-simulasi').first().click();
  await unitPickerOrExplain(page);
  await page.getByTestId('sim-unit-select').selectOption(UNIT);
  await page.getByTestId('sim-offline').waitFor();
  await page.getByTestId('sim-input-SAKIP').fill('100');
  await checkAgainstServer(page);

  // A full reload with the network off: the service worker serves the app, the browser copy the data.
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.reload();
  await unitPickerOrExplain(page);
  await page.getByTestId('sim-unit-select').selectOption(UNIT);
  await page.getByTestId('sim-offline').waitFor();
  await page.getByTestId('sim-input-KIPP').fill('100');
  await checkAgainstServer(page);
  await context.setOffline(false);
  await context.close();
});

test('keyboard only: choose a unit, move a slider with the arrows, type a value', async () => {
  const { page, context, problems } = await openPage(browser, `${server.url}/simulasi`);
  await page.getByTestId('sim-unit-select').locator('option', { hasText: 'Kabupaten Pacitan' }).waitFor({ state: 'attached' });

  async function tabTo(testIdOrLabel) {
    for (let presses = 0; presses < 250; presses += 1) {
      await page.keyboard.press('Tab');
      const matches = await page.evaluate((wanted) => {
        const element = document.activeElement;
        return element?.dataset?.testid === wanted || element?.getAttribute('aria-label') === wanted;
      }, testIdOrLabel);
      if (matches) return;
    }
    throw new Error(`could not reach ${testIdOrLabel} with Tab`);
  }

  await tabTo('sim-unit-search');
  await page.keyboard.type('pacit');
  await tabTo('sim-unit-select');
  await page.keyboard.press('ArrowDown');
  await page.getByTestId('sim-total').waitFor();
  await page.waitForURL(/unit=kabupaten-pacitan/);
  const official = await serverScore(officialValues);
  await waitForTotal(page, official.total);

  // The IKM slider has an accessible name and moves with the arrow keys.
  await tabTo('IKM (penggeser)');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  const afterSlider = await checkAgainstServer(page);
  assert.notEqual(afterSlider.total, official.total);

  // Tab onwards to the number field of the same indicator and type a value.
  await tabTo('sim-input-IKM');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('100');
  await checkAgainstServer(page);

  // Every control of the page has an accessible name.
  const unnamed = await page.evaluate(() =>
    [...document.querySelectorAll('main input, main select, main button')]
      .filter((element) => {
        const labelled = element.labels?.length > 0 || element.getAttribute('aria-label') || element.getAttribute('aria-labelledby');
        const text = element.tagName === 'BUTTON' && element.textContent.trim() !== '';
        return !labelled && !text;
      })
      .map((element) => element.outerHTML.slice(0, 80)),
  );
  assert.deepEqual(unnamed, []);
  assert.deepEqual(problems, []);
  await context.close();
});
