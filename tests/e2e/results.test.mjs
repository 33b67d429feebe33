// Journeys (issue 7, results): Biro Organisasi follows up a unit on the watch-list (status and a
// dated note, seen again after a reload, read-only for a viewer, invisible to the public); a
// trainer turns on webinar mode (remembered across reloads and pages), walks through how a unit's
// score is built (the numbers are the published ones) and plays in the sandbox (totals and ranks
// recomputed in the browser, nothing sent to the server, "Atur ulang sandbox" restores everything).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, serverAndBrowser, signIn as signInAs } from './support.mjs';

const demo = serverAndBrowser();

const signIn = (username, next) => signInAs(demo, username, next);

/** An API number (`60.2`, JSON) as the Indonesian interface writes it with two decimals (`60,20`). */
const indonesian = (number) => Number(number).toFixed(2).replace('.', ',');

test('the administrator records a mentoring status and a note; a viewer reads them; the public does not see them', async () => {
  const { page, context, problems } = await signIn('admin.demo', '/pendampingan');
  const row = page.locator('[data-testid="watch-row"][data-unit="kabupaten-bangkalan"]');
  await row.waitFor();
  assert.equal(await row.getByTestId('mentoring-status').innerText(), 'Belum ditindaklanjuti');

  // The fall threshold is a visible, settable filter.
  const threshold = page.getByTestId('fall-points');
  assert.equal(await threshold.inputValue(), '5');
  await threshold.fill('12');
  assert.equal(await threshold.inputValue(), '12');

  // Keyboard: the row's "Tindak lanjuti" button chooses the unit and moves focus to the status.
  await row.getByRole('button', { name: 'Tindak lanjuti' }).focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'mentoring-status');
  assert.equal(await page.locator('#mentoring-unit').inputValue(), 'kabupaten-bangkalan');

  // An empty change is refused with a reason, and nothing is stored.
  await page.getByRole('button', { name: 'Simpan' }).click();
  await page.getByTestId('mentoring-message').getByText('Pilih perangkat daerah').waitFor();

  await page.locator('#mentoring-status').selectOption('dijadwalkan');
  await page.locator('#mentoring-note').fill('Kunjungan pendampingan SAKIP dijadwalkan 12 Maret.');
  await page.getByRole('button', { name: 'Simpan' }).click();
  await page.getByTestId('mentoring-message').getByText('Tersimpan.').waitFor();
  assert.equal(await row.getByTestId('mentoring-status').innerText(), 'Dijadwalkan');

  // A second change: the status alone; the history keeps both, newest first.
  await page.locator('#mentoring-status').selectOption('sedang_didampingi');
  await page.getByRole('button', { name: 'Simpan' }).click();
  await page.getByTestId('mentoring-message').getByText('Tersimpan.').waitFor();
  assert.equal(await page.getByTestId('mentoring-event').count(), 2);

  await page.reload();
  await row.waitFor();
  await row.getByTestId('mentoring-status').getByText('Sedang didampingi').waitFor();
  const note = await row.getByTestId('mentoring-note').innerText();
  assert.match(note, /^Kunjungan pendampingan SAKIP dijadwalkan 12 Maret\. — .+, \d\d-\d\d-\d{4} \d\d\.\d\d UTC$/);
  const stored = await page.evaluate(async () => (await fetch('/api/v1/periods/2023-annual/mentoring')).json());
  assert.equal(stored.units.length, 1, 'the refused empty change stored nothing');
  assert.equal(stored.units[0].events.length, 2);
  assert.deepEqual(problems, []);
  await context.close();

  const viewer = await signIn('viewer.demo', '/pendampingan');
  const viewerRow = viewer.page.locator('[data-testid="watch-row"][data-unit="kabupaten-bangkalan"]');
  await viewerRow.getByTestId('mentoring-status').getByText('Sedang didampingi').waitFor();
  assert.equal(await viewerRow.getByTestId('mentoring-note').innerText(), note);
  assert.equal(await viewer.page.getByTestId('mentoring-form').count(), 0, 'no form for a viewer');
  assert.equal(await viewerRow.getByRole('button').count(), 0);
  assert.match(await viewer.page.getByTestId('mentoring-access').innerText(), /hanya dapat dibaca/);
  assert.deepEqual(viewer.problems, []);
  const refused = await viewer.page.evaluate(async () => {
    const me = await (await fetch('/api/v1/auth/me')).json();
    const response = await fetch('/api/v1/periods/2023-annual/mentoring/kabupaten-bangkalan', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
      body: JSON.stringify({ status: 'selesai' }),
    });
    return response.status;
  });
  assert.equal(refused, 403);
  await viewer.context.close();

  const anonymous = await openPage(demo.browser, `${demo.server.url}/pendampingan`);
  const anonymousRow = anonymous.page.locator('[data-testid="watch-row"][data-unit="kabupaten-bangkalan"]');
  await anonymousRow.waitFor();
  await anonymous.page.getByTestId('mentoring-access').getByText('Masuk untuk melihatnya').waitFor();
  assert.equal(await anonymous.page.getByTestId('mentoring-status').count(), 0);
  assert.doesNotMatch(await anonymous.page.locator('main').innerText(), /Kunjungan pendampingan/);
  const status = await anonymous.page.evaluate(async () => (await fetch('/api/v1/periods/2023-annual/mentoring')).status);
  assert.equal(status, 401);
  await anonymous.context.close();
});

