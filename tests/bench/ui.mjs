// UI benchmarks in headless Chromium (run by `cargo xtask bench`, never as a test):
//  - simulator: time from an input event to the updated total/grade in the DOM, with layout done
//    (the engine runs synchronously in wasm inside the event handler), p50/p95 over many changes;
//  - first load to interactive on 127.0.0.1: navigation start → the simulator's total is shown.
// Prints figures; asserts nothing about speed.
import { startServer, launchBrowser } from '../e2e/support.mjs';

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
} finally {
  await browser.close();
  await server.stop();
}
