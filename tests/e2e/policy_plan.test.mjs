// Journey (issue 24, Sistem Kerja plan against actual): the provincial coordinator sets Banyuwangi's
// target dates (one already past) and a checkpoint; Banyuwangi's administrator sees the late
// stage, proposes a later target (the coordinator accepts it), records its technical guidelines
// ahead of order through the keyboard-only confirmation, and records two of its agencies'
// work-system elements with evidence (a link and a file), ticks its guideline's contents, and adds an action
// with a file and then cancels it. The roll-up then shows the late stage,
// the out-of-order stage apart from the headline, the agencies' share per element, and the XLSX
// roll-up has the new columns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { serverAndBrowser, signIn as signInAs } from './support.mjs';

const demo = serverAndBrowser();
const signIn = (username, next) => signInAs(demo, username, next);
const CHECKLIST = '/sistem-kerja/kabupaten-banyuwangi';

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

/** Waits until the element `testId` has text matching `pattern` (a reload after a save). */
async function reads(page, testId, pattern) {
  await page.waitForFunction(
    ({ testId, source }) => new RegExp(source).test(document.querySelector(`[data-testid="${testId}"]`)?.textContent ?? ''),
    { testId, source: pattern.source },
  );
  return page.getByTestId(testId).innerText();
}

/** The files of a ZIP archive (an XLSX workbook) by name, inflated. */
function unzip(buffer) {
  const files = new Map();
  let end = buffer.length - 22;
  while (end >= 0 && buffer.readUInt32LE(end) !== 0x06054b50) end -= 1;
  let at = buffer.readUInt32LE(end + 16);
  for (let index = buffer.readUInt16LE(end + 10); index > 0; index -= 1) {
    const method = buffer.readUInt16LE(at + 10);
    const size = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const skip = nameLength + buffer.readUInt16LE(at + 30) + buffer.readUInt16LE(at + 32);
    const name = buffer.toString('utf8', at + 46, at + 46 + nameLength);
    const local = buffer.readUInt32LE(at + 42);
    const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const data = buffer.subarray(start, start + size);
    files.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    at += 46 + skip;
  }
  return files;
}

