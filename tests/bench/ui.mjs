// UI benchmarks in headless Chromium (run by `cargo xtask bench`, never as a test):
//  - simulator: time from an input event to the updated total/grade in the DOM, with layout done
//    (the engine runs synchronously in wasm inside the event handler), p50/p95 over many changes;
//  - first load to interactive on 127.0.0.1: navigation start → the simulator's total is shown;
//  - a 600-row table (issue 7): "Peringkat" with a generated population of 600 units (the API's
//    38 kab/kota rows repeated and renamed, answered by the browser's request interception so the
//    server stays untouched), scrolled from top to bottom one step per frame; frame-time p50/p95
//    (requestAnimationFrame intervals) and the time to render the table;
//  - the rubric editor's "Dampak" panel (issue 18) on 600 generated kab/kota units (the 2023
//    values and ranking repeated and renamed, again through request interception): time from a
//    weight typed into the editor to the panel's DOM updated with layout done, p50/p95.
// Prints figures; asserts nothing about speed.
import { startServer, launchBrowser, signIn } from '../e2e/support.mjs';

const SAMPLES = 300;
const LOADS = 10;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const server = await startServer({ demo: true });
const browser = await launchBrowser();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const unitPath = '/simulasi?periode=2023-annual&unit=kabupaten-banyuwangi';
  await page.goto(`${server.url}${unitPath}`);
  await page.getByTestId('sim-total').waitFor();
  // IKM: a kab/kota scale indicator on 0–100, typed into its number field.
  const testid = 'sim-input-IKM';
  await page.getByTestId(testid).waitFor();
  const timings = await page.evaluate(async ({ testid, samples }) => {
    const field = document.querySelector(`[data-testid="${testid}"]`);
    const total = document.querySelector('[data-testid="sim-total"]');
    // Resolves when the total's text changes (the reactive update is scheduled, not synchronous).
    const totalChanged = () => new Promise((resolve) => {
      const observer = new MutationObserver(() => { observer.disconnect(); clearTimeout(timer); resolve(true); });
      const timer = setTimeout(() => { observer.disconnect(); resolve(false); }, 1000);
      observer.observe(total, { childList: true, subtree: true, characterData: true });
    });
    const out = [];
    for (let i = 0; i < samples; i += 1) {
      // Alternate low and high values so that every input really moves the total.
      const value = i % 2 === 0 ? 10 + (i % 10) : 90 - (i % 10);
      const changed = totalChanged();
      const started = performance.now();
      field.value = value.toFixed(2);
      field.dispatchEvent(new Event('input', { bubbles: true }));
      field.dispatchEvent(new Event('change', { bubbles: true }));
      const didChange = await changed;
      total.getBoundingClientRect(); // force style and layout of the updated page
      out.push({ elapsed: performance.now() - started, changed: didChange });
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    return out;
  }, { testid, samples: SAMPLES });
  const changed = timings.filter((t) => t.changed).length;
  const sorted = timings.map((t) => t.elapsed).sort((a, b) => a - b);
  console.log(`bench ui simulator_input_to_total (${testid}, ${SAMPLES} changes, ${changed} changed the total): ` +
    `p50 ${percentile(sorted, 50).toFixed(2)} ms, p95 ${percentile(sorted, 95).toFixed(2)} ms, max ${sorted[sorted.length - 1].toFixed(2)} ms`);
  await context.close();

  const loads = [];
  for (let i = 0; i < LOADS; i += 1) {
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Record, inside the page, the moment the total first shows a number.
    await fresh.addInitScript(() => {
      const observer = new MutationObserver(() => {
        const total = document.querySelector('[data-testid="sim-total"]');
        if (total && /\d/.test(total.textContent)) {
          window.__interactiveAt = performance.now();
          observer.disconnect();
        }
      });
      observer.observe(document, { childList: true, subtree: true, characterData: true });
    });
    const loadPage = await fresh.newPage();
    await loadPage.goto(`${server.url}${unitPath}`);
    await loadPage.waitForFunction(() => window.__interactiveAt !== undefined);
    loads.push(await loadPage.evaluate(() => window.__interactiveAt));
    await fresh.close();
  }
  loads.sort((a, b) => a - b);
  console.log(`bench ui first_load_to_interactive (/simulasi, cold cache, ${LOADS} loads): ` +
    `median ${percentile(loads, 50).toFixed(0)} ms, max ${loads[loads.length - 1].toFixed(0)} ms`);

  await benchLargeTable(server, browser);
  await benchImpactPanel(server, browser);
} finally {
  await browser.close();
  await server.stop();
}

