// Journey (issue 18): a Biro Organisasi administrator prepares next year's kab/kota rubric in the
// browser, without writing JSON. From the shipped 2023 template she changes one spirit weight
// (the sum warning appears, then she balances it), sees on "Dampak" which units move against the
// published 2023 results, saves the version, binds it to a new period, imports the 2023 values
// into it and publishes: the official totals are exactly the ones the panel showed. The unit page
// splits the change since 2023 into a rubric part and a values part that add up to the total.
// On the way she notes an indicator's source, describes a spirit and moves an indicator with the
// keyboard. A second journey uses the editor in English.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { importValues, serverAndBrowser, signIn } from './support.mjs';

const VALUES = readFileSync(new URL('../../public/demo/sibekisar-2023/values-kabkota-2023.csv', import.meta.url), 'utf8');

const ctx = serverAndBrowser();

/** How many visible text nodes inside the editor match `pattern`. */
const visibleTextsMatching = (page, pattern) =>
  page.getByTestId('rubric-editor').evaluate((editor, source) => {
    const pattern = new RegExp(source);
    const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
    let count = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (pattern.test(node.textContent) && node.parentElement.getClientRects().length > 0) count += 1;
    }
    return count;
  }, pattern.source);

/** `85,12` or `85.12` → hundredths. */
const hundredths = (text) => Math.round(Number(text.trim().replace(',', '.').replace('+', '')) * 100);

