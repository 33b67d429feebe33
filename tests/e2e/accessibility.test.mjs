// Audit: axe-core (WCAG 2.1 A and AA rules) on every page, at desktop width (1280 px) and phone
// width (390 px), for an anonymous visitor and for each demo role. A serious or critical
// violation fails the test and is listed with the page, the width and the elements it found.
import { test } from 'node:test';
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

/** Waits until the page has drawn what its requests brought (no request in flight, a heading). */
async function settle(page, label) {
  try {
    await page.waitForLoadState('networkidle');
    await page.locator('main h1').first().waitFor();
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

/** Opens every page once, audits it at each width, and returns every finding. */
async function sweep(username) {
  const context = await newAuditContext(username);
  const page = await context.newPage();
  const findings = [];
  for (const path of PAGES) {
    await page.setViewportSize({ width: WIDTHS[0], height: 900 });
    await page.goto(`${demo.server.url}${path}`);
    await settle(page, `${username ?? 'anonymous'} ${path}`);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      findings.push(...(await audit(page, `${username ?? 'anonymous'} ${path} at ${width} px`)));
    }
  }
  await context.close();
  return findings;
}

for (const username of [null, 'admin.demo', 'pengampu.demo', 'unit.demo', 'viewer.demo']) {
  test(`no serious or critical WCAG 2.1 A/AA violation on any page for ${username ?? 'an anonymous visitor'}`, async () => {
    const findings = await sweep(username);
    assert.deepEqual(findings, []);
  });
}