/** Scrolls "Peringkat" showing 600 generated units and prints frame-time percentiles. */
async function benchLargeTable(server, browser) {
  const ROWS = 600;
  const STEP_PX = 60;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const isRanking = (url) => url.pathname === '/api/v1/periods/2023-annual/results' && url.searchParams.get('population') === 'kabkota';
  await page.route(isRanking, async (route) => {
    const response = await route.fetch();
    const demo = await response.json();
    const rows = Array.from({ length: ROWS }, (_, index) => {
      const base = demo[index % demo.length];
      return { ...base, unit: { ...base.unit, code: `${base.unit.code}-${index + 1}`, name: `${base.unit.name} ${index + 1}` } };
    });
    rows.sort((a, b) => Number(b.total) - Number(a.total));
    rows.forEach((row, index) => { row.rank = index + 1; });
    await route.fulfill({ response, json: rows });
  });
  const started = Date.now();
  await page.goto(`${server.url}/peringkat?periode=2023-annual&populasi=kabkota`);
  await page.waitForFunction((rows) => document.querySelectorAll('[data-testid="ranking-row"]').length === rows, ROWS);
  const renderMs = Date.now() - started;
  const frames = await page.evaluate(async (step) => {
    window.scrollTo(0, 0);
    const table = document.querySelector('[data-testid="ranking-table"]');
    const end = table.getBoundingClientRect().bottom + window.scrollY - window.innerHeight;
    const intervals = [];
    let last;
    await new Promise((resolve) => {
      const frame = (now) => {
        if (last !== undefined) intervals.push(now - last);
        last = now;
        if (window.scrollY >= end - 1) { resolve(); return; }
        window.scrollBy(0, step);
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    return intervals;
  }, STEP_PX);
  frames.sort((a, b) => a - b);
  const over = frames.filter((ms) => ms > 1000 / 60 + 4).length;
  console.log(`bench ui table_600_rows_scroll (/peringkat, ${ROWS} rows, ${frames.length} frames at ${STEP_PX} px): ` +
    `frame p50 ${percentile(frames, 50).toFixed(2)} ms, p95 ${percentile(frames, 95).toFixed(2)} ms, ` +
    `max ${frames[frames.length - 1].toFixed(2)} ms, ${over} frames over 20 ms; page to 600 rows ${renderMs} ms`);
  await context.close();
}


/**
 * The rubric editor's "Dampak" panel against 600 generated units: many edits of one indicator's
 * weight (each leaves the draft valid, so each re-scores and re-ranks every unit), timed from the
 * input event to the panel's content changed and laid out.
 */
async function benchImpactPanel(server, browser) {
  const UNITS = 600;
  const EDITS = 200;
  // Requests a service worker makes are not intercepted: the bench's context runs without one.
  const withoutWorkers = { newContext: (options) => browser.newContext({ ...options, serviceWorkers: 'block' }) };
  const { page, context } = await signIn({ server, browser: withoutWorkers }, 'admin.demo', '/admin/rubrik');
  const repeated = (list, rename) => Array.from({ length: UNITS }, (_, index) => rename(list[index % list.length], index + 1));
  const suffix = (code, n) => `${code}-${n}`;
  await page.route(
    (url) => url.pathname === '/api/v1/periods/2023-annual/values' && url.searchParams.get('population') === 'kabkota',
    async (route) => {
      const response = await route.fetch();
      const stored = await response.json();
      const units = repeated(stored.units, (unit, n) => ({ ...unit, code: suffix(unit.code, n) }));
      await route.fulfill({ response, json: { ...stored, units } });
    },
  );
  await page.route(
    (url) => url.pathname === '/api/v1/periods/2023-annual/results' && url.searchParams.get('population') === 'kabkota',
    async (route) => {
      const response = await route.fetch();
      const rows = repeated(await response.json(), (row, n) => ({
        ...row,
        unit: { ...row.unit, code: suffix(row.unit.code, n), name: `${row.unit.name} ${n}` },
      }));
      await route.fulfill({ response, json: rows });
    },
  );
  await page.getByTestId('editor-source').selectOption('template:kabkota');
  await page.getByTestId('editor-start').click();
  await page.getByTestId('editor-indicator-0').waitFor({ state: 'attached' });
  await page.getByTestId('impact-period').selectOption('2023-annual');
  await page.getByTestId('impact-grades-after').waitFor();
  const counted = await page.getByTestId('impact-grades-after').locator('td').allInnerTexts();
  const units = counted.map(Number).reduce((a, b) => a + b, 0);
  if (units !== UNITS) throw new Error(`the panel shows ${units} units, not the ${UNITS} generated`);
  const timings = await page.evaluate(async (edits) => {
    const field = document.querySelector('[data-testid="editor-indicators-0--weight"]');
    const panel = document.querySelector('[data-testid="impact-content"]');
    const panelChanged = () => new Promise((resolve) => {
      const observer = new MutationObserver(() => { observer.disconnect(); clearTimeout(timer); resolve(true); });
      const timer = setTimeout(() => { observer.disconnect(); resolve(false); }, 2000);
      observer.observe(panel, { childList: true, subtree: true, characterData: true, attributes: true });
    });
    const out = [];
    for (let i = 0; i < edits; i += 1) {
      // Weights 1…7 in turn: every edit differs from the one before and keeps the draft valid.
      const changed = panelChanged();
      const started = performance.now();
      field.value = String(1 + (i % 7));
      field.dispatchEvent(new Event('input', { bubbles: true }));
      const didChange = await changed;
      panel.getBoundingClientRect(); // force style and layout of the updated panel
      out.push({ elapsed: performance.now() - started, changed: didChange });
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    return out;
  }, EDITS);
  const rows = await page.getByTestId('impact-mover').count();
  const changed = timings.filter((t) => t.changed).length;
  const sorted = timings.map((t) => t.elapsed).sort((a, b) => a - b);
  console.log(`bench ui impact_panel_600_units_weight_edit (/admin/rubrik Dampak, ${units} units, ${EDITS} edits, ` +
    `${changed} updated the panel, ${rows} mover rows at the end): ` +
    `p50 ${percentile(sorted, 50).toFixed(2)} ms, p95 ${percentile(sorted, 95).toFixed(2)} ms, max ${sorted[sorted.length - 1].toFixed(2)} ms`);
  await context.close();
}
