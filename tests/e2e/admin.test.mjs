// Journey: Biro Organisasi administers Sibekisar in the browser. The admin creates an indicator
// owner for SAKIP and hands over the one-time set-up link; the new owner sets a password and can
// edit SAKIP; the admin creates an API token for SAKIP that another agency's system uses (and
// that cannot write OPINI_BPK), then revokes it; the security log shows all of it; a broken
// rubric is refused with every problem and its path; a viewer is refused the admin pages.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, serverAndBrowser, signIn as signInAs } from './support.mjs';

const demo = serverAndBrowser();
let admin;
const shots = process.env.SIBEKISAR_SCREENSHOTS;

after(async () => {
  await admin?.context.close().catch(() => {});
});

const signIn = (username, next) => signInAs(demo, username, next);

async function screenshot(page, name) {
  if (!shots) return;
  await page.screenshot({ path: `${shots}/${name}-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${shots}/${name}-390.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** A write with an API token, as another agency's system would send it. */
async function putWithToken(secret, indicator, value) {
  const url = `${demo.server.url}/api/v1/periods/2024-q1/entries/kabupaten-banyuwangi/${indicator}`;
  const current = await admin.page.evaluate(async (indicator) => {
    const page = await (await fetch('/api/v1/periods/2024-q1/entries?population=kabkota')).json();
    const entry = page.entries.find((e) => e.unit === 'kabupaten-banyuwangi' && e.indicator === indicator);
    return entry ? entry.version : 0;
  }, indicator);
  return fetch(url, {
    method: 'PUT',
    headers: {
      Authorization: `Bearer ${secret}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': `e2e-admin-${indicator}-${Date.now()}-${Math.random()}`,
    },
    body: JSON.stringify({ value: value, base_version: current }),
  });
}

test('the admin creates an owner whose one-time link signs them in with SAKIP editable', async () => {
  admin = await signIn('admin.demo', '/penilaian');
  const { page } = admin;
  await page.getByTestId('nav-admin').click();
  await page.waitForURL(`${demo.server.url}/admin`);
  await page.getByTestId('admin-users').getByText('admin.demo').waitFor();
  await page.getByTestId('admin-user-username').fill('bpkad.sakip');
  await page.getByTestId('admin-user-display-name').fill('BPKAD — SAKIP');
  await page.getByTestId('admin-user-role').selectOption('owner');
  await page.getByTestId('admin-code-SAKIP').check();
  await page.getByTestId('admin-user-submit').click();
  const secret = page.getByTestId('admin-secret');
  await secret.waitFor();
  assert.match(await secret.innerText(), /hanya ditampilkan sekali/);
  const link = await page.getByTestId('admin-secret-value').inputValue();
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/setup\/.+/);
  await page.getByTestId('admin-user-bpkad.sakip').waitFor();
  assert.match(await page.getByTestId('admin-user-bpkad.sakip').innerText(), /SAKIP/);
  await screenshot(page, 'admin-users');
  // Shown once: after reloading the page the link is gone.
  await page.reload();
  await page.getByTestId('admin-user-bpkad.sakip').waitFor();
  assert.equal(await page.getByTestId('admin-secret').count(), 0);

  const owner = await demo.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const ownerPage = await owner.newPage();
  await ownerPage.goto(link);
  await ownerPage.getByTestId('setup-for').waitFor();
  assert.equal(await ownerPage.getByTestId('setup-for').innerText(), 'bpkad.sakip');
  await ownerPage.locator('input[type=password]').nth(0).fill('kata-sandi-baru-2024');
  await ownerPage.locator('input[type=password]').nth(1).fill('kata-sandi-baru-2024');
  await ownerPage.locator('form button[type=submit]').click();
  await ownerPage.waitForURL(`${demo.server.url}/penilaian`);
  assert.equal(await ownerPage.getByTestId('user-name').innerText(), 'BPKAD — SAKIP');
  await ownerPage.getByTestId('assess-grid').waitFor();
  assert.equal(await ownerPage.getByTestId('cell-kabupaten-banyuwangi-SAKIP').getAttribute('readonly'), null);
  assert.equal(await ownerPage.getByTestId('cell-kabupaten-banyuwangi-OPINI_BPK').count(), 0);
  assert.equal(await ownerPage.getByTestId('nav-admin').count(), 0, 'owners get no Admin link');
  await owner.close();
});