test('a weight edit is checked as typed, its impact shown, saved, adopted and published with the totals the panel showed', async () => {
  const { page, problems } = await signIn(ctx, 'admin.demo', '/admin/rubrik');
  page.on('dialog', (dialog) => dialog.accept());

  // Start from the shipped 2023 kab/kota template: a draft for 2024.
  await page.getByTestId('editor-source').selectOption('template:kabkota');
  await page.getByTestId('editor-start').click();
  await page.getByTestId('editor-spirit-0').waitFor();
  assert.equal(await page.getByTestId('editor-year').inputValue(), '2024');
  assert.equal(await page.getByTestId('editor-population').inputValue(), 'kabkota');
  assert.equal(await page.getByTestId('editor-status').getAttribute('data-valid'), 'true');

  // Cepat 20 → 25: the sum is 105, said once, next to the spirits, and saving is refused.
  await page.getByTestId('editor-spirits-0--weight').fill('25');
  await page.locator('[data-testid=editor-weight-sum][data-wrong=true]').waitFor();
  assert.equal((await page.getByTestId('editor-weight-sum').innerText()).trim(), 'Jumlah bobot spirit: 105');
  assert.match(await page.locator('[data-testid=editor-problem][data-field=spirits]').innerText(), /jumlah bobot spirit 105, seharusnya 100/);
  assert.equal(await visibleTextsMatching(page, /(seharusnya|harus tepat) 100/), 1, 'the wrong sum is said once');
  assert.equal(await page.getByTestId('editor-save').isDisabled(), true);
  // A word where a number belongs is named at its field, in Indonesian, and kept as typed.
  await page.getByTestId('editor-spirits-4--weight').fill('dua puluh');
  assert.match(await page.locator('[data-testid=editor-problem][data-field="spirits[4].weight"]').innerText(), /"dua puluh" bukan angka/);
  assert.equal(await page.getByTestId('editor-spirits-4--weight').inputValue(), 'dua puluh');
  // Nothing is lost on a reload: the draft comes back exactly as typed, with its starting point.
  await page.reload();
  await page.getByTestId('editor-spirit-0').waitFor();
  assert.equal(await page.getByTestId('editor-spirits-4--weight').inputValue(), 'dua puluh');
  assert.equal(await page.getByTestId('editor-spirits-0--weight').inputValue(), '25');
  // Akuntabel 25 → 20 balances it.
  await page.getByTestId('editor-spirits-4--weight').fill('20');
  await page.locator('[data-testid=editor-weight-sum][data-wrong=false]').waitFor();
  assert.equal(await page.getByTestId('editor-status').getAttribute('data-valid'), 'true');
  assert.match(await page.getByTestId('editor-changes').innerText(), /Bobot spirit berubah: C 20 → 25, A 25 → 20/);

  // A source note, a spirit's description, and the first indicator moved down from the keyboard.
  await page.getByTestId('editor-indicator-0').locator('summary').click();
  const firstCode = await page.getByTestId('editor-indicators-0--code').inputValue();
  const secondCode = await page.getByTestId('editor-indicators-1--code').inputValue();
  await page.getByTestId('editor-indicators-0--source_note').fill('Laporan KemenPAN-RB');
  await page.getByTestId('editor-spirits-2--description').fill('Aktif merespons sinyal');
  assert.equal(await page.getByTestId('editor-move-up-0').isDisabled(), true);
  await page.getByTestId('editor-move-down-0').focus();
  await page.keyboard.press('Enter');
  await page.locator('[data-testid=editor-indicator-1] summary', { hasText: firstCode }).waitFor();
  assert.match(await page.getByTestId('editor-indicator-0').locator('summary').innerText(), new RegExp(`^${secondCode} `));
  // The focus follows the moved indicator, which stays open with what was typed.
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'editor-move-down-1');
  assert.equal(await page.getByTestId('editor-indicators-1--source_note').inputValue(), 'Laporan KemenPAN-RB');
  assert.equal(await page.getByTestId('editor-status').getAttribute('data-valid'), 'true');

  // Dampak against the published 2023 results.
  await page.getByTestId('impact-period').selectOption('2023-annual');
  await page.getByTestId('impact-movers').waitFor();
  const shown = new Map(
    await page.getByTestId('impact-mover').evaluateAll((rows) =>
      rows.map((row) => [row.dataset.unit, row.querySelector('[data-testid=impact-new-total]').textContent]),
    ),
  );
  assert.ok(shown.size > 0, 'some units move');
  const gradesAfter = await page.getByTestId('impact-grades-after').locator('td').allInnerTexts();
  assert.equal(gradesAfter.map(Number).reduce((a, b) => a + b, 0), 38);

  // Saved as a new version.
  await page.getByTestId('editor-save').click();
  await page.getByTestId('admin-success').waitFor();
  const versionId = (await page.getByTestId('admin-success').innerText()).trim().split(/\s+/).pop();
  await page.locator('[data-testid=admin-rubrics] code', { hasText: versionId }).waitFor();
  const saved = await page.evaluate(async (url) => (await fetch(url)).json(), `/api/v1/rubrics/${encodeURIComponent(versionId)}`);
  const document = saved.document ?? saved;
  assert.deepEqual(document.indicators.slice(0, 2).map((i) => i.code), [secondCode, firstCode]);
  assert.equal(document.indicators[1].source_note, 'Laporan KemenPAN-RB');
  assert.equal(document.spirits[2].description, 'Aktif merespons sinyal');

  // Bound to a new period, the 2023 values imported, closed and published.
  await page.getByTestId('admin-tab-periode').click();
  // The form is filled once its rubric list has arrived (its arrival redraws the form).
  await page.locator(`[data-testid=admin-period-rubric-kabkota] option[value="${versionId}"]`).waitFor({ state: 'attached' });
  await page.getByTestId('admin-periods').locator('tbody tr').first().waitFor();
  await page.getByTestId('admin-period-year').fill('2025');
  await page.getByTestId('admin-period-kind').selectOption('annual');
  await page.getByTestId('admin-period-rubric-kabkota').selectOption(versionId);
  await page.getByTestId('admin-period-submit').click();
  const row = page.getByTestId('admin-period-2025-annual');
  await Promise.race([
    row.waitFor(),
    page.getByTestId('admin-problems').waitFor().then(async () => assert.fail(await page.getByTestId('admin-problems').innerText())),
  ]);
  await row.getByTestId('admin-period-to-open').click();
  await row.getByTestId('admin-period-to-closed').waitFor();
  await page.goto(`${ctx.server.url}/penilaian?periode=2025-annual&populasi=kabkota`);
  await importValues(page, 'values-kabkota-2023.csv', VALUES);
  await page.goto(`${ctx.server.url}/admin/periode`);
  await row.getByTestId('admin-period-to-closed').click();
  await row.getByTestId('admin-period-to-published').waitFor();
  await row.getByTestId('admin-period-to-published').click();
  await row.getByTestId('admin-period-state').filter({ hasText: /diterbitkan/i }).waitFor();

  // The official totals: a mover's is what the panel showed, every other unit keeps its 2023 total.
  const results = async (period) =>
    new Map(
      (await page.evaluate(async (url) => (await fetch(url)).json(), `/api/v1/periods/${period}/results?population=kabkota`)).map(
        (r) => [r.unit.code, hundredths(String(r.total))],
      ),
    );
  const official = await results('2025-annual');
  const before = await results('2023-annual');
  assert.equal(official.size, 38);
  for (const [code, total] of official) {
    const expected = shown.has(code) ? hundredths(shown.get(code)) : before.get(code);
    assert.equal(total, expected, code);
  }

  // The unit page: the change since 2023 is all the rubric's (same values), and the parts add up.
  const [moverCode] = shown.keys();
  await page.goto(`${ctx.server.url}/unit/${moverCode}?periode=2025-annual`);
  await page.getByTestId('unit-yoy').waitFor();
  const part = async (id) => Number(await page.getByTestId(`unit-yoy-${id}`).getAttribute('data-hundredths'));
  const [fromRubric, fromValues, total] = [await part('rubric'), await part('values'), await part('total')];
  assert.equal(fromRubric + fromValues, total);
  assert.equal(total, official.get(moverCode) - before.get(moverCode));
  assert.equal(fromValues, 0);
  assert.notEqual(fromRubric, 0);

  assert.deepEqual(problems.filter((problem) => !/status of (401|403|404|422)/.test(problem)), []);
});

