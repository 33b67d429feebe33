// Journey (issue 4): an assessor fills a column of the open 2024-q1 kab/kota period by pasting
// from a spreadsheet, keeps working offline, reloads without a network, comes back online — and
// the server holds every change exactly once; a concurrent edit of the same cell brings up the
// conflict panel instead of a silent overwrite.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage } from './support.mjs';

let server;
let browser;

before(async () => {
  server = await startServer({ demo: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** GET as the signed-in page. */
async function api(page, path) {
  return page.evaluate(async (url) => {
    const response = await fetch(url);
    return { status: response.status, body: await response.json() };
  }, path);
}

async function sakipEntries(page) {
  const { body } = await api(page, '/api/v1/periods/2024-q1/entries?population=kabkota');
  return new Map(body.entries.filter((e) => e.indicator === 'SAKIP').map((e) => [e.unit, e]));
}

async function history(page, unit) {
  const { status, body } = await api(page, `/api/v1/periods/2024-q1/entries/${unit}/SAKIP/history`);
  assert.equal(status, 200);
  return body;
}

async function pending(page, count) {
  await page.waitForFunction(
    (expected) => document.querySelector('[data-testid="sync-pending"]')?.textContent.trim() === `${expected} menunggu dikirim`,
    count,
  );
}

test('paste, offline, reload, online: every change reaches the server once; a conflict is shown', async () => {
  const opened = await openPage(browser, `${server.url}/masuk?lanjut=%2Fpenilaian`);
  const { page, context, problems } = opened;
  await page.getByTestId('demo-account-pengampu.demo').click();
  await page.getByTestId('login-submit').click();
  await page.waitForURL(`${server.url}/penilaian`);
  await page.getByTestId('assess-grid').waitFor();
  assert.equal(await page.getByTestId('assess-period').inputValue(), '2024-q1', 'the open period is chosen');
  await page.getByTestId('filled-SAKIP').waitFor();
  assert.equal(await page.getByTestId('filled-SAKIP').innerText(), '0/38 terisi');

  const sakipCells = page.locator('[data-testid^="cell-"][data-testid$="-SAKIP"]');
  const units = await sakipCells.evaluateAll((cells) => cells.map((cell) => cell.dataset.testid.slice(5, -6)));
  assert.equal(units.length, 38);
  const cell = (unit) => page.getByTestId(`cell-${unit}-SAKIP`);

  // Paste a column copied from Excel (comma decimals, CRLF, trailing line break) at the first cell.
  await cell(units[0]).focus();
  await cell(units[0]).evaluate((input) => {
    const data = new DataTransfer();
    data.setData('text/plain', '85,5\r\n90\r\n77,25\r\n');
    input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  assert.deepEqual(
    [await cell(units[0]).inputValue(), await cell(units[1]).inputValue(), await cell(units[2]).inputValue()],
    ['85,5', '90', '77,25'],
  );
  assert.equal(await page.getByTestId('filled-SAKIP').innerText(), '3/38 terisi');
  // An out-of-range value is red with its reason, and is not sent.
  await cell(units[5]).fill('120');
  assert.equal(await cell(units[5]).getAttribute('aria-invalid'), 'true');
  assert.match(await page.getByTestId('cell-error').first().innerText(), /Di luar rentang/);
  await cell(units[5]).fill('');
  // Keyboard: Enter moves down a row.
  await cell(units[2]).focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), `cell-${units[3]}-SAKIP`);

  await page.getByTestId('assess-submit').click();
  await pending(page, 0);
  let stored = await sakipEntries(page);
  assert.deepEqual([0, 1, 2].map((i) => stored.get(units[i])?.value), [85.5, 90, 77.25]);
  await page.getByTestId('sync-last').filter({ hasText: /terakhir sinkron \d\d:\d\d/ }).waitFor();

  // As after any first visit, the service worker has the app itself cached and controls the page.
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

  // Offline: edit a new cell and one already sent; both wait in the queue.
  await context.setOffline(true);
  await page.getByTestId('sync-online').filter({ hasText: 'Luring' }).waitFor();
  await cell(units[3]).fill('66');
  await cell(units[1]).fill('91,5');
  await page.getByTestId('assess-submit').click();
  await pending(page, 2);

  // Reload with the network still off: the service worker serves the app itself, every API call
  // fails; the grid comes from the app's offline copy and the queue from localStorage.
  await page.reload();
  await page.getByTestId('assess-grid').waitFor();
  await page.getByTestId('assess-from-cache').waitFor();
  await pending(page, 2);
  assert.equal(await cell(units[3]).inputValue(), '66');
  assert.equal(await cell(units[1]).inputValue(), '91,5');

  // Back online: the queue is sent by itself.
  await context.setOffline(false);
  await pending(page, 0);
  stored = await sakipEntries(page);
  assert.deepEqual([0, 1, 2, 3].map((i) => stored.get(units[i])?.value), [85.5, 91.5, 77.25, 66]);
  // Exactly once: one audit record per change.
  assert.equal((await history(page, units[0])).length, 1);
  assert.equal((await history(page, units[1])).length, 2);
  assert.equal((await history(page, units[2])).length, 1);
  assert.equal((await history(page, units[3])).length, 1);

  // Someone else changes the first cell first (the administrator, through the API).
  const admin = await openPage(browser, `${server.url}/`);
  const base = stored.get(units[0]).version;
  const changed = await admin.page.evaluate(async ({ unit, base }) => {
    const login = await fetch('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin.demo', password: 'cettar-demo-2023' }),
    });
    const { csrf_token: csrf } = await login.json();
    const put = await fetch(`/api/v1/periods/2024-q1/entries/${unit}/SAKIP`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf, 'Idempotency-Key': 'admin-edit-1' },
      body: JSON.stringify({ value: 50, base_version: base }),
    });
    return put.status;
  }, { unit: units[0], base });
  assert.equal(changed, 200);
  await admin.context.close();

  // The assessor, still on the old version, changes the same cell: a conflict, not an overwrite.
  await cell(units[0]).fill('99');
  await page.getByTestId('assess-submit').click();
  const panel = page.getByTestId('conflict-panel');
  await panel.waitFor();
  assert.equal(await panel.getByTestId('conflict-mine').innerText(), '99');
  assert.equal(await panel.getByTestId('conflict-theirs').innerText(), '50');
  assert.match(await panel.innerText(), /admin\.demo/);
  stored = await sakipEntries(page);
  assert.equal(stored.get(units[0]).value, 50, 'nothing was overwritten');

  // Keep mine: sent again on the server's version.
  await panel.getByTestId('conflict-keep-mine').click();
  await pending(page, 0);
  await page.getByTestId('conflict-panel').waitFor({ state: 'detached' });
  stored = await sakipEntries(page);
  assert.equal(stored.get(units[0]).value, 99);
  assert.equal((await history(page, units[0])).length, 3);

  // The cell's history is shown in the side panel.
  await cell(units[0]).focus();
  await page.getByTestId('history-button').click();
  await page.getByTestId('history-list').waitFor();
  assert.equal(await page.locator('[data-testid="history-list"] li').count(), 3);

  const unexpected = problems.filter((text) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource|net::/.test(text));
  assert.deepEqual(unexpected, []);
  await context.close();
});