test("the province's own unit gets a unit admin, who edits the province's checklist and no other", async () => {
  const { page } = admin;
  await page.getByTestId('admin-tab-pengguna').click();
  await page.getByTestId('admin-user-username').fill('admin.jatim');
  await page.getByTestId('admin-user-display-name').fill('Admin Provinsi Jawa Timur');
  await page.getByTestId('admin-user-role').selectOption('unit_admin');
  // Every active unit, grouped by population: the province's own unit is among them.
  const unit = page.getByTestId('admin-user-unit');
  await unit.locator('optgroup[label="Pemerintah Provinsi"] option[value="provinsi-jawa-timur"]').waitFor({ state: 'attached' });
  assert.ok((await unit.locator('optgroup').count()) >= 3, 'one group per population');
  await unit.selectOption('provinsi-jawa-timur');
  await page.getByTestId('admin-user-submit').click();
  await page.getByTestId('admin-secret').waitFor();
  const link = await page.getByTestId('admin-secret-value').inputValue();
  await page.getByTestId('admin-user-admin.jatim').waitFor();
  assert.match(await page.getByTestId('admin-user-admin.jatim').innerText(), /provinsi-jawa-timur/);

  const province = await demo.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const provincePage = await province.newPage();
  await provincePage.goto(link);
  await provincePage.locator('input[type=password]').nth(0).fill('kata-sandi-jatim-2024');
  await provincePage.locator('input[type=password]').nth(1).fill('kata-sandi-jatim-2024');
  await provincePage.locator('form button[type=submit]').click();
  await provincePage.getByTestId('user-name').waitFor();
  await provincePage.goto(`${demo.server.url}/sistem-kerja/provinsi-jawa-timur`);
  await provincePage.getByTestId('policy-edit').waitFor();
  await provincePage.getByTestId('stage-form-stage').selectOption('JUKNIS');
  await provincePage.getByTestId('stage-form-status').selectOption('selesai');
  await provincePage.getByTestId('stage-form-date').fill('2024-05-02');
  await provincePage.getByTestId('stage-form-submit').click();
  await provincePage.waitForFunction(() => document.querySelector('[data-testid="stage-status-JUKNIS"]')?.textContent === '● selesai');
  await provincePage.goto(`${demo.server.url}/sistem-kerja/kota-batu`);
  await provincePage.getByTestId('policy-read-only').waitFor();
  assert.equal(await provincePage.getByTestId('policy-edit').count(), 0);
  await province.close();
});

test('an API token writes only its indicator and stops working once revoked; the log shows it', async () => {
  const { page } = admin;
  page.on('dialog', (dialog) => dialog.accept());
  await page.getByTestId('admin-tab-token').click();
  await page.waitForURL(`${demo.server.url}/admin/token`);
  await page.getByTestId('admin-token-name').fill('BPKAD — SAKIP');
  await page.getByTestId('admin-code-SAKIP').check();
  await page.getByTestId('admin-token-submit').click();
  await page.getByTestId('admin-secret').waitFor();
  assert.match(await page.getByTestId('admin-secret').innerText(), /hanya ditampilkan sekali/);
  const secret = await page.getByTestId('admin-secret-value').inputValue();
  assert.match(secret, /^sbk_/);
  await screenshot(page, 'admin-tokens');

  const written = await putWithToken(secret, 'SAKIP', 77.5);
  assert.equal(written.status, 200, await written.text());
  const refused = await putWithToken(secret, 'OPINI_BPK', 90);
  assert.equal(refused.status, 403);

  await page.getByTestId('admin-token-revoke').first().click();
  await page.getByTestId('admin-success').waitFor();
  // The list is reloaded from the server after the revocation.
  await page.getByTestId('admin-tokens').getByText(/^Dicabut/).waitFor();
  const afterRevoke = await putWithToken(secret, 'SAKIP', 78);
  assert.equal(afterRevoke.status, 401);

  await page.getByTestId('admin-tab-log').click();
  await page.locator('[data-testid=admin-audit-row][data-event=token_revoked]').first().waitFor();
  const log = await page.getByTestId('admin-audit').innerText();
  for (const words of ['Pengguna dibuat', 'Token API dibuat', 'Token API dicabut', 'bpkad.sakip']) {
    assert.match(log, new RegExp(words), words);
  }
  await screenshot(page, 'admin-log');
});

