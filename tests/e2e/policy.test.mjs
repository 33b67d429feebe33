// Journey (issue 8, Sistem Kerja): Banyuwangi's administrator records its guideline regulation
// and its socialization with evidence (a link and a file), adds an action that is already overdue and fills the Van
// Meter & Van Horn assessment, all of it in the checklist's history; the provincial roll-up moves accordingly and lists Banyuwangi among
// the stalled governments for its overdue action; the stall threshold is set on the page.
// Another government's administrator can read Banyuwangi's checklist but not change it: no edit
// controls on the page, and 403 from the API. The assessment is a period (`2024-sistem-kerja`):
// once the administrator publishes it, its ranking is on "Peringkat" and "Simulasi" rescores it;
// the province population the monitor adds never makes the dashboard or the admin pages fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, serverAndBrowser, signIn as signInAs } from './support.mjs';

const demo = serverAndBrowser();

/** A state-changing API call from the signed-in page, with the session's CSRF token. */
async function apiWrite(page, method, path, body) {
  return page.evaluate(async ({ method, path, body }) => {
    const me = await (await fetch('/api/v1/auth/me')).json();
    const response = await fetch(path, {
      method,
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token ?? '' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }, { method, path, body });
}

const signIn = (username, password, next) => signInAs(demo, username, next, password);

async function share(page, stage) {
  const item = page.getByTestId(`stage-share-${stage}`);
  await item.waitFor();
  return item.innerText();
}

/** Waits until `testId` reads `text` (a save is confirmed by what the reloaded checklist shows). */
async function shows(page, testId, text) {
  await page.waitForFunction(
    ({ testId, text }) => {
      const content = document.querySelector(`[data-testid="${testId}"]`)?.textContent ?? '';
      return content === text;
    },
    { testId, text },
  );
}

test('a government records its stages and actions, and the provincial roll-up follows', async () => {
  const { page, context, problems } = await signIn('unit.demo', 'cettar-demo-2023', '/sistem-kerja');
  assert.match(await page.getByTestId('page-title').innerText(), /Sistem Kerja/);
  await page.getByTestId('policy-demo').waitFor();
  assert.match(await page.getByTestId('policy-demo').innerText(), /Data contoh/);
  assert.match(await share(page, 'PEDOMAN'), /^28,2% selesai berurutan · [\d,]+% dalam proses — 11 dari 39 pemerintah daerah: /, 'the demo state: 11 of 39 have a guideline');
  assert.match(await share(page, 'SOSIALISASI'), /^15,4% selesai berurutan · [\d,]+% dalam proses — 6 dari 39 pemerintah daerah: /);
  assert.match(await page.getByTestId('matrix-kabupaten-banyuwangi').innerText(), /○ belum/);
  assert.equal(await page.getByTestId('overdue-kabupaten-banyuwangi').count(), 0);

  await page.getByTestId('matrix-kabupaten-banyuwangi').getByRole('link').click();
  await page.waitForURL(`${demo.server.url}/sistem-kerja/kabupaten-banyuwangi`);
  await page.getByTestId('policy-edit').waitFor();
  // The guideline regulation, with its number and date.
  await page.getByTestId('stage-form-stage').selectOption('PEDOMAN');
  await page.getByTestId('stage-form-status').selectOption('selesai');
  await page.getByTestId('stage-form-date').fill('2024-03-25');
  await page.getByTestId('stage-form-reference').fill('Perbup Banyuwangi 9/2024');
  await page.getByTestId('stage-form-url').fill('https://jdih.example.go.id/perbup-9-2024.pdf');
  await page.getByTestId('stage-form-submit').click();
  await shows(page, 'stage-status-PEDOMAN', '● selesai');
  await shows(page, 'policy-message', 'Tersimpan.');
  assert.match(await page.getByTestId('stage-PEDOMAN').innerText(), /Perbup Banyuwangi 9\/2024/);

  // Socialization, with evidence.
  await page.getByTestId('stage-form-stage').selectOption('SOSIALISASI');
  await page.getByTestId('stage-form-status').selectOption('selesai');
  await page.getByTestId('stage-form-date').fill('2024-04-10');
  await page.getByTestId('stage-form-reference').fill('');
  await page.getByTestId('stage-form-note').fill('Rapat sosialisasi dengan seluruh perangkat daerah');
  await page.getByTestId('stage-form-url').fill('https://example.go.id/notula-sosialisasi.pdf');
  // A file larger than 10 MB is refused in the browser, before anything is sent.
  const tooLarge = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(10 * 1024 * 1024, 0x20)]);
  await page.getByTestId('stage-form-file').setInputFiles({ name: 'besar.pdf', mimeType: 'application/pdf', buffer: tooLarge });
  await page.getByTestId('stage-form-submit').click();
  await shows(page, 'policy-message', 'Berkas lebih besar dari 10 MB; pilih berkas yang lebih kecil.');
  assert.equal(await page.getByTestId('stage-status-SOSIALISASI').innerText(), '○ belum', 'nothing was saved');
  // The minutes of the socialization as a file, next to the link.
  const minutes = Buffer.from('%PDF-1.4\n% Notula sosialisasi sistem kerja\n%%EOF\n');
  await page.getByTestId('stage-form-file').setInputFiles({ name: 'notula-sosialisasi.pdf', mimeType: 'application/pdf', buffer: minutes });
  await page.getByTestId('stage-form-submit').click();
  await shows(page, 'stage-status-SOSIALISASI', '● selesai');
  const evidence = page.getByTestId('stage-SOSIALISASI').getByRole('link');
  assert.equal(await evidence.first().getAttribute('href'), 'https://example.go.id/notula-sosialisasi.pdf');
  const file = page.getByTestId('stage-SOSIALISASI').getByTestId('stage-file');
  await file.waitFor();
  assert.equal(await file.innerText(), 'notula-sosialisasi.pdf');
  const downloaded = await page.evaluate(async (href) => {
    const response = await fetch(href);
    return { status: response.status, text: await response.text() };
  }, await file.getAttribute('href'));
  assert.equal(downloaded.status, 200);
  assert.equal(downloaded.text, minutes.toString());

  // A refused stage change shows the server's Indonesian message and changes nothing.
  await page.getByTestId('stage-form-stage').selectOption('JUKNIS');
  await page.getByTestId('stage-form-status').selectOption('selesai');
  await page.getByTestId('stage-form-date').fill('');
  await page.getByTestId('stage-form-submit').click();
  await page.waitForFunction(() => /diberi tanggal/.test(document.querySelector('[data-testid="policy-message"]')?.textContent ?? ''));
  assert.equal(await page.getByTestId('stage-status-JUKNIS').innerText(), '○ belum');

  // An action whose due date has passed is overdue ("terlambat", computed by the server).
  await page.getByTestId('action-form-title').fill('Menyusun petunjuk teknis pola kerja tim');
  // The owner is chosen from the actor roles (a name is needed only for "Lainnya").
  await page.getByTestId('action-form-role').selectOption('bagian_organisasi');
  await page.getByTestId('action-form-stage').selectOption('JUKNIS');
  await page.getByTestId('action-form-due').fill('2024-06-30');
  await page.getByTestId('action-form-status').selectOption('berjalan');
  await page.getByTestId('action-form-submit').click();
  await page.getByTestId('action-row').waitFor();
  assert.match(await page.getByTestId('action-row').innerText(), /Menyusun petunjuk teknis pola kerja tim\s+Tahap: .+\s+Bagian Organisasi\s+2024-06-30\s+⚠ terlambat/);

  // The Van Meter & Van Horn assessment: every indicator "berkembang" (70 points) → 70,00, B.
  const selects = page.locator('[data-testid^="vmvh-"]:not([data-testid="vmvh-submit"])');
  const count = await selects.count();
  assert.equal(count, 13, 'thirteen indicators over the six variables');
  for (let index = 0; index < count; index += 1) await selects.nth(index).selectOption('berkembang');
  await page.getByTestId('vmvh-submit').click();
  await page.waitForFunction(() => /70,00 — B/.test(document.querySelector('[data-testid="policy-score"]')?.textContent ?? ''));

  // The checklist's history holds everything in one place, newest first: the thirteen
  // assessment values (from the period's entry audit), the action and the stages.
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-testid="history-row"]')].filter((row) => /VMVH · /.test(row.textContent)).length === 13,
  );
  const history = await page.getByTestId('history-row').allInnerTexts();
  assert.match(history[0], /unit\.demo\s+VMVH · .+\s+— → berkembang/);
  assert.ok(history.some((row) => /Aksi: Menyusun petunjuk teknis pola kerja tim\s+— → berjalan/.test(row)), history.join('\n'));
  assert.ok(
    history.some((row) => /Regulasi pedoman sistem kerja ditetapkan\s+— → ● selesai \(2024-03-25, Perbup Banyuwangi 9\/2024\)/.test(row)),
    history.join('\n'),
  );
  assert.equal(history.length, 13 + 1 + 2, 'two stages, one action, thirteen values; the refused change is not there');

  // Back on the roll-up: one more government with a guideline and a socialization.
  await page.goto(`${demo.server.url}/sistem-kerja`);
  assert.match(await share(page, 'PEDOMAN'), /^30,8% selesai berurutan · [\d,]+% dalam proses — 12 dari 39 pemerintah daerah: /);
  assert.match(await share(page, 'SOSIALISASI'), /^17,9% selesai berurutan · [\d,]+% dalam proses — 7 dari 39 pemerintah daerah: /);
  const row = await page.getByTestId('matrix-kabupaten-banyuwangi').innerText();
  assert.match(row, /● selesai\s+● selesai\s+○ belum/);
  assert.match(row, /\bB\b/, 'the assessment grade is in the matrix');
  assert.match(await page.getByTestId('overdue-kabupaten-banyuwangi').innerText(), /Menyusun petunjuk teknis.*⚠ \d+ hari terlambat/s);
  // It just made progress, but its overdue action puts it among the stalled governments.
  assert.equal(
    await page.getByTestId('stalled-kabupaten-banyuwangi').innerText(),
    'Kabupaten Banyuwangi — ⚠ 1 rencana aksi terlambat',
  );
  // The threshold of "stalled" is set on the page: Kota Madiun (demo: 75 days without change)
  // is stalled after 60 days, not after 100; Kota Batu (120 days) after both.
  assert.match(await page.getByTestId('stalled-kota-madiun').innerText(), /75 hari tanpa perubahan/);
  await page.getByTestId('policy-stall-days').fill('100');
  await page.getByTestId('policy-stall-days').press('Tab');
  await page.waitForFunction(() => document.querySelector('[data-testid="policy-xlsx"]')?.getAttribute('href')?.endsWith('=100'));
  assert.equal(await page.getByTestId('stalled-kota-madiun').count(), 0);
  assert.match(await page.getByTestId('stalled-kota-batu').innerText(), /120 hari tanpa perubahan/);
  await page.getByTestId('policy-stall-days').fill('60');
  await page.getByTestId('policy-stall-days').press('Tab');
  await page.getByTestId('stalled-kota-madiun').waitFor();
  const download = await page.getByTestId('policy-xlsx').getAttribute('href');
  assert.equal(download, '/api/v1/policy/rollup.xlsx?stall_days=60');
  const xlsx = await page.evaluate(async (url) => {
    const response = await fetch(url);
    return { status: response.status, type: response.headers.get('content-type'), size: (await response.arrayBuffer()).byteLength };
  }, download);
  assert.equal(xlsx.status, 200);
  assert.match(xlsx.type, /spreadsheetml/);
  assert.ok(xlsx.size > 1000);
  // The one refused save (JUKNIS without a date) is the only failed request the browser saw.
  assert.deepEqual(problems, ['console error: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)']);
  await context.close();
});

