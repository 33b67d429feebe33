// Journeys: each role signs in and lands on its own home. The unit head, with the keyboard only,
// goes from "Unit saya" into the simulator, tries a change, applies the path to grade A and saves
// the scenario; the indicator owner, with the keyboard only, follows "missing" into the grid
// narrowed to what is missing, enters a column and sends it; the administrator's home counts what
// the owner left. Every number the homes show is compared with the API's answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, openPage, serverAndBrowser } from './support.mjs';

const demo = serverAndBrowser();
const PUBLISHED = '2023-annual';
const OPEN = '2024-q1';
const UNIT = 'kabupaten-banyuwangi';

/** GET as the signed-in page. */
async function api(page, path) {
  return page.evaluate(async (url) => {
    const response = await fetch(url);
    return { status: response.status, body: await response.json() };
  }, path);
}

/** Presses Tab until the focused element has this data-testid (or aria-label). */
async function tabTo(page, wanted) {
  for (let presses = 0; presses < 300; presses += 1) {
    await page.keyboard.press('Tab');
    const reached = await page.evaluate(
      (target) => document.activeElement?.dataset?.testid === target || document.activeElement?.getAttribute('aria-label') === target,
      wanted,
    );
    if (reached) return;
  }
  throw new Error(`could not reach ${wanted} with Tab from ${page.url()}`);
}

/** Signs in on /masuk without a page to return to, with the keyboard only. */
async function signInByKeyboard(username) {
  const opened = await openPage(demo.browser, `${demo.server.url}/masuk`);
  const { page } = opened;
  await tabTo(page, 'login-username');
  await page.keyboard.type(username);
  await tabTo(page, 'login-password');
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL(`${demo.server.url}/`);
  return opened;
}

/** "84,15" → "84.15". */
const decimal = (text) => text.trim().replace('.', '').replace(',', '.');

