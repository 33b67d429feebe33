// Journey (issue 4): the administrator imports the 2023 reference values of the 38 kabupaten/kota
// through an XLSX file into a fresh open period bound to the 2023 rubric — dry run, report,
// "Konfirmasi impor" — and the official totals the server computes equal the official 2023
// totals. A file with one bad row is named by row and column and writes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { serverAndBrowser, signIn } from './support.mjs';

// The repository's copy of ../shared/reference/sibekisar-2023 (identical files).
const EXPECTED = readFileSync(new URL('../../public/demo/sibekisar-2023/expected-kabkota-2023.csv', import.meta.url), 'utf8');
// The two stored 2023 totals the source system rounded down through single-precision floats
// (reference README, recomputed-kabkota-2023.csv): the product rule gives one cent more.
const FLOAT_ROUNDED_DOWN = { 'Kabupaten Lumajang': '72.34', 'Kabupaten Mojokerto': '77.57' };

const demo = serverAndBrowser();

/** A request as the signed-in page (with its CSRF token for writes). */
async function api(page, method, path, body) {
  return page.evaluate(async ({ method, path, body }) => {
    const me = await (await fetch('/api/v1/auth/me')).json();
    const headers = { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token ?? '' };
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }, { method, path, body });
}

function expectedTotals() {
  const totals = new Map();
  for (const line of EXPECTED.trim().split('\n').slice(1)) {
    const [name, total, grade] = line.split(',');
    totals.set(name, { total: FLOAT_ROUNDED_DOWN[name] ?? total, grade });
  }
  return totals;
}

test('an XLSX import of the 2023 values reproduces the official totals; a bad row writes nothing', async () => {
  const { page, context, problems } = await signIn(demo, 'admin.demo', '/penilaian');
  await page.getByTestId('assess-grid').waitFor();

  // A fresh period, bound to the 2023 kab/kota rubric, opened (administration is another page's
  // journey; here it is set up through the API).
  const { body: open } = await api(page, 'GET', '/api/v1/periods/2024-q1/entries?population=kabkota');
  const rubric = open.rubric_version_id;
  let answer = await api(page, 'POST', '/api/v1/periods', { year: 2025, kind: 'annual', bindings: { kabkota: rubric } });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  answer = await api(page, 'POST', '/api/v1/periods/2025-annual/state', { state: 'open' });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));

  // The XLSX: the server's own export of the published 2023 period (a real spreadsheet).
  const xlsx = await page.evaluate(async () => {
    const response = await fetch('/api/v1/periods/2023-annual/entries.xlsx?population=kabkota');
    return { status: response.status, bytes: Array.from(new Uint8Array(await response.arrayBuffer())) };
  });
  assert.equal(xlsx.status, 200);
  const xlsxFile = { name: 'nilai-2023-kabkota.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(xlsx.bytes) };
  assert.equal(xlsxFile.buffer.subarray(0, 2).toString(), 'PK');

  await page.goto(`${demo.server.url}/penilaian?periode=2025-annual&populasi=kabkota`);
  await page.getByTestId('assess-grid').waitFor();
  assert.equal(await page.getByTestId('filled-SAKIP').innerText(), '0/38 terisi');
  const panel = page.getByTestId('import-panel');
  // Keyboard: the panel opens from its summary with Enter.
  await panel.locator('summary').focus();
  await page.keyboard.press('Enter');
  // Checking without a file says so.
  await page.getByTestId('import-check').click();
  assert.equal(await page.getByTestId('import-error').innerText(), 'Pilih berkas dulu.');

  await page.getByTestId('import-file').setInputFiles(xlsxFile);
  await page.getByTestId('import-check').click();
  await page.getByTestId('import-counts').waitFor();
  assert.equal(await page.getByTestId('import-counts').innerText(), '38 baris data dibaca; 836 nilai akan disimpan (836 baru, 0 berubah, 0 tidak berubah)');
  assert.equal(await page.getByTestId('import-problem').count(), 0);
  // Nothing is written by the dry run.
  let entries = await api(page, 'GET', '/api/v1/periods/2025-annual/entries?population=kabkota');
  assert.equal(entries.body.entries.length, 0);

  await page.getByTestId('import-confirm').click();
  await page.getByTestId('import-done').waitFor();
  assert.match(await page.getByTestId('import-done').innerText(), /^Impor selesai.*836 nilai/);
  // The grid is loaded again with the stored values.
  await page.getByTestId('filled-SAKIP').filter({ hasText: '38/38 terisi' }).waitFor();

  const ranking = await api(page, 'GET', '/api/v1/periods/2025-annual/results?population=kabkota');
  assert.equal(ranking.status, 200);
  assert.equal(ranking.body.length, 38);
  const expected = expectedTotals();
  assert.equal(expected.size, 38);
  for (const row of ranking.body) {
    const official = expected.get(row.unit.name);
    assert.ok(official, `${row.unit.name} is in the 2023 reference`);
    assert.equal(Number(row.total).toFixed(2), official.total, row.unit.name);
    assert.equal(row.grade, official.grade, row.unit.name);
  }

  // One bad row (SAKIP 101 for Kota Malang): named by row and column, nothing can be confirmed,
  // nothing changes.
  entries = await api(page, 'GET', '/api/v1/periods/2025-annual/entries?population=kabkota');
  const before = JSON.stringify(entries.body.entries.map((e) => [e.unit, e.indicator, e.value, e.version]));
  const csv = 'unit,SAKIP\nkabupaten-banyuwangi,80\nKota Malang,101\nkota-batu,70\n';
  await page.getByTestId('import-file').setInputFiles({ name: 'sakip.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByTestId('import-check').click();
  await page.getByTestId('import-problem').first().waitFor();
  const rows = await page.getByTestId('import-problem').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
  assert.equal(rows.length, 1);
  assert.deepEqual(rows[0].slice(0, 2), ['3', 'SAKIP']);
  assert.match(rows[0][2], /rentang|101/i);
  assert.match(await page.getByTestId('import-report').innerText(), /1 masalah ditemukan/);
  assert.equal(await page.getByTestId('import-confirm').count(), 0, 'a file with a problem cannot be confirmed');
  // Forcing the commit through the API is refused whole as well.
  const forced = await page.evaluate(async (body) => {
    const me = await (await fetch('/api/v1/auth/me')).json();
    const response = await fetch('/api/v1/periods/2025-annual/imports?population=kabkota&dry_run=false', {
      method: 'POST', headers: { 'Content-Type': 'text/csv', 'X-CSRF-Token': me.csrf_token }, body,
    });
    return response.status;
  }, csv);
  assert.equal(forced, 422);
  entries = await api(page, 'GET', '/api/v1/periods/2025-annual/entries?population=kabkota');
  assert.equal(JSON.stringify(entries.body.entries.map((e) => [e.unit, e.indicator, e.value, e.version])), before, 'nothing changed');

  assert.deepEqual(problems.filter((text) => !/Failed to load resource/.test(text)), []);
  await context.close();
});
