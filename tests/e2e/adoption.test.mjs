// Journey (issue 17): a new installation adopted without a developer, only through the browser.
// From an EMPTY database (no demo data) the first administrator uses the printed one-time link,
// sees the "Mulai" checklist, registers the 38 kabupaten/kota from an XLSX file (dry run, then
// confirm), uploads the shipped 2023 kab/kota rubric template, creates and opens a period, imports
// the 2023 values, closes and publishes it; the public ranking shows the official 2023 totals.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importValues, launchBrowser, openPage } from './support.mjs';

const read = (relative) => readFileSync(new URL(relative, import.meta.url), 'utf8');
const RUBRIC = read('../../public/rubrics/rubric-kabkota-2023.json');
const VALUES = read('../../public/demo/sibekisar-2023/values-kabkota-2023.csv');
const EXPECTED = read('../../public/demo/sibekisar-2023/expected-kabkota-2023.csv');
// The two stored 2023 totals the source system rounded down through single-precision floats
// (reference README): the product rule gives one cent more.
const FLOAT_ROUNDED_DOWN = { 'Kabupaten Lumajang': '72.34', 'Kabupaten Mojokerto': '77.57' };
const PASSWORD = 'kata-sandi-kuat-2025';

/** Starts the server on an empty database without demo data; resolves with its URL and the printed first-administrator link. */
async function startEmptyServer() {
  const dir = mkdtempSync(path.join(tmpdir(), 'sibekisar-e2e-'));
  const child = spawn(process.env.SIBEKISAR_BIN, [], {
    env: {
      ...process.env,
      SIBEKISAR_ADDR: '127.0.0.1:0',
      DATABASE_URL: `sqlite://${dir}/sibekisar.db`,
      SIBEKISAR_SITE_DIR: process.env.SIBEKISAR_SITE_DIR,
      SIBEKISAR_DEMO: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const started = await new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${stderr}`)), 60_000);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const url = stdout.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
      const link = stdout.match(/valid 72 h\): (\S+)/);
      if (url && link) {
        clearTimeout(timer);
        resolve({ url: `http://127.0.0.1:${url[1]}`, link: link[1] });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before starting:\n${stderr}`));
    });
  });
  return {
    ...started,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** A ZIP archive of stored (uncompressed) files. */
function zip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, text] of files) {
    const nameBytes = Buffer.from(name);
    const data = Buffer.from(text);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const escapeXml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A one-sheet XLSX workbook of text cells (shared strings), as a spreadsheet program writes it. */
function xlsx(rows) {
  const strings = [];
  const index = (text) => {
    const found = strings.indexOf(text);
    if (found >= 0) return found;
    strings.push(text);
    return strings.length - 1;
  };
  const column = (i) => String.fromCharCode(65 + i);
  const sheetRows = rows
    .map((cells, r) => `<row r="${r + 1}">${cells.map((text, c) => (text === '' ? '' : `<c r="${column(c)}${r + 1}" t="s"><v>${index(text)}</v></c>`)).join('')}</row>`)
    .join('');
  const ns = 'http://schemas.openxmlformats.org';
  return zip([
    ['[Content_Types].xml', `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="${ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`],
    ['_rels/.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
    ['xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${ns}/spreadsheetml/2006/main" xmlns:r="${ns}/officeDocument/2006/relationships"><sheets><sheet name="Unit" sheetId="1" r:id="rId1"/></sheets></workbook>`],
    ['xl/_rels/workbook.xml.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${ns}/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`],
    ['xl/worksheets/sheet1.xml', `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${ns}/spreadsheetml/2006/main"><sheetData>${sheetRows}</sheetData></worksheet>`],
    ['xl/sharedStrings.xml', `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${ns}/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((text) => `<si><t>${escapeXml(text)}</t></si>`).join('')}</sst>`],
  ]);
}

/** `Kabupaten Banyuwangi` → `kabupaten-banyuwangi`. */
const slug = (name) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

const server = await startEmptyServer();
const browser = await launchBrowser();
after(async () => {
  await browser.close();
  await server.stop();
});

test('a new installation is adopted through the browser: units from XLSX, the 2023 template, a period, values, published totals', async () => {
  const { page, problems } = await openPage(browser, server.link);
  page.on('dialog', (dialog) => dialog.accept());

  // The first administrator, from the printed one-time link.
  await page.getByTestId('setup-username').fill('siti.admin');
  await page.locator('input[type=password]').nth(0).fill(PASSWORD);
  await page.locator('input[type=password]').nth(1).fill(PASSWORD);
  await page.locator('form button[type=submit]').click();
  await page.getByTestId('user-name').waitFor();

  // "Mulai": every step from real data; only the populations exist yet.
  await page.goto(`${server.url}/`);
  await page.getByTestId('setup-checklist').waitFor();
  assert.equal(await page.getByTestId('setup-step-populations').getAttribute('data-done'), 'true');
  for (const step of ['units', 'rubric', 'period', 'owners', 'open']) {
    assert.equal(await page.getByTestId(`setup-step-${step}`).getAttribute('data-done'), 'false', step);
  }
  assert.match(await page.getByTestId('setup-step-rubric').innerText(), /templat bawaan 2023/);

  // Units: the 38 kabupaten/kota from an XLSX file (Indonesian header), checked then confirmed.
  const names = [...new Set(VALUES.trim().split('\n').slice(1).map((line) => line.split(',')[0]))];
  assert.equal(names.length, 38);
  const unitsFile = xlsx([['kode', 'nama', 'populasi'], ...names.map((name) => [slug(name), name, 'kabkota'])]);
  await page.getByTestId('setup-step-units').locator('a').click();
  await page.getByTestId('unit-form').waitFor();
  const panel = page.getByTestId('import-panel');
  await panel.locator('summary').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('import-file').setInputFiles({ name: 'kabkota-jatim.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: unitsFile });
  await page.getByTestId('import-check').click();
  await page.getByTestId('import-counts').waitFor();
  assert.equal(await page.getByTestId('import-counts').innerText(), '38 baris data dibaca; 38 unit (38 baru, 0 berubah, 0 tidak berubah)');
  assert.equal(await page.getByTestId('unit-empty').count(), 1, 'a dry run stores nothing');
  await page.getByTestId('import-confirm').click();
  await page.getByTestId('import-done').waitFor();
  await page.getByTestId('unit-row-kabupaten-banyuwangi').waitFor();
  assert.equal(await page.locator('[data-testid^=unit-row-]').count(), 38);
  // The filter narrows the table.
  await page.getByTestId('unit-filter').fill('malang');
  assert.equal(await page.locator('[data-testid^=unit-row-]').count(), 2);

  // Rubric: the shipped 2023 kab/kota template, uploaded as a file.
  await page.getByTestId('admin-tab-rubrik').click();
  await page.getByTestId('admin-rubric-file').setInputFiles({ name: 'rubric-kabkota-2023.json', mimeType: 'application/json', buffer: Buffer.from(RUBRIC) });
  await page.waitForFunction(() => document.querySelector('[data-testid=admin-rubric-text]').value.includes('sibekisar.rubric/v1'));
  await page.getByTestId('admin-rubric-submit').click();
  await page.getByTestId('admin-success').waitFor();

  // A period bound to it, created and opened.
  await page.getByTestId('admin-tab-periode').click();
  await page.getByTestId('admin-period-year').fill('2023');
  await page.getByTestId('admin-period-kind').selectOption('annual');
  await page.getByTestId('admin-period-rubric-kabkota').selectOption({ index: 1 });
  await page.getByTestId('admin-period-submit').click();
  await page.getByTestId('admin-period-2023-annual').waitFor();
  await page.getByTestId('admin-period-2023-annual').getByTestId('admin-period-to-open').click();
  await page.getByTestId('admin-period-2023-annual').getByTestId('admin-period-to-closed').waitFor();

  // Values: the 2023 reference file, imported on the assessment page.
  await page.goto(`${server.url}/penilaian?periode=2023-annual&populasi=kabkota`);
  await importValues(page, 'values-kabkota-2023.csv', VALUES);

  // Closed and published.
  await page.goto(`${server.url}/admin/periode`);
  await page.getByTestId('admin-period-2023-annual').getByTestId('admin-period-to-closed').click();
  await page.getByTestId('admin-period-2023-annual').getByTestId('admin-period-to-published').waitFor();
  await page.getByTestId('admin-period-2023-annual').getByTestId('admin-period-to-published').click();
  await page.getByTestId('admin-period-2023-annual').getByTestId('admin-period-state').filter({ hasText: /diterbitkan/i }).waitFor();

  // The checklist is gone once a period was opened.
  await page.goto(`${server.url}/`);
  await page.getByTestId('page-title').waitFor();
  assert.equal(await page.getByTestId('setup-checklist').count(), 0);

  // The public ranking, anonymous: the official 2023 totals.
  const visitor = await openPage(browser, `${server.url}/peringkat`);
  await visitor.page.getByTestId('population-kabkota').click();
  await visitor.page.getByTestId('ranking-row').nth(37).waitFor();
  const rows = await visitor.page.getByTestId('ranking-row').evaluateAll((trs) =>
    trs.map((tr) => [tr.querySelector('[data-testid=ranking-unit]').textContent, tr.querySelector('[data-testid=ranking-total]').textContent]),
  );
  assert.equal(rows.length, 38);
  const expected = new Map(EXPECTED.trim().split('\n').slice(1).map((line) => line.split(',')).map(([name, total]) => [name, FLOAT_ROUNDED_DOWN[name] ?? total]));
  for (const [name, total] of rows) {
    assert.equal(total.replace(',', '.'), expected.get(name), name);
  }
  await visitor.context.close();
  assert.deepEqual(problems.filter((problem) => !/status of (401|403|404|422)/.test(problem)), []);
});