test('a unit head lands on Unit saya and, by keyboard only, simulates, applies the path to A and saves the scenario', async () => {
  const { page, context, problems } = await signInByKeyboard('unit.demo');
  await page.getByTestId('home-unit-figures').waitFor();
  assert.match(await page.getByTestId('page-title').innerText(), /Unit saya: Kabupaten Banyuwangi/);

  // The figures are the published ones.
  const { body: unit } = await api(page, `/api/v1/periods/${PUBLISHED}/units/${UNIT}`);
  assert.equal(Number(decimal(await page.getByTestId('home-unit-total').innerText())), Number(unit.result.total));
  assert.match(await page.getByTestId('home-unit-grade').innerText(), new RegExp(`^${unit.result.grade}\\b`));
  assert.match(await page.getByTestId('home-unit-rank').innerText(), new RegExp(`^${unit.result.rank} dari 38`));
  // Only one published period in the demo data: nothing to compare with, and said so.
  assert.match(await page.getByTestId('home-unit-change').innerText(), /Belum ada periode sebelumnya/);
  // Already at A, the top grade: the home says so instead of a path.
  assert.match(await page.getByTestId('home-unit-path').innerText(), /sudah berpredikat A/);

  // Into the simulator, opened on the unit.
  await tabTo(page, 'home-unit-simulate');
  await page.keyboard.press('Enter');
  await page.waitForURL(new RegExp(`/simulasi\\?.*unit=${UNIT}`));
  await page.getByTestId('sim-total').waitFor();
  assert.match(await page.getByTestId('sim-unit-name').innerText(), /Kabupaten Banyuwangi/);

  // What if SAKIP were 0? The total falls below A and the goal-seek offers a path back to A.
  await tabTo(page, 'sim-input-SAKIP');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('0');
  await page.getByTestId('goal-plan').waitFor();
  const fallen = decimal(await page.getByTestId('sim-total').innerText());
  assert.ok(Number(fallen) < 81, `the total ${fallen} fell below A`);
  await tabTo(page, 'goal-apply');
  await page.keyboard.press('Enter');
  await page.getByTestId('goal-status').filter({ hasText: 'sudah mencapai target' }).waitFor();
  const applied = decimal(await page.getByTestId('sim-total').innerText());
  assert.ok(Number(applied) >= 81, `the applied path reaches A: ${applied}`);

  // Save the scenario on the server.
  await tabTo(page, 'sim-scenario-name');
  await page.keyboard.type('Jalan ke A tanpa SAKIP');
  await tabTo(page, 'sim-save');
  await page.keyboard.press('Enter');
  await page.getByText('Skenario disimpan di peramban ini dan di server').waitFor();
  const { status, body } = await api(page, `/api/v1/scenarios?period_id=${PUBLISHED}&unit_code=${UNIT}`);
  assert.equal(status, 200);
  assert.deepEqual(body.scenarios.map((scenario) => scenario.name), ['Jalan ke A tanpa SAKIP']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an owner sees what is missing, enters a column by keyboard only, and the owner and administrator homes count it', async () => {
  const { page, context, problems } = await signInByKeyboard('pengampu.demo');
  await page.getByTestId('home-owner-kabkota').waitFor();
  const entries = async () => (await api(page, `/api/v1/periods/${OPEN}/entries?population=kabkota`)).body;
  const before = await entries();
  const units = before.units.length;
  const filledBefore = before.entries.filter((e) => e.indicator === 'SAKIP' && e.value !== null).length;
  const row = page.getByTestId('home-row-kabkota-SAKIP');
  assert.deepEqual(
    (await row.locator('td').allInnerTexts()).map((text) => text.trim()),
    [String(filledBefore), String(units - filledBefore), '0', '0'],
  );

  // "Missing" opens the grid with the SAKIP column and exactly the units still missing it.
  await tabTo(page, `home-missing-kabkota-SAKIP`);
  await page.keyboard.press('Enter');
  await page.waitForURL(/indikator=SAKIP&kosong=1/);
  await page.getByTestId('assess-grid').waitFor();
  await page.getByTestId('assess-only-missing').waitFor();
  const missingUnits = before.units.map((u) => u.code).filter(
    (code) => !before.entries.some((e) => e.unit === code && e.indicator === 'SAKIP' && e.value !== null),
  );
  assert.equal(await page.locator('[data-testid^="cell-"][data-testid$="-SAKIP"]').count(), missingUnits.length);
  assert.equal(await page.locator('[data-testid^="cell-"]:not([data-testid$="-SAKIP"])').count(), 0);

  // Enter the first three values of the column: type, Enter moves down; then send.
  await tabTo(page, `cell-${missingUnits[0]}-SAKIP`);
  for (const value of ['71,5', '80', '92,25']) {
    await page.keyboard.type(value);
    await page.keyboard.press('Enter');
  }
  await tabTo(page, 'assess-submit');
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    () => document.querySelector('[data-testid="sync-pending"]')?.textContent.trim() === '0 menunggu dikirim',
  );
  const after = await entries();
  const stored = Object.fromEntries(
    after.entries.filter((e) => e.indicator === 'SAKIP' && e.value !== null).map((e) => [e.unit, e.value]),
  );
  assert.deepEqual(
    missingUnits.slice(0, 3).map((code) => stored[code]),
    [71.5, 80, 92.25],
  );

  // Home again: three more filled, three fewer missing, three awaiting verification; "missing"
  // now leaves the three filled units out of the grid.
  await page.goto(`${demo.server.url}/`);
  await page.getByTestId('home-owner-kabkota').waitFor();
  assert.deepEqual(
    (await page.getByTestId('home-row-kabkota-SAKIP').locator('td').allInnerTexts()).map((text) => text.trim()),
    [String(filledBefore + 3), String(units - filledBefore - 3), '3', '0'],
  );
  await tabTo(page, `home-missing-kabkota-SAKIP`);
  await page.keyboard.press('Enter');
  await page.getByTestId('assess-grid').waitFor();
  const shown = await page.locator('[data-testid^="cell-"][data-testid$="-SAKIP"]').evaluateAll((cells) =>
    cells.map((cell) => cell.dataset.testid.slice('cell-'.length, -'-SAKIP'.length)),
  );
  assert.deepEqual(shown, missingUnits.slice(3));
  await tabTo(page, 'assess-show-all');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/penilaian\?periode=2024-q1&populasi=kabkota$/);
  await page.locator(`[data-testid="cell-${missingUnits[0]}-SAKIP"]`).waitFor();
  assert.equal(await page.locator('[data-testid^="cell-"][data-testid$="-SAKIP"]').count(), units);
  assert.deepEqual(problems, []);
  await context.close();

  // The administrator's home adds up the same entries per owner and in total.
  const admin = await signInByKeyboard('admin.demo');
  await admin.page.getByTestId('home-admin-owners').waitFor();
  let missing = 0;
  let unverified = 0;
  for (const population of ['opd', 'uobk', 'kabkota']) {
    const { status, body } = await api(admin.page, `/api/v1/periods/${OPEN}/entries?population=${population}`);
    if (status !== 200) continue;
    const rubric = typeof body.rubric === 'string' ? JSON.parse(body.rubric) : body.rubric;
    const codes = rubric.indicators.map((indicator) => indicator.code);
    for (const code of codes) {
      for (const unit of body.units) {
        const entry = body.entries.find((e) => e.unit === unit.code && e.indicator === code && e.value !== null);
        if (!entry) missing += 1;
        else if (entry.status !== 'verified' && entry.status !== 'disputed') unverified += 1;
      }
    }
  }
  assert.equal(await admin.page.getByTestId('home-total-missing').innerText(), String(missing));
  assert.equal(await admin.page.getByTestId('home-total-unverified').innerText(), String(unverified));
  assert.ok(unverified >= 3);
  assert.deepEqual(admin.problems, []);
  await admin.context.close();
});

