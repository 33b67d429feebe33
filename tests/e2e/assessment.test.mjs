// Journey (issue 4): an assessor fills a column of the open 2024-q1 kab/kota period by pasting
// from a spreadsheet, keeps working offline, reloads without a network, comes back online — and
// the server holds every change exactly once; a concurrent edit of the same cell brings up the
// conflict panel instead of a silent overwrite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, serverAndBrowser, signIn } from './support.mjs';

const demo = serverAndBrowser();

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
  const opened = await signIn(demo, 'pengampu.demo', '/penilaian');
  const { page, context, problems } = opened;
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
  const admin = await openPage(demo.browser, `${demo.server.url}/`);
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

/** Signs in a demo account in a fresh browser context and opens `next`. */
const signedIn = (username, next) => signIn(demo, username, next);

/** Opens the detail of a cell from the grid with the keyboard (Ctrl+Enter). */
async function openDetail(page, testid) {
  await page.getByTestId('assess-grid').waitFor();
  await page.getByTestId(testid).focus();
  await page.keyboard.press('Control+Enter');
  await page.getByTestId('detail-close').waitFor();
  // The panel takes the focus once it has rendered (a frame after it appears).
  await page.waitForFunction(() => document.activeElement?.id === 'entry-detail-title', null, { timeout: 5000 });
}

