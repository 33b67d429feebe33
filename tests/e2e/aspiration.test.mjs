// Journey (issue 23, the citizens' aspiration service): Biro Organisasi binds the unit's
// "service-standard compliance" indicator of the current quarter to the response rate; a citizen
// (no account) writes to Kabupaten Banyuwangi from its unit page, gets a receipt code and follows
// it; a repeated message and an empty one are refused next to their field; the unit's admin
// answers in the inbox; the administrator publishes it; the citizen sees the answer and the
// response time, the unit page lists it; the grid shows the bound indicator as computed; once the
// period is closed and published, the unit page shows the computed value and the official total.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, openPage, serverAndBrowser, signIn as signInAs } from './support.mjs';

const demo = serverAndBrowser();
const signIn = (username, next) => signInAs(demo, username, next);

const UNIT = 'kabupaten-banyuwangi';
const INDICATOR = 'KEPATUHAN_STANDAR_PELAYANAN';
const TEXT = 'Mohon loket layanan KTP elektronik dibuka sampai sore pada hari kerja.';
const ANSWER = 'Mulai bulan depan loket KTP elektronik buka sampai pukul 16.00 WIB.';

/** The quarter the server's clock is in, in WIB (the service's calendar). */
function currentQuarter() {
  const wib = new Date(Date.now() + 7 * 3600 * 1000);
  const quarter = Math.floor(wib.getUTCMonth() / 3) + 1;
  return { year: wib.getUTCFullYear(), kind: `q${quarter}`, id: `${wib.getUTCFullYear()}-q${quarter}` };
}
const PERIOD = currentQuarter();

/** A signed-in API context of the administrator, for the set-up and the period's steps. */
async function adminApi() {
  const context = await demo.browser.newContext();
  const login = await context.request.post(`${demo.server.url}/api/v1/auth/login`, {
    data: { username: 'admin.demo', password: DEMO_PASSWORD },
  });
  assert.equal(login.status(), 200, await login.text());
  const { csrf_token: csrf } = await login.json();
  const call = async (method, path, data) => {
    const answer = await context.request.fetch(`${demo.server.url}/api/v1${path}`, {
      method,
      data,
      headers: { 'X-CSRF-Token': csrf },
    });
    assert.ok(answer.ok(), `${method} ${path}: ${answer.status()} ${await answer.text()}`);
    return answer.status() === 204 ? null : answer.json();
  };
  return { context, call };
}

/** An API number (`75`, JSON) as the Indonesian interface writes it with two decimals. */
const indonesian = (number) => Number(number).toFixed(2).replace('.', ',');