test('a broken rubric is refused with every problem and its path; periods list their state', async () => {
  const { page, problems } = admin;
  await page.getByTestId('admin-tab-rubrik').click();
  await page.getByTestId('admin-rubric-text').fill(
    JSON.stringify({ schema: 'sibekisar.rubric/v1', id: 'rusak', name: 'Rubrik rusak', year: 2025, population: 'kabkota', spirits: [], indicators: [{ code: 'X' }] }),
  );
  await page.getByTestId('admin-rubric-submit').click();
  const list = page.getByTestId('admin-problems');
  await list.waitFor();
  const text = await list.innerText();
  assert.match(text, /Rubrik ditolak/);
  assert.ok((await list.locator('li code').count()) >= 1, 'problems name their path');
  assert.match(text, /indicators\[0\]/);
  await screenshot(page, 'admin-rubrics');

  await page.getByTestId('admin-tab-periode').click();
  await page.getByTestId('admin-period-2024-q1').waitFor();
  assert.match(await page.getByTestId('admin-period-2024-q1').innerText(), /terbuka/);
  await page.getByTestId('admin-period-2024-q1').getByTestId('admin-period-to-closed').waitFor();
  await screenshot(page, 'admin-periods');
  // A Sistem Kerja period: only the governments' populations, bound to the Van Meter & Van Horn rubric.
  await page.getByTestId('admin-period-kind').selectOption('sistem-kerja');
  await page.getByTestId('admin-period-policy-hint').waitFor();
  assert.equal(await page.getByTestId('admin-period-rubric-opd').count(), 0);
  assert.equal(await page.getByTestId('admin-period-rubric-kabkota').count(), 1);
  await page.getByTestId('admin-period-year').fill('2025');
  await page.getByTestId('admin-period-submit').click();
  await page.getByTestId('admin-success').waitFor();
  assert.match(await page.getByTestId('admin-success').innerText(), /Sistem Kerja 2025 \(2025-sistem-kerja\)/);
  await page.getByTestId('admin-period-2025-sistem-kerja').waitFor();
  assert.match(await page.getByTestId('admin-period-2025-sistem-kerja').innerText(), /draf/i);
  const bound = await page.evaluate(async () => (await (await fetch('/api/v1/periods')).json()).find((p) => p.id === '2025-sistem-kerja'));
  assert.deepEqual(bound.populations, ['kabkota', 'provinsi']);
  // 401/403/422 answers are logged by the browser as failed requests; nothing else may be.
  assert.deepEqual(problems.filter((p) => !/status of (401|403|422)/.test(p)), []);
});

test('a viewer opening /admin is refused and a visitor is sent to Masuk', async () => {
  const viewer = await signIn('viewer.demo', '/admin');
  await viewer.page.getByTestId('admin-forbidden').waitFor();
  assert.match(await viewer.page.getByTestId('page-title').innerText(), /Akses ditolak/);
  assert.equal(await viewer.page.getByTestId('nav-admin').count(), 0);
  assert.equal(await viewer.page.getByTestId('admin-users').count(), 0);
  await screenshot(viewer.page, 'admin-forbidden');
  await viewer.context.close();

  const visitor = await openPage(demo.browser, `${demo.server.url}/admin/token`);
  await visitor.page.waitForURL(/\/masuk\?lanjut=%2Fadmin%2Ftoken/);
  await visitor.context.close();
});