test('a viewer and a visitor keep the province dashboard', async () => {
  for (const username of ['viewer.demo', null]) {
    const context = await demo.browser.newContext({ viewport: { width: 390, height: 900 } });
    if (username) {
      const answer = await context.request.post(`${demo.server.url}/api/v1/auth/login`, {
        data: { username, password: DEMO_PASSWORD },
      });
      assert.equal(answer.status(), 200);
    }
    const page = await context.newPage();
    await page.goto(`${demo.server.url}/`);
    await page.getByTestId('page-title').waitFor();
    assert.equal(await page.getByTestId('page-title').innerText(), 'Selamat datang di Sibekisar');
    assert.equal(await page.locator('[data-testid^="home-unit"], [data-testid^="home-owner"], [data-testid^="home-admin"]').count(), 0);
    await context.close();
  }
});

test('once the next period is published, Unit saya compares it with the previous one and shows the path to the next grade', async () => {
  // The administrator closes and publishes the open period (through the API, as the admin pages do).
  const admin = await openPage(demo.browser, `${demo.server.url}/`);
  const statuses = await admin.page.evaluate(async (period) => {
    const login = await fetch('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin.demo', password: 'cettar-demo-2023' }),
    });
    const { csrf_token: csrf } = await login.json();
    const results = [];
    for (const state of ['closed', 'published']) {
      const answer = await fetch(`/api/v1/periods/${period}/state`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
        body: JSON.stringify({ state }),
      });
      results.push(`${state} ${answer.status} ${answer.ok ? '' : await answer.text()}`.trim());
    }
    return results;
  }, OPEN);
  assert.deepEqual(statuses, ['closed 200', 'published 200']);
  await admin.context.close();

  const context = await demo.browser.newContext({ viewport: { width: 390, height: 900 } });
  const login = await context.request.post(`${demo.server.url}/api/v1/auth/login`, {
    data: { username: 'unit.demo', password: DEMO_PASSWORD },
  });
  assert.equal(login.status(), 200);
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  await page.goto(`${demo.server.url}/`);
  await page.getByTestId('home-unit-figures').waitFor();
  const { body: now } = await api(page, `/api/v1/periods/${OPEN}/units/${UNIT}`);
  const { body: before } = await api(page, `/api/v1/periods/${PUBLISHED}/units/${UNIT}`);
  assert.match(await page.getByTestId('home-unit-period').innerText(), /Triwulan I 2024/);
  assert.equal(Number(decimal(await page.getByTestId('home-unit-total').innerText())), Number(now.result.total));
  assert.match(await page.getByTestId('home-unit-rank').innerText(), new RegExp(`^${now.result.rank} dari 38`));

  // The change since 2023: total, grade and rank, each "before → now".
  const change = await page.getByTestId('home-unit-change').innerText();
  const comma = (number) => number.toFixed(2).replace('.', ',');
  const difference = Math.round(Number(now.result.total) * 100) - Math.round(Number(before.result.total) * 100);
  const signed = `${difference > 0 ? '+' : difference < 0 ? '−' : ''}${comma(Math.abs(difference) / 100)}`;
  assert.ok(change.includes(`Nilai total: ${comma(Number(before.result.total))} → ${comma(Number(now.result.total))} (${signed})`), change);
  assert.ok(change.includes(`Predikat: ${before.result.grade} → ${now.result.grade}`), change);
  assert.ok(change.includes(`Peringkat: ${before.result.rank} → ${now.result.rank}`), change);
  assert.match(await page.locator('main').innerText(), /Dibandingkan dengan Tahunan 2023/);

  // Below A, the goal-seek's path to the next grade names at least one indicator.
  assert.notEqual(now.result.grade, 'A', 'the mostly empty 2024 period is below A');
  const next = { B: 'A', C: 'B', D: 'C', E: 'D' }[now.result.grade];
  assert.match(await page.locator('#home-unit-path-heading').innerText(), new RegExp(`${next}$`));
  assert.ok((await page.getByTestId('home-unit-path').locator('li').count()) >= 1);
  assert.match(await page.getByTestId('home-unit-simulate').getAttribute('href'), new RegExp(`periode=${OPEN}.*unit=${UNIT}`));

  // In English the whole home switches, figures included.
  await page.getByTestId('lang-switch').click();
  await page.getByText('Compared with Tahunan 2023').waitFor();
  assert.match(await page.getByTestId('page-title').innerText(), /^My unit: Kabupaten Banyuwangi/);
  assert.ok((await page.getByTestId('home-unit-change').innerText()).includes(`Total score: ${Number(before.result.total).toFixed(2)} →`));
  assert.deepEqual(problems, []);
  await context.close();
});
