// Audit: axe-core (WCAG 2.1 A and AA rules) on every page, at desktop width (1280 px) and phone
// width (390 px), for an anonymous visitor and for each demo role. A serious or critical
// violation fails the test and is listed with the page, the width and the elements it found.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { DEMO_PASSWORD, serverAndBrowser } from './support.mjs';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const WIDTHS = [1280, 390];

// Every route of the app (lib.rs), with the demo data's own unit for the unit pages.
const PAGES = [
  '/',
  '/simulasi',
  '/penilaian',
  '/peringkat',
  '/unit/kabupaten-banyuwangi',
  '/pendampingan',
  '/webinar',
  '/cara-penilaian',
  '/masuk',
  '/akun/kata-sandi',
  '/sistem-kerja',
  '/sistem-kerja/kabupaten-banyuwangi',
  '/admin/pengguna',
  '/admin/unit',
  '/admin/token',
  '/admin/log',
  '/admin/periode',
  '/admin/rubrik',
  '/admin/aspirasi',
  '/aspirasi',
  '/aspirasi/DEMA7-CNTH7',
  '/kotak-aspirasi',
  '/tidak-ada-halaman-ini',
];

const demo = serverAndBrowser();

/** A context of its own (the audit script needs the CSP bypassed there, never in the app). */
async function newAuditContext(username) {
  const context = await demo.browser.newContext({ viewport: { width: WIDTHS[0], height: 900 }, bypassCSP: true });
  if (username) {
    // Signing in through the API gives the context the session cookie; the app then confirms it
    // with /auth/me like after any reload.
    const answer = await context.request.post(`${demo.server.url}/api/v1/auth/login`, {
      data: { username, password: DEMO_PASSWORD },
    });
    assert.equal(answer.status(), 200, `signing ${username} in: ${await answer.text()}`);
  }
  return context;
}

/** Counts the page's requests in flight, and when the last one started or ended. */
function trackRequests(page) {
  const network = { inflight: 0, changedAt: Date.now() };
  const change = (delta) => () => {
    network.inflight += delta;
    network.changedAt = Date.now();
  };
  page.on('request', change(1));
  page.on('requestfinished', change(-1));
  page.on('requestfailed', change(-1));
  return network;
}

/**
 * Waits until the page has drawn what its requests brought: no request in flight for 300 ms (what
 * Playwright's "networkidle" does for a whole load, here after a client-side navigation), and
 * some content in the main region.
 */
async function settle(page, network, label) {
  try {
    await page.waitForFunction(() => true); // one turn of the page's event loop: the route has rendered
    const deadline = Date.now() + 30_000;
    while (network.inflight > 0 || Date.now() - network.changedAt < 300) {
      if (Date.now() > deadline) throw new Error(`${network.inflight} requests still in flight after 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await page.locator('main :is(h1, p)').first().waitFor();
  } catch (error) {
    const text = await page.locator('body').innerText().catch(() => '(no page text)');
    throw new Error(`${label}: the page did not settle (${error.message.split('\n')[0]}) at ${page.url()}; it says: ${text.slice(0, 400)}`);
  }
}

/** Runs axe on the page as it is; returns the serious and critical violations as text lines. */
async function audit(page, label) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE_PATH });
  const results = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    WCAG_TAGS,
  );
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => {
      const targets = violation.nodes.slice(0, 4).map((node) => node.target.join(' ')).join(' | ');
      return `${label}: ${violation.id} (${violation.impact}, ${violation.nodes.length}×) ${violation.help} — ${targets}`;
    });
}

/**
 * Opens the app once, then every page by client-side navigation (as a person moves through it;
 * the wasm and the audit script load once), and audits each at every width.
 */
async function sweep(username) {
  const context = await newAuditContext(username);
  const page = await context.newPage();
  const network = trackRequests(page);
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  const findings = [];
  await page.goto(`${demo.server.url}/`);
  // Pages a role cannot use say so the same way for every tab: one admin tab for the others.
  const pages = username === 'admin.demo' || username === null ? PAGES : PAGES.filter((path) => !path.startsWith('/admin/') || path === '/admin/pengguna');
  for (const path of pages) {
    const label = `${username ?? 'anonymous'} ${path}`;
    await page.setViewportSize({ width: WIDTHS[0], height: 900 });
    await page.evaluate((target) => {
      window.history.pushState(null, '', target);
      window.dispatchEvent(new PopStateEvent('popstate', { state: null }));
    }, path);
    await settle(page, network, label);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      findings.push(...(await audit(page, `${label} at ${width} px`)));
    }
  }
  await context.close();
  return [...findings, ...problems];
}

// The five sweeps share the server and the browser and run side by side (one context each).
describe('axe-core sweep', { concurrency: true }, () => {
  for (const username of [null, 'admin.demo', 'pengampu.demo', 'unit.demo', 'viewer.demo']) {
    test(`no serious or critical WCAG 2.1 A/AA violation on any page for ${username ?? 'an anonymous visitor'}`, async () => {
      const findings = await sweep(username);
      assert.deepEqual(findings, []);
    });
  }
});