test('entry detail: note, recommendation and evidence; dispute, resolution, verification; the unit page shows it', async () => {
  const unit = 'kabupaten-banyuwangi';
  const cellId = `cell-${unit}-OPINI_BPK`;
  const recommendation = '<b>Perbaiki</b> tindak lanjut temuan BPK\n- laporkan tiap triwulan';

  // The owner enters a value, then writes a note and a recommendation and uploads evidence.
  const owner = await signedIn('pengampu.demo', '/penilaian');
  const writes = [];
  owner.page.on('request', (request) => {
    // The grid's batch carries its keys in the body; the panel's writes carry the header.
    if (request.method() !== 'GET' && /\/entries\/[^/]+\/OPINI_BPK/.test(request.url())) writes.push(request);
  });
  await owner.page.getByTestId(cellId).fill('100');
  await owner.page.getByTestId('assess-submit').click();
  await pending(owner.page, 0);
  await openDetail(owner.page, cellId);
  assert.equal(await owner.page.getByTestId('panel-status').innerText(), 'Dikirim');
  await owner.page.getByTestId('detail-note').fill('LHP BPK 2023 diterima.');
  await owner.page.getByTestId('detail-recommendation').fill(recommendation);
  // A link that is not a web address is refused with the server's reason, and nothing is saved.
  await owner.page.getByTestId('detail-link').fill('javascript:alert(1)');
  await owner.page.getByTestId('detail-save-note').click();
  assert.match(await owner.page.getByTestId('detail-error').innerText(), /Tautan bukti harus alamat web lengkap/);
  assert.equal(await owner.page.getByTestId('panel-version').innerText(), '1');
  await owner.page.getByTestId('detail-link').fill('https://jdih.jatimprov.go.id/lhp-bpk-2023.pdf');
  await owner.page.getByTestId('detail-save-note').click();
  await owner.page.getByTestId('detail-said').filter({ hasText: 'Tersimpan.' }).waitFor();
  assert.equal(await owner.page.getByTestId('panel-version').innerText(), '2');
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  await owner.page.getByTestId('detail-upload').setInputFiles({ name: 'LHP BPK 2023.pdf', mimeType: 'application/pdf', buffer: pdf });
  await owner.page.getByTestId('detail-said').filter({ hasText: 'Bukti diunggah.' }).waitFor();
  const evidence = owner.page.getByTestId('detail-evidence');
  assert.match(await evidence.innerText(), /LHP BPK 2023\.pdf · \d+ B/);
  assert.match(await evidence.innerText(), /[0-9a-f]{64}/);
  assert.match(await evidence.locator('a').getAttribute('href'), /^\/api\/v1\/evidence\/.+/);
  // An evidence file that is not a PDF, image or workbook is refused with the server's reason.
  await owner.page.getByTestId('detail-upload').setInputFiles({ name: 'x.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html>') });
  assert.match(await owner.page.getByTestId('detail-error').innerText(), /Jenis berkas tidak didukung/);
  assert.equal(await evidence.locator('li').count(), 1);
  // Every write of the panel carried its own Idempotency-Key.
  const keys = writes.map((request) => request.headers()['idempotency-key']);
  assert.ok(writes.length >= 3 && keys.every(Boolean), `keys: ${keys}`);
  assert.equal(new Set(keys).size, keys.length);

  // The unit disputes with a reason (required).
  const unitAdmin = await signedIn('unit.demo', '/penilaian');
  await openDetail(unitAdmin.page, cellId);
  assert.equal(await unitAdmin.page.getByTestId('detail-recommendation-text').innerText(), recommendation);
  const link = unitAdmin.page.getByTestId('detail-link-out');
  assert.equal(await link.getAttribute('href'), 'https://jdih.jatimprov.go.id/lhp-bpk-2023.pdf');
  assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
  await unitAdmin.page.getByTestId('detail-dispute').click();
  assert.match(await unitAdmin.page.getByTestId('detail-error').innerText(), /Tuliskan alasannya/);
  assert.equal(await unitAdmin.page.getByTestId('panel-status').innerText(), 'Dikirim');
  await unitAdmin.page.getByTestId('detail-reason').fill('Opini WTP sudah terbit, mohon dicek ulang LHP terbaru.');
  await unitAdmin.page.getByTestId('detail-dispute').click();
  await unitAdmin.page.getByTestId('panel-status').filter({ hasText: 'Disanggah' }).waitFor();

  // The owner resolves it with a resolution.
  await owner.page.reload();
  await openDetail(owner.page, cellId);
  assert.equal(await owner.page.getByTestId('panel-status').innerText(), 'Disanggah');
  await owner.page.getByTestId('detail-reason').fill('LHP terbaru sudah dicek: nilai tetap 100.');
  await owner.page.getByTestId('detail-resolve').click();
  await owner.page.getByTestId('panel-status').filter({ hasText: 'Diselesaikan' }).waitFor();

  // The administrator verifies; the history shows who did what, with reasons and the note.
  const admin = await signedIn('admin.demo', '/penilaian');
  await openDetail(admin.page, cellId);
  await admin.page.getByTestId('detail-verify').click();
  await admin.page.getByTestId('panel-status').filter({ hasText: 'Terverifikasi' }).waitFor();
  await admin.page.getByTestId('history-button').click();
  const history = admin.page.getByTestId('history-list');
  await history.waitFor();
  const records = await history.locator('li').allInnerTexts();
  assert.equal(records.length, 5, records.join('\n'));
  assert.match(records[0], /admin\.demo[\s\S]*Terverifikasi/);
  assert.match(records[1], /pengampu\.demo[\s\S]*Diselesaikan — LHP terbaru sudah dicek/);
  assert.match(records[2], /unit\.demo[\s\S]*Disanggah — Opini WTP sudah terbit/);
  assert.match(records[3], /Catatan pengampu: LHP BPK 2023 diterima\./);
  assert.match(records[3], /Rekomendasi untuk perangkat daerah: <b>Perbaiki<\/b>/);
  // Escape closes the detail and gives the focus back to the cell.
  await admin.page.getByTestId('detail-verify').waitFor({ state: 'detached' });
  await admin.page.getByTestId('detail-close').focus();
  await admin.page.keyboard.press('Escape');
  await admin.page.getByTestId('detail-open').waitFor();
  assert.equal(await admin.page.evaluate(() => document.activeElement.dataset.testid), cellId);

  // The unit's page (and printed report card) shows the recommendation as text, never as HTML.
  await unitAdmin.page.goto(`${demo.server.url}/unit/${unit}?periode=2024-q1`);
  const notes = unitAdmin.page.getByTestId('unit-notes');
  await notes.waitFor();
  assert.equal(await notes.getByTestId('unit-recommendation').innerText(), recommendation);
  assert.equal(await notes.locator('b', { hasText: 'Perbaiki' }).count(), 0, 'no markup from the text');

  for (const opened of [owner, unitAdmin, admin]) {
    assert.deepEqual(opened.problems.filter((text) => !/Failed to load resource/.test(text)), []);
    await opened.context.close();
  }
});
