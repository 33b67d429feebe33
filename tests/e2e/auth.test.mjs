// Journey: people sign in with their demo accounts and see only what their role may do; a wrong
// password is told plainly; signing out works; visitors opening the assessor's screen are sent
// to "Masuk".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, serverAndBrowser } from './support.mjs';

const demo = serverAndBrowser();

/** Opens /masuk, fills the demo account by clicking it, signs in, and waits for the grid. */
async function signIn(username, next = '/penilaian') {
  const opened = await openPage(demo.browser, `${demo.server.url}/masuk?lanjut=${encodeURIComponent(next)}`);
  const { page } = opened;
  await page.getByTestId('demo-accounts').waitFor();
  await page.getByTestId(`demo-account-${username}`).click();
  assert.equal(await page.getByTestId('login-username').inputValue(), username);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(`${demo.server.url}${next}`);
  await page.getByTestId('user-name').waitFor();
  return opened;
}

test('a visitor opening /penilaian is sent to Masuk, which lists the demo accounts', async () => {
  const { page, context, problems } = await openPage(demo.browser, `${demo.server.url}/penilaian`);
  await page.waitForURL(/\/masuk\?lanjut=/);
  assert.match(await page.getByTestId('page-title').innerText(), /Masuk/);
  await page.getByTestId('demo-accounts').waitFor();
  assert.match(await page.getByTestId('demo-accounts').innerText(), /Akun demo/);
  for (const name of ['admin.demo', 'pengampu.demo', 'unit.demo', 'viewer.demo']) {
    await page.getByTestId(`demo-account-${name}`).waitFor();
  }
  assert.equal(await page.getByTestId('nav-masuk').count(), 1, 'the header offers Masuk');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a wrong password shows the message and no session starts', async () => {
  const { page, context } = await openPage(demo.browser, `${demo.server.url}/masuk`);
  await page.getByTestId('login-username').fill('viewer.demo');
  await page.getByTestId('login-password').fill('bukan-kata-sandinya');
  await page.getByTestId('login-submit').click();
  const error = page.getByTestId('login-error');
  await error.waitFor();
  assert.equal(await error.innerText(), 'Nama pengguna atau kata sandi salah.');
  assert.equal(await page.getByTestId('user-name').count(), 0);
  const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).json());
  assert.equal(me.user, null);
  // The browser console shows the 401 of the failed login; that is expected, not a page problem.
  await context.close();
});

test('the owner sees the grid with only their indicators editable', async () => {
  const { page, context, problems } = await signIn('pengampu.demo');
  assert.equal(await page.getByTestId('user-role').innerText(), 'Pengampu indikator');
  await page.getByTestId('assess-grid').waitFor();
  // Their three indicators are the columns, editable in the open period.
  for (const code of ['OPINI_BPK', 'SAKIP', 'ZONA_INTEGRITAS']) {
    await page.getByTestId(`filled-${code}`).waitFor();
    assert.equal(await page.getByTestId(`cell-kabupaten-banyuwangi-${code}`).getAttribute('readonly'), null, code);
  }
  assert.equal(await page.getByTestId('cell-kabupaten-banyuwangi-IKM').count(), 0, 'not their indicator');
  assert.equal(await page.getByTestId('assess-submit').count(), 1);
  assert.equal(await page.locator('[data-testid^="cell-"][data-testid$="-SAKIP"]').count(), 38);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the viewer sees the grid read only', async () => {
  const { page, context, problems } = await signIn('viewer.demo');
  await page.getByTestId('assess-grid').waitFor();
  await page.getByTestId('assess-read-only').waitFor();
  assert.equal(await page.getByTestId('assess-submit').count(), 0);
  const cell = page.getByTestId('cell-kabupaten-banyuwangi-SAKIP');
  assert.notEqual(await cell.getAttribute('readonly'), null);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the unit admin sees only their own unit, read only', async () => {
  const { page, context, problems } = await signIn('unit.demo');
  await page.getByTestId('assess-grid').waitFor();
  assert.equal(await page.getByTestId('assess-submit').count(), 0);
  const rows = await page.locator('[data-testid="assess-grid"] tbody tr').count();
  assert.equal(rows, 1);
  await page.getByTestId('cell-kabupaten-banyuwangi-SAKIP').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('the admin may edit every indicator, then signs out', async () => {
  const { page, context, problems } = await signIn('admin.demo');
  await page.getByTestId('assess-grid').waitFor();
  assert.equal(await page.getByTestId('cell-kabupaten-banyuwangi-IKM').getAttribute('readonly'), null);
  assert.equal(await page.getByTestId('assess-submit').count(), 1);
  await page.getByTestId('logout').click();
  await page.getByTestId('nav-masuk').waitFor();
  await page.waitForURL(`${demo.server.url}/`);
  const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).json());
  assert.equal(me.user, null, 'the server session ended');
  await page.goto(`${demo.server.url}/penilaian`);
  await page.waitForURL(/\/masuk/);
  assert.deepEqual(problems, []);
  await context.close();
});