/** The first row of the workbook's first sheet, as texts. */
function headerRow(files) {
  const shared = [...(files.get('xl/sharedStrings.xml') ?? '').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((match) =>
    [...match[1].matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((text) => text[1]).join(''),
  );
  const sheet = files.get('xl/worksheets/sheet1.xml') ?? '';
  const row = sheet.match(/<row[^>]*>([\s\S]*?)<\/row>/)?.[1] ?? '';
  return [...row.matchAll(/<c([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)].map((cell) => {
    const body = cell[2] ?? '';
    if (/t="s"/.test(cell[1])) return shared[Number(body.match(/<v>([^<]*)<\/v>/)?.[1])] ?? '';
    return body.match(/<t[^>]*>([^<]*)<\/t>/)?.[1] ?? body.match(/<v>([^<]*)<\/v>/)?.[1] ?? '';
  });
}

/** `done / agencies` of an element in the roll-up's agency table. */
async function elementShare(page, element) {
  const cells = await page.getByTestId(`element-share-${element}`).locator('td').allInnerTexts();
  return { agencies: Number(cells[0]), done: Number(cells[1]) };
}

test('the coordinator plans, a kabupaten records its agencies, the roll-up shows lateness and the agency share', async () => {
  // The province's administrator registers two of Banyuwangi's agencies (units whose parent is
  // Banyuwangi, in a population no CETTAR period scores).
  const admin = await signIn('admin.demo', '/sistem-kerja');
  const population = await apiWrite(admin.page, 'POST', '/api/v1/populations', {
    code: 'pd-banyuwangi', name: 'Perangkat daerah Kabupaten Banyuwangi', name_en: 'Agencies of Banyuwangi Regency',
  });
  assert.equal(population.status, 201, JSON.stringify(population.body));
  for (const [code, name] of [['bwi-dinkes', 'Dinas Kesehatan Banyuwangi'], ['bwi-bkpsdm', 'BKPSDM Banyuwangi']]) {
    const created = await apiWrite(admin.page, 'POST', '/api/v1/units', {
      code, name, population: 'pd-banyuwangi', parent: 'kabupaten-banyuwangi',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
  }
  await admin.page.getByTestId('element-share-JABATAN').waitFor();
  const before = await elementShare(admin.page, 'JABATAN');

  // The coordinator's plan: the guideline was due long ago (late), socialisation later.
  await admin.page.goto(`${demo.server.url}${CHECKLIST}`);
  await admin.page.getByTestId('plan-form').waitFor();
  await admin.page.getByTestId('plan-target-PEDOMAN').fill('2024-01-31');
  await admin.page.getByTestId('plan-target-SOSIALISASI').fill('2099-06-30');
  await admin.page.getByTestId('plan-submit').click();
  await reads(admin.page, 'stage-target-PEDOMAN', /^2024-01-31$/);
  assert.match(await admin.page.getByTestId('stage-status-PEDOMAN').innerText(), /○ belum\s+⚠ terlambat \d+ hari/);
  assert.equal(await admin.page.getByTestId('stage-target-SOSIALISASI').innerText(), '2099-06-30');
  // A dated checkpoint of the monitoring plan.
  await admin.page.getByTestId('checkpoint-form-stage').selectOption('SOSIALISASI');
  await admin.page.getByTestId('checkpoint-form-date').fill('2099-03-31');
  await admin.page.getByTestId('checkpoint-form-title').fill('Sosialisasi ke seluruh perangkat daerah');
  await admin.page.getByTestId('checkpoint-form-submit').click();
  await admin.page.getByTestId('checkpoint-row').waitFor();
  assert.match(await admin.page.getByTestId('checkpoint-row').innerText(), /2099-03-31\s+.+\s+Sosialisasi ke seluruh perangkat daerah\s+○ menunggu/);

  // Banyuwangi's administrator sees the plan, cannot set it, and proposes a later target.
  const { page, context, problems } = await signIn('unit.demo', CHECKLIST);
  await page.getByTestId('proposal-form').waitFor();
  assert.equal(await page.getByTestId('plan-form').count(), 0, 'only the coordinator sets targets');
  assert.match(await page.getByTestId('stage-status-PEDOMAN').innerText(), /⚠ terlambat/);
  await page.getByTestId('proposal-form-stage').selectOption('PEDOMAN');
  await page.getByTestId('proposal-form-date').fill('2099-01-31');
  await page.getByTestId('proposal-form-reason').fill('Rancangan Perbup masih di bagian hukum');
  await page.getByTestId('proposal-form-submit').click();
  assert.match(await reads(page, 'proposal-row', /menunggu keputusan/), /Rancangan Perbup masih di bagian hukum/);
  assert.equal(await page.getByTestId('proposal-accept').count(), 0, 'the government cannot decide its own proposal');

  // Its technical guidelines were written before the guideline regulation: marking them done
  // asks for a confirmation with a reason, used from the keyboard only.
  await page.getByTestId('stage-form-stage').selectOption('JUKNIS');
  await page.getByTestId('stage-form-status').selectOption('selesai');
  await page.getByTestId('stage-form-date').fill('2024-05-20');
  await page.getByTestId('stage-form-submit').focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('alertdialog');
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /Tahap sebelumnya belum selesai: .*Regulasi pedoman/s);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'order-reason', 'the reason has the focus');
  // Escape closes it without saving; the focus returns to the save button.
  await page.keyboard.press('Escape');
  assert.equal(await dialog.count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'stage-form-submit');
  assert.match(await page.getByTestId('stage-status-JUKNIS').innerText(), /○ belum/);
  await page.keyboard.press('Enter');
  await dialog.waitFor();
  await page.keyboard.type('Juknis disusun bersama rancangan Perbup');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  assert.match(await reads(page, 'stage-status-JUKNIS', /di luar urutan/), /● selesai\s+↯ di luar urutan\s+Juknis disusun bersama rancangan Perbup/);

  // Two agencies' work-system elements, with evidence: a link, and a file.
  await page.getByTestId('element-form-agency').selectOption('bwi-dinkes');
  await page.getByTestId('element-form-element').selectOption('JABATAN');
  await page.getByTestId('element-form-status').selectOption('selesai');
  await page.getByTestId('element-form-note').fill('SK penyetaraan jabatan');
  await page.getByTestId('element-form-url').fill('https://jdih.example.go.id/sk-penyetaraan.pdf');
  await page.getByTestId('element-form-submit').click();
  await reads(page, 'agency-bwi-dinkes-JABATAN', /● selesai/);
  await page.getByTestId('element-form-agency').selectOption('bwi-bkpsdm');
  await page.getByTestId('element-form-element').selectOption('JABATAN');
  await page.getByTestId('element-form-status').selectOption('proses');
  await page.getByTestId('element-form-url').fill('');
  await page.getByTestId('element-form-note').fill('Peta jabatan sedang disusun');
  const map = Buffer.from('%PDF-1.4\n% Peta jabatan BKPSDM\n%%EOF\n');
  await page.getByTestId('element-form-file').setInputFiles({ name: 'peta-jabatan.pdf', mimeType: 'application/pdf', buffer: map });
  await page.getByTestId('element-form-submit').click();
  await reads(page, 'agency-bwi-bkpsdm-JABATAN', /peta-jabatan\.pdf/);
  assert.match(await page.getByTestId('agency-bwi-bkpsdm-JABATAN').innerText(), /◐ proses\s+Peta jabatan sedang disusun\s+peta-jabatan\.pdf/);
  const link = page.getByTestId('agency-bwi-dinkes-JABATAN').getByRole('link');
  assert.equal(await link.getAttribute('href'), 'https://jdih.example.go.id/sk-penyetaraan.pdf');
  assert.match(await link.innerText(), /jdih\.example\.go\.id/);
  // The government's aggregate: one of its two agencies has the element done.
  assert.match(await page.getByTestId('agency-total').innerText(), /1 \/ 2 \(50,0%\)/);

  // An action tied to a Van Meter & Van Horn variable, owned by someone outside the listed roles,
  // then cancelled with a reason: the row stays, with the reason, and the history keeps it.
  await page.getByTestId('action-form-title').fill('Forum komunikasi antar perangkat daerah');
  await page.getByTestId('action-form-role').selectOption('lainnya');
  await page.getByTestId('action-form-owner').fill('Inspektorat');
  await page.getByTestId('action-form-due').fill('2099-09-30');
  const variable = page.getByTestId('action-form-variable');
  await variable.selectOption({ index: 1 });
  const variableName = (await variable.locator('option:checked').innerText()).trim();
  // Its evidence file goes with the new action (uploaded once the action exists).
  const invitation = Buffer.from('%PDF-1.4\n% Undangan forum komunikasi\n%%EOF\n');
  await page.getByTestId('action-form-file').setInputFiles({ name: 'undangan-forum.pdf', mimeType: 'application/pdf', buffer: invitation });
  await page.getByTestId('action-form-submit').click();
  await reads(page, 'policy-actions', /undangan-forum\.pdf/);
  const action = page.getByTestId('action-row').filter({ hasText: 'Forum komunikasi' });
  assert.match(await action.innerText(), new RegExp(`Variabel: ${variableName}\\s+Inspektorat\\s+2099-09-30\\s+rencana`));
  await page.getByTestId('action-form-id').selectOption({ label: 'Forum komunikasi antar perangkat daerah' });
  await page.getByTestId('action-cancel-reason').fill('Digabung dengan rapat koordinasi mingguan');
  await page.getByTestId('action-cancel').click();
  await reads(page, 'policy-actions', /dibatalkan/);
  assert.match(await action.innerText(), /✕ dibatalkan\s+Digabung dengan rapat koordinasi mingguan/);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="history-row"]')].some((row) => /Aksi: Forum komunikasi.*✕ dibatalkan: Digabung/.test(row.textContent)));

  // The guideline's contents, ticked beside its regulation number and date.
  await page.getByTestId('guideline-form-number').fill('Perbup Banyuwangi 12/2024');
  await page.getByTestId('guideline-form-date').fill('2024-04-15');
  const boxes = page.locator('[data-testid^="guideline-check-"]');
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await page.getByTestId('guideline-form-submit').click();
  const regulation = await reads(page, 'guideline-regulation', /Perbup Banyuwangi 12\/2024/);
  assert.match(regulation, /Perbup Banyuwangi 12\/2024, 2024-04-15 · 2 dari \d+ isi termuat/);

  // The coordinator accepts the proposal: the target moves and the guideline is no longer late.
  await admin.page.goto(`${demo.server.url}${CHECKLIST}`);
  await admin.page.getByTestId('proposal-accept').click();
  await reads(admin.page, 'stage-target-PEDOMAN', /^2099-01-31$/);
  assert.match(await admin.page.getByTestId('proposal-row').innerText(), /diterima/);
  assert.doesNotMatch(await admin.page.getByTestId('stage-status-PEDOMAN').innerText(), /terlambat/);
  // The coordinator sets it back to the original plan, so the roll-up has a late stage to show.
  await admin.page.getByTestId('plan-target-PEDOMAN').fill('2024-01-31');
  await admin.page.getByTestId('plan-submit').click();
  await reads(admin.page, 'stage-target-PEDOMAN', /^2024-01-31$/);

  // The roll-up: Banyuwangi late on its guideline, its technical guidelines out of order (not in
  // the headline), and one more agency done on "Jabatan".
  await admin.page.goto(`${demo.server.url}/sistem-kerja`);
  const row = await reads(admin.page, 'matrix-kabupaten-banyuwangi', /terlambat/);
  assert.match(row, /⚠ terlambat\s+○ belum\s+● selesai\s+↯ di luar urutan/);
  assert.match(await admin.page.getByTestId('stage-counts-PEDOMAN').innerText(), /⚠ \d+/);
  assert.match(await admin.page.getByTestId('stage-share-JUKNIS').innerText(), /\+\d+ selesai di luar urutan, tidak dihitung/);
  assert.match(await admin.page.getByTestId('stage-share-PEDOMAN').innerText(), /^[\d,]+% selesai berurutan · [\d,]+% dalam proses — \d+ dari \d+ pemerintah daerah: /);
  const after = await elementShare(admin.page, 'JABATAN');
  assert.deepEqual(after, { agencies: before.agencies + 2, done: before.done + 1 });

  // The XLSX roll-up has the new columns.
  const href = await admin.page.getByTestId('policy-xlsx').getAttribute('href');
  const workbook = await admin.page.evaluate(async (url) => {
    const response = await fetch(url);
    return { status: response.status, bytes: [...new Uint8Array(await response.arrayBuffer())] };
  }, href);
  assert.equal(workbook.status, 200);
  const header = headerRow(unzip(Buffer.from(workbook.bytes)));
  for (const column of ['Tahap saat ini', 'Tahap terlambat', 'Selesai di luar urutan', 'Jumlah PD']) {
    assert.ok(header.some((cell) => cell.includes(column)), `column ${column} in ${JSON.stringify(header)}`);
  }
  assert.equal(header.filter((cell) => /^PD selesai: /.test(cell)).length, 6, `an agency column per element in ${JSON.stringify(header)}`);

  assert.deepEqual(problems, []);
  assert.deepEqual(admin.problems, []);
  await context.close();
  await admin.context.close();
});