test("another government's administrator cannot change Banyuwangi's checklist", async () => {
  // The province's administrator creates an account for Kota Batu's administrator.
  const admin = await signIn('admin.demo', 'cettar-demo-2023', '/sistem-kerja');
  const created = await apiWrite(admin.page, 'POST', '/api/v1/admin/users', {
    username: 'admin.batu',
    display_name: 'Admin Kota Batu',
    role: 'unit_admin',
    scope: { unit_code: 'kota-batu' },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const token = created.body.setup_link.path.split('/').pop();
  await admin.context.close();
  const anonymous = await openPage(demo.browser, `${demo.server.url}/`);
  const setUp = await anonymous.page.evaluate(async (token) => {
    const response = await fetch(`/api/v1/auth/setup/${token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ password: 'kata-sandi-batu-2024' }),
    });
    return response.status;
  }, token);
  assert.equal(setUp, 200);
  await anonymous.context.close();

  const { page, context } = await signIn('admin.batu', 'kata-sandi-batu-2024', '/sistem-kerja/kabupaten-banyuwangi');
  await page.getByTestId('policy-read-only').waitFor();
  assert.equal(await page.getByTestId('policy-edit').count(), 0, 'no edit controls for another government');
  assert.equal(await page.getByTestId('stage-form-submit').count(), 0);
  assert.equal(await page.getByTestId('stage-status-PEDOMAN').innerText(), '● selesai', 'it reads what Banyuwangi recorded');
  const refused = await apiWrite(page, 'PUT', '/api/v1/policy/units/kabupaten-banyuwangi/stages/PEDOMAN', { status: 'belum' });
  assert.equal(refused.status, 403);
  assert.equal(refused.body.error.code, 'forbidden');
  const ownAction = await apiWrite(page, 'POST', '/api/v1/policy/units/kabupaten-banyuwangi/actions', {
    title: 'x', owner: 'y', due_date: '2024-09-30', status: 'rencana',
  });
  assert.equal(ownAction.status, 403);
  // Its own government stays editable.
  await page.goto(`${demo.server.url}/sistem-kerja/kota-batu`);
  await page.getByTestId('policy-edit').waitFor();
  await page.goto(`${demo.server.url}/sistem-kerja/kabupaten-banyuwangi`);
  await page.getByTestId('policy-read-only').waitFor();
  assert.equal(await page.getByTestId('stage-status-PEDOMAN').innerText(), '● selesai', 'unchanged');
  await context.close();
});

test('the published assessment is ranked on Peringkat and rescored in Simulasi; other pages are undisturbed', async () => {
  const admin = await signIn('admin.demo', 'cettar-demo-2023', '/sistem-kerja/kabupaten-banyuwangi');
  await admin.page.getByTestId('policy-period').waitFor();
  assert.match(await admin.page.getByTestId('policy-period').innerText(), /Sistem Kerja 2024 \(terbuka\)/);
  assert.equal(
    await admin.page.getByTestId('policy-ranking-link').getAttribute('href'),
    '/peringkat?periode=2024-sistem-kerja&populasi=kabkota',
  );
  // The period workflow publishes it like any period (closed, then published).
  for (const state of ['closed', 'published']) {
    const changed = await apiWrite(admin.page, 'POST', '/api/v1/periods/2024-sistem-kerja/state', { state });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
  }
  // The admin pages list units only from the populations each period scores: no failed request.
  await admin.page.goto(`${demo.server.url}/admin`);
  await admin.page.getByTestId('admin-user-role').selectOption('unit_admin');
  await admin.page.waitForFunction(() => document.querySelectorAll('[data-testid="admin-user-unit"] option').length > 30);
  assert.deepEqual(admin.problems, []);
  await admin.context.close();

  // The public: the ranking of the Van Meter & Van Horn assessment (demo Surabaya 75,00; Banyuwangi 70,00).
  const { page, context, problems } = await openPage(demo.browser, `${demo.server.url}/peringkat?periode=2024-sistem-kerja&populasi=kabkota`);
  await page.getByTestId('ranking-row').first().waitFor();
  const rows = await page.getByTestId('ranking-row').allInnerTexts();
  assert.equal(rows.length, 38);
  assert.match(rows[0], /Kota Surabaya[\s\S]*75,00[\s\S]*\bB\b/);
  assert.match(rows[1], /Kabupaten Banyuwangi[\s\S]*70,00[\s\S]*\bB\b/);

  // The simulator: raising one indicator of "standards and objectives" from berkembang (70) to
  // mapan (100) raises that variable from 70 to 85 → 20 × 0,85 = 17,00 points instead of 14,00.
  await page.goto(`${demo.server.url}/simulasi?periode=2024-sistem-kerja&populasi=kabkota&unit=kabupaten-banyuwangi`);
  await page.getByTestId('sim-total').waitFor();
  await page.waitForFunction(() => /70,00/.test(document.querySelector('[data-testid="sim-total"]')?.textContent ?? ''));
  const input = page.getByTestId('sim-input-SS_TUJUAN');
  await input.selectOption(await input.locator('option', { hasText: /^mapan/ }).getAttribute('value'));
  await page.waitForFunction(() => /73,00/.test(document.querySelector('[data-testid="sim-total"]')?.textContent ?? ''));

  // The dashboard stays on the CETTAR period and asks for no ranking the period does not have
  // (before the fix: 404s for the `provinsi` population the monitor added).
  await page.goto(`${demo.server.url}/`);
  await page.getByTestId('dashboard').waitFor();
  await page.getByTestId('grade-chart').first().waitFor();
  assert.match(await page.getByTestId('dashboard').innerText(), /Tahunan 2023/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an anonymous visitor of the unpublished roll-up is told so, without a refused request', async () => {
  const { page, context, problems } = await openPage(demo.browser, `${demo.server.url}/sistem-kerja`);
  const refused = [];
  page.on('response', (response) => {
    if (response.status() >= 400) refused.push(`${response.status()} ${response.url()}`);
  });
  await page.reload();
  await page.getByTestId('policy-error').waitFor();
  assert.match(await page.getByTestId('policy-error').innerText(), /belum dipublikasikan/);
  await page.waitForLoadState('networkidle');
  assert.deepEqual(refused, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test("an anonymous visitor of a government's unpublished checklist gets the page's heading and the reason", async () => {
  const { page, context } = await openPage(demo.browser, `${demo.server.url}/sistem-kerja/kabupaten-banyuwangi`);
  await page.getByTestId('policy-error').waitFor();
  const title = page.getByRole('heading', { level: 1 });
  assert.equal(await title.count(), 1);
  assert.equal(await title.getAttribute('data-testid'), 'page-title');
  assert.ok((await title.innerText()).trim().length > 0);
  await context.close();
});
