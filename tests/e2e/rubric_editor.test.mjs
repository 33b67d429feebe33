// Journey (issue 18): a Biro Organisasi administrator prepares next year's kab/kota rubric in the
// browser, without writing JSON. From the shipped 2023 template she changes one spirit weight
// (the sum warning appears, then she balances it), sees on "Dampak" which units move against the
// published 2023 results, saves the version, binds it to a new period, imports the 2023 values
// into it and publishes: the official totals are exactly the ones the panel showed. The unit page
// splits the change since 2023 into a rubric part and a values part that add up to the total.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { importValues, serverAndBrowser, signIn } from './support.mjs';

const VALUES = readFileSync(new URL('../../public/demo/sibekisar-2023/values-kabkota-2023.csv', import.meta.url), 'utf8');

const ctx = serverAndBrowser();

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

  // Cepat 20 → 25: the sum is 105, said next to the spirits, and saving is refused.
  await page.getByTestId('editor-spirits-0--weight').fill('25');
  await page.locator('[data-testid=editor-weight-sum][data-wrong=true]').waitFor();
  assert.match(await page.getByTestId('editor-weight-sum').innerText(), /105 — harus tepat 100/);
  assert.match(await page.locator('[data-testid=editor-problem][data-field=spirits]').innerText(), /jumlah bobot spirit 105, seharusnya 100/);
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