// Words of the editor's and the panel's Indonesian interface that occur in none of the data they
// show (the rubric's spirit and indicator names, the units' names), so finding one in English
// means an untranslated text.
const INDONESIAN_UI_WORDS = [
  'bobot', 'jumlah', 'harus', 'seharusnya', 'tambah', 'hapus', 'simpan', 'unduh', 'mulai', 'templat', 'kosong',
  'pembulatan', 'pengampu', 'keterangan', 'aturan', 'skala', 'maksimum', 'arah', 'makin', 'poin', 'coba',
  'pensiunkan', 'masalah', 'perubahan', 'dampak', 'periode', 'pilih', 'memuat', 'sebaran', 'predikat',
  'sebelum', 'sesudah', 'peringkat', 'selisih', 'kenaikan', 'penurunan', 'berubah', 'tahunan', 'triwulan',
  'naikkan', 'turunkan', 'bukan', 'angka', 'unit berganti', 'sebelumnya', 'berikutnya', 'spirit dan',
  'jenis', 'kode', 'nama', 'tahun', 'populasi', 'menyunting', 'indikator', 'kategori', 'ya/tidak', 'rubrik',
];

test('in English the editor and the Dampak panel show no Indonesian of their own', async () => {
  const { page, problems } = await signIn(ctx, 'admin.demo', '/admin/rubrik');
  page.on('dialog', (dialog) => dialog.accept());
  await page.getByTestId('lang-switch').click();
  await page.getByTestId('editor-start').filter({ hasText: 'Start editing' }).waitFor();
  await page.getByTestId('editor-source').selectOption('template:kabkota');
  await page.getByTestId('editor-start').click();
  await page.getByTestId('editor-spirit-0').waitFor();
  // A wrong sum and a word for a number, so that problem lines are shown too.
  await page.getByTestId('editor-spirits-0--weight').fill('25');
  await page.getByTestId('editor-spirits-1--weight').fill('dua puluh');
  await page.locator('[data-testid=editor-problem][data-field="spirits[1].weight"]').waitFor();
  assert.match(await page.getByTestId('editor-weight-sum').innerText(), /^Sum of spirit weights: \?$/);
  assert.match(await page.locator('[data-testid=editor-problem][data-field="spirits[1].weight"]').innerText(), /"dua puluh" is not a number/);
  await page.getByTestId('impact-period').selectOption('2023-annual');
  await page.getByTestId('impact-invalid').waitFor();
  await page.getByTestId('editor-spirits-1--weight').fill('15');
  await page.locator('[data-testid=editor-weight-sum][data-wrong=false]').waitFor();
  await page.getByTestId('impact-movers').waitFor();
  // Every part the page holds, opened: texts, option labels and the buttons' accessible names.
  const shown = await page.getByTestId('rubric-editor').evaluate((editor) => {
    for (const details of editor.querySelectorAll('details')) details.open = true;
    const parts = [editor.innerText];
    for (const element of editor.querySelectorAll('option, [aria-label], [title], [placeholder]')) {
      parts.push(element.textContent, element.getAttribute('aria-label'), element.getAttribute('title'), element.getAttribute('placeholder'));
    }
    const data = [];
    for (const input of editor.querySelectorAll('input')) data.push(input.value);
    for (const row of editor.querySelectorAll('[data-testid=impact-mover] th')) data.push(row.textContent);
    return { text: parts.filter(Boolean).join('\n'), data: data.join('\n') };
  });
  // The data itself (names typed in the rubric, unit names) is left as it is.
  const rubric = readFileSync(new URL('../../public/rubrics/rubric-kabkota-2023.json', import.meta.url), 'utf8');
  const words = (text) => text.toLowerCase().replace(/[^a-z/ ]+/g, ' ');
  const dataText = ` ${words(rubric + shown.data)} `;
  const uiText = ` ${words(shown.text)} `;
  for (const word of INDONESIAN_UI_WORDS) {
    assert.ok(!dataText.includes(` ${word} `), `"${word}" is data, not a word to look for`);
    assert.ok(!uiText.includes(` ${word} `), `"${word}" is shown in English: …${shown.text.slice(Math.max(0, shown.text.toLowerCase().indexOf(word) - 80), shown.text.toLowerCase().indexOf(word) + 80)}…`);
  }
  assert.deepEqual(problems.filter((problem) => !/status of (401|403|404|422)/.test(problem)), []);
});