describe('citizens voice: submit, follow, answer, publish, computed value', () => {
  let receipt = '';

  test('the administrator opens the quarter and binds an indicator to the response rate', async () => {
    const api = await adminApi();
    await api.call('POST', '/periods', { year: PERIOD.year, kind: PERIOD.kind, bindings: { kabkota: 'cettar-2023-kabkota' } });
    await api.call('POST', `/periods/${PERIOD.id}/state`, { state: 'open' });
    await api.context.close();

    const { page, context, problems } = await signIn('admin.demo', '/admin/aspirasi');
    await page.getByTestId('admin-asp-bindings').waitFor();
    await page.locator('#asp-bind-period').selectOption(PERIOD.id);
    await page.locator('#asp-bind-population').selectOption('kabkota');
    await page.locator(`#asp-bind-indicator option[value="${INDICATOR}"]`).waitFor({ state: 'attached' });
    await page.locator('#asp-bind-indicator').selectOption(INDICATOR);
    await page.locator('#asp-bind-measure').selectOption('tingkat_tanggapan');
    await page.locator('#asp-bind-days').fill('5');
    await page.getByTestId('admin-asp-bind').click();
    await page.getByTestId('admin-success').getByText('Indikator diikat').waitFor();
    await page.getByTestId('admin-asp-binding').filter({ hasText: INDICATOR }).waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a citizen writes to the unit from its page, is refused next to the field, and follows by receipt code', async () => {
    const { page, context, problems } = await openPage(demo.browser, `${demo.server.url}/unit/${UNIT}`);
    await page.getByTestId('unit-aspirations').waitFor();
    await page.getByTestId('unit-asp-form-open').click();
    const form = page.getByTestId('asp-form');
    await form.waitFor();
    await page.locator(`#asp-unit option[value="${UNIT}"]`).waitFor({ state: 'attached' });
    assert.equal(await page.locator('#asp-unit').inputValue(), UNIT, 'the unit page preselects its unit');

    // Nothing typed: refused in the page, each message next to its field, focus on the first.
    await page.getByTestId('asp-send').click();
    await page.getByTestId('asp-error-category').getByText('Pilih kategori.').waitFor();
    assert.equal(await page.getByTestId('asp-error-text').innerText(), 'Isi aspirasi tidak boleh kosong.');
    assert.equal(await page.locator('#asp-text').getAttribute('aria-invalid'), 'true');

    // The counter follows the text; the contact is said to be private.
    await page.getByTestId('asp-category-pelayanan').check();
    await page.getByTestId('asp-text').fill(TEXT);
    assert.equal(await page.getByTestId('asp-counter').innerText(), `${TEXT.length} dari 2.000 karakter`);
    await page.getByText('Dirahasiakan').waitFor();
    await page.getByTestId('asp-contact').fill('warga.banyuwangi@example.id');
    await page.getByTestId('asp-send').click();
    await page.getByTestId('asp-receipt').waitFor();
    receipt = (await page.getByTestId('asp-receipt-code').innerText()).trim();
    assert.match(receipt, /^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/);

    // The same text again is refused by the server, shown next to the text, and stores nothing.
    await page.getByTestId('asp-another').click();
    await page.getByTestId('asp-category-pelayanan').check();
    await page.getByTestId('asp-text').fill(TEXT);
    await page.getByTestId('asp-send').click();
    const duplicate = page.getByTestId('asp-error-text');
    await duplicate.waitFor();
    assert.ok((await duplicate.innerText()).length > 10, 'the server says why, in Indonesian');
    assert.equal(await page.getByTestId('asp-receipt').count(), 0);

    // Following: the code typed in lower case without the dash opens the same message.
    await page.goto(`${demo.server.url}/aspirasi`);
    await page.getByTestId('asp-follow-code').fill(receipt.toLowerCase().replace('-', ''));
    await page.getByTestId('asp-follow-show').click();
    await page.waitForURL(`${demo.server.url}/aspirasi/${receipt}`);
    await page.getByTestId('asp-follow-view').waitFor();
    assert.equal(await page.getByTestId('asp-follow-status').getAttribute('data-status'), 'menunggu');
    assert.equal(await page.getByTestId('asp-follow-text').innerText(), TEXT);
    await page.getByTestId('asp-follow-no-answer').waitFor();
    assert.equal(await page.getByText('warga.banyuwangi@example.id').count(), 0, 'the contact is never shown publicly');
    // The browser logs the refused duplicate (409) itself; nothing else may go wrong.
    assert.deepEqual(problems.filter((problem) => !problem.includes('status of 409')), []);
    assert.equal(problems.length, 1);
    await context.close();
  });

  test("the unit's admin answers in the inbox and sees the message's contact and history", async () => {
    const { page, context, problems } = await signIn('unit.demo', '/kotak-aspirasi');
    const item = page.locator(`[data-testid="asp-inbox-item"][data-code="${receipt}"]`);
    await item.waitFor();
    assert.equal(await item.getByTestId('asp-inbox-contact').innerText(), 'warga.banyuwangi@example.id');
    assert.equal(await item.getByTestId('asp-publish').count(), 0, 'a unit admin does not moderate');
    // An empty answer is refused next to the field.
    await item.getByTestId('asp-answer-send').click();
    await item.getByTestId('asp-answer-error').getByText('Jawaban tidak boleh kosong.').waitFor();
    await item.getByTestId('asp-answer-text').fill(ANSWER);
    await item.getByTestId('asp-answer-send').click();
    await page.getByTestId('asp-inbox-done').getByText('Jawaban disimpan.').waitFor();
    const answered = page.locator(`[data-testid="asp-inbox-item"][data-code="${receipt}"]`);
    await answered.getByTestId('asp-history').locator('summary').click();
    await answered.locator('[data-event="dijawab"]').waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the administrator publishes it; the citizen sees the answer, the unit page lists it', async () => {
    const { page, context, problems } = await signIn('admin.demo', '/kotak-aspirasi');
    const item = page.locator(`[data-testid="asp-inbox-item"][data-code="${receipt}"]`);
    await item.waitFor();
    await item.getByTestId('asp-publish').click();
    await page.getByTestId('asp-inbox-done').getByText('Aspirasi dipublikasikan.').waitFor();
    await context.close();

    const citizen = await openPage(demo.browser, `${demo.server.url}/aspirasi/${receipt}`);
    await citizen.page.getByTestId('asp-follow-view').waitFor();
    assert.equal(await citizen.page.getByTestId('asp-follow-status').getAttribute('data-status'), 'diterbitkan');
    assert.equal(await citizen.page.getByTestId('asp-follow-answer').innerText(), ANSWER);
    assert.equal(await citizen.page.getByTestId('asp-follow-days').innerText(), '0 hari kerja');

    await citizen.page.goto(`${demo.server.url}/unit/${UNIT}`);
    const listed = citizen.page.locator(`[data-testid="unit-asp-item"][data-code="${receipt}"]`);
    await listed.waitFor();
    assert.equal(await listed.getByTestId('unit-asp-answer').innerText(), ANSWER);
    assert.equal(await citizen.page.getByText('warga.banyuwangi@example.id').count(), 0);
    assert.deepEqual([...problems, ...citizen.problems], []);
    await citizen.context.close();
  });

  test('the grid shows the bound indicator as computed; once published, the unit page shows its value and total', async () => {
    const { page, context, problems } = await signIn('admin.demo', `/penilaian?periode=${PERIOD.id}&populasi=kabkota`);
    const marker = page.getByTestId(`computed-${INDICATOR}`);
    await marker.waitFor();
    assert.equal(await marker.innerText(), 'dihitung dari layanan aspirasi');
    assert.deepEqual(problems, []);
    await context.close();

    const api = await adminApi();
    const measures = await api.call('GET', `/periods/${PERIOD.id}/aspiration-measures?population=kabkota&working_days=5`);
    const mine = measures.units.find((unit) => unit.unit_code === UNIT);
    assert.ok(mine.counted >= 1 && mine.response_rate !== null, JSON.stringify(mine));

    // The administrator sees the same measure in the "Aspirasi" tab before the period closes.
    const admin = await signIn('admin.demo', '/admin/aspirasi');
    await admin.page.locator(`#asp-bind-period option[value="${PERIOD.id}"]`).waitFor({ state: 'attached' });
    await admin.page.locator('#asp-bind-period').selectOption(PERIOD.id);
    await admin.page.getByTestId('admin-asp-measures-show').click();
    const measured = admin.page.locator(`[data-testid="admin-asp-measure"][data-unit="${UNIT}"]`);
    await measured.waitFor();
    assert.equal(await measured.getByTestId('admin-asp-rate').innerText(), indonesian(mine.response_rate));
    assert.deepEqual(admin.problems, []);
    await admin.context.close();
    await api.call('POST', `/periods/${PERIOD.id}/state`, { state: 'closed' });
    await api.call('POST', `/periods/${PERIOD.id}/state`, { state: 'published' });
    const published = await api.call('GET', `/periods/${PERIOD.id}/units/${UNIT}`);
    assert.equal(Number(published.values[INDICATOR].value), Number(mine.response_rate), 'the bound value is the measure');
    await api.context.close();

    const citizen = await openPage(demo.browser, `${demo.server.url}/unit/${UNIT}?periode=${PERIOD.id}`);
    await citizen.page.getByTestId('unit-total').waitFor();
    assert.equal(await citizen.page.getByTestId('unit-total').innerText(), indonesian(published.result.total));
    const row = citizen.page.locator(`[data-testid="unit-indicator"][data-code="${INDICATOR}"]`);
    assert.match(await row.innerText(), new RegExp(indonesian(mine.response_rate).replace(',00', '')));
    await row.getByText('dihitung dari layanan aspirasi').waitFor();
    assert.ok(Number(published.result.total) > 0, 'the computed value enters the official score');

    // The simulator starts from the computed value, labels it, and lets the unit try another.
    await citizen.page.goto(`${demo.server.url}/simulasi?periode=${PERIOD.id}&populasi=kabkota&unit=${UNIT}`);
    await citizen.page.getByTestId(`sim-computed-${INDICATOR}`).waitFor();
    const total = citizen.page.getByTestId('sim-total');
    await total.waitFor();
    assert.equal(await total.innerText(), indonesian(published.result.total));
    const better = Number(mine.response_rate) < 100 ? '100' : '0';
    await citizen.page.getByTestId(`sim-input-${INDICATOR}`).fill(better);
    await citizen.page.waitForFunction(
      ([before]) => document.querySelector('[data-testid="sim-total"]')?.textContent !== before,
      [indonesian(published.result.total)],
    );
    assert.deepEqual(citizen.problems, []);
    await citizen.context.close();
  });
});