test('a signed-in administrator sees the dashboard of the newest published period, not of the open one', async () => {
  // Signed in, the period list also holds the open period 2024-q1; its results are not public, so
  // the dashboard (which asks for public indicator averages) must stay on Tahunan 2023.
  const { page, context, problems } = await signIn('admin.demo', '/');
  await page.getByTestId('dashboard').waitFor();
  await page.getByTestId('lowest-indicator').first().waitFor();
  const text = await page.getByTestId('dashboard').innerText();
  assert.match(text, /Tahunan 2023/);
  assert.doesNotMatch(text, /Triwulan I 2024/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('on a phone-wide screen no page scrolls sideways; wide tables and the grid scroll in their own box', async () => {
  const { page, context, problems } = await signIn('admin.demo', '/');
  await page.setViewportSize({ width: 390, height: 844 });
  for (const route of ['/', '/penilaian', '/peringkat', '/pendampingan', '/webinar', '/simulasi', '/cara-penilaian', '/admin']) {
    await page.goto(`${demo.server.url}${route}`);
    await page.locator('main h1').first().waitFor();
    await page.waitForLoadState('networkidle');
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth }));
    assert.ok(scrollWidth <= innerWidth, `${route} is ${scrollWidth} px wide on a ${innerWidth} px screen`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('webinar mode switches large type and high contrast on every page and survives a reload', async () => {
  const { page, context, problems } = await openPage(demo.browser, `${demo.server.url}/`);
  const toggle = page.getByTestId('webinar-toggle');
  await toggle.waitFor();
  const fontSize = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const before = await fontSize();
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('webinar-mode')), false);
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('webinar-mode')), true);
  assert.ok((await fontSize()) > before, 'the type is larger');

  await page.reload();
  await page.getByTestId('webinar-toggle').waitFor();
  await page.waitForFunction(() => document.documentElement.classList.contains('webinar-mode'));
  await page.getByTestId('nav-peringkat').click();
  await page.getByTestId('ranking-row').first().waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('webinar-mode')), true);
  await page.getByTestId('webinar-toggle').click();
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('webinar-mode')), false);
  await page.reload();
  await page.getByTestId('ranking-row').first().waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('webinar-mode')), false);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the walk-through builds a unit score step by step to the published total', async () => {
  const { page, context, problems } = await openPage(demo.browser, `${demo.server.url}/webinar`);
  await page.getByTestId('webinar-population').selectOption('kabkota');
  await page.getByTestId('walk-unit').locator('option', { hasText: 'Kabupaten Pacitan' }).waitFor({ state: 'attached' });
  const pacitan = await page.getByTestId('walk-unit').locator('option', { hasText: 'Kabupaten Pacitan' }).getAttribute('value');
  await page.getByTestId('walk-unit').selectOption(pacitan);
  const official = await page.evaluate(async () => (await fetch('/api/v1/periods/2023-annual/units/kabupaten-pacitan')).json());

  assert.equal(await page.getByTestId('walk-position').innerText(), 'Langkah 1 dari 9');
  await page.getByTestId('walk').focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getByTestId('walk-position').innerText(), 'Langkah 2 dari 9');
  assert.ok((await page.getByTestId('walk-indicator').count()) > 0, 'the first spirit lists its indicators');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.getByTestId('walk-position').innerText(), 'Langkah 1 dari 9');
  for (let step = 2; step <= 8; step += 1) await page.keyboard.press('ArrowRight');
  // Step 8: each spirit's rounded contribution, equal to the published ones.
  const contributions = await page.getByTestId('walk-contribution').allInnerTexts();
  assert.deepEqual(contributions, official.result.explanation.spirits.map((spirit) => indonesian(spirit.contribution)));
  await page.getByTestId('walk-next').click();
  assert.equal(await page.getByTestId('walk-position').innerText(), 'Langkah 9 dari 9');
  assert.equal(await page.getByTestId('walk-total').innerText(), indonesian(official.result.total));
  assert.equal(await page.getByTestId('walk-grade').innerText(), official.result.grade);
  assert.match(await page.getByTestId('walk-official').innerText(), /sama persis$/);
  assert.equal(await page.getByTestId('walk-next').isDisabled(), true);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the sandbox recomputes totals and ranks in the browser, sends nothing, and resets to the official data', async () => {
  const { page, context, problems } = await openPage(demo.browser, `${demo.server.url}/webinar`);
  const writes = [];
  const unitReads = [];
  page.on('request', (request) => {
    if (request.method() !== 'GET') writes.push(`${request.method()} ${request.url()}`);
    else if (/\/api\/v1\/periods\/[^/]+\/(units\/|values)/.test(request.url())) unitReads.push(request.url());
  });
  await page.getByTestId('webinar-population').selectOption('kabkota');
  await page.getByTestId('sandbox-label').getByText('Sandbox — tidak mengubah data resmi').waitFor();
  const row = page.locator('[data-testid="sandbox-row"][data-unit="kabupaten-bangkalan"]');
  await row.waitFor();
  // Before any change the engine in the browser reproduces every official total.
  const rows = await page.getByTestId('sandbox-row').evaluateAll((lines) => lines.map((line) => [
    line.querySelector('[data-testid="sandbox-official"]').textContent,
    line.querySelector('[data-testid="sandbox-total"]').textContent,
  ]));
  assert.equal(rows.length, 38);
  for (const [official, sandbox] of rows) assert.equal(sandbox, official);
  assert.equal(await row.getByTestId('sandbox-rank').innerText(), '38');
  assert.equal(await row.getByTestId('sandbox-total').innerText(), '60,20');
  // The 38 units' values came in one request per population shown, not one per unit (the first
  // population's request and the chosen one's may leave in either order).
  assert.deepEqual(unitReads.map((url) => new URL(url).pathname + ' ' + new URL(url).searchParams.get('population')).sort(),
    ['/api/v1/periods/2023-annual/values kabkota', '/api/v1/periods/2023-annual/values opd']);

  const bangkalan = await page.getByTestId('sandbox-unit').locator('option', { hasText: 'Kabupaten Bangkalan' }).getAttribute('value');
  await page.getByTestId('sandbox-unit').selectOption(bangkalan);
  // Every 0–100 indicator of Bangkalan to 100.
  const fields = page.locator('[data-testid^="sandbox-input-"][title="0–100"]');
  const count = await fields.count();
  assert.ok(count > 5);
  for (let index = 0; index < count; index += 1) {
    await fields.nth(index).fill('100');
    await fields.nth(index).press('Tab');
  }
  const raisedTotal = await row.getByTestId('sandbox-total').innerText();
  assert.ok(Number(raisedTotal.replace(',', '.')) > 80, `raised total ${raisedTotal}`);
  assert.ok(Number(await row.getByTestId('sandbox-rank').innerText()) < 38);
  assert.equal(await row.getByTestId('sandbox-official').innerText(), '60,20');
  assert.match(await page.getByTestId('sandbox-changed').innerText(), /1$/);

  // A value the rule refuses is explained and changes nothing.
  const first = fields.first();
  await first.fill('150');
  await first.press('Tab');
  await page.getByRole('alert').getByText('Di luar rentang').waitFor();
  assert.equal(await row.getByTestId('sandbox-total').innerText(), raisedTotal);

  // The changes are kept in this browser across a reload; the server still has the official total.
  await page.reload();
  await row.getByTestId('sandbox-total').getByText(raisedTotal).waitFor();
  const api = await page.evaluate(async () => (await fetch('/api/v1/periods/2023-annual/units/kabupaten-bangkalan')).json());
  assert.equal(indonesian(api.result.total), '60,20');

  await page.getByTestId('sandbox-reset').click();
  assert.equal(await row.getByTestId('sandbox-total').innerText(), '60,20');
  assert.equal(await row.getByTestId('sandbox-rank').innerText(), '38');
  assert.match(await page.getByTestId('sandbox-changed').innerText(), /0$/);
  await page.reload();
  await page.getByTestId('webinar-population').selectOption('kabkota');
  await row.waitFor();
  assert.equal(await row.getByTestId('sandbox-total').innerText(), '60,20');
  assert.equal(await page.evaluate(() => localStorage.getItem('sibekisar.webinar.sandbox.v1')), null);

  assert.deepEqual(writes, [], 'the sandbox never sends a write');
  assert.deepEqual(problems, []);
  await context.close();
});
