// Shared helpers for the end-to-end tests: start the real server on a free port with a fresh
// database, and a headless Debian Chromium driven by playwright-core.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

function requiredEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the end-to-end tests with cargo xtask test`);
  return value;
}

/** Starts the sibekisar binary on 127.0.0.1 port 0 and resolves once it prints its URL. */
export async function startServer({ demo = false, env = {} } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'sibekisar-e2e-'));
  const child = spawn(requiredEnv('SIBEKISAR_BIN'), [], {
    env: {
      ...process.env,
      SIBEKISAR_ADDR: '127.0.0.1:0',
      DATABASE_URL: `sqlite://${dir}/sibekisar.db`,
      SIBEKISAR_SITE_DIR: requiredEnv('SIBEKISAR_SITE_DIR'),
      SIBEKISAR_DEMO: demo ? '1' : '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    // Set SIBEKISAR_E2E_SERVER_LOG to a file path to keep the server's log when chasing a failure.
    if (process.env.SIBEKISAR_E2E_SERVER_LOG) appendFileSync(process.env.SIBEKISAR_E2E_SERVER_LOG, chunk);
  });
  const url = await new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${stderr}`)), 60_000);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = stdout.match(/http:\/\/127\.0\.0\.1:(\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${match[1]}`);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before starting:\n${stderr}`));
    });
  });
  return {
    url,
    dir,
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

/** A headless Chromium with a fresh profile. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** Opens a page and fails the test on any error the page logs or throws. */
export async function openPage(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  await page.goto(url);
  return { page, context, problems };
}

/** The password of every demo account. */
export const DEMO_PASSWORD = 'cettar-demo-2023';

/**
 * Starts a server and a browser for the test file (`before`) and stops both (`after`). Returns a
 * holder whose `server` and `browser` are set once the tests run.
 */
export function serverAndBrowser({ demo = true, env = {} } = {}) {
  const holder = { server: null, browser: null };
  before(async () => {
    holder.server = await startServer({ demo, env });
    holder.browser = await launchBrowser();
  });
  after(async () => {
    await holder.browser?.close();
    await holder.server?.stop();
  });
  return holder;
}

/**
 * On an open assessment page: imports a CSV file of values through the import panel (dry run
 * first, which must find no problem, then the commit) and waits until it is stored.
 */
export async function importValues(page, name, csv) {
  await page.getByTestId('assess-grid').waitFor();
  await page.getByTestId('import-panel').locator('summary').click();
  await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByTestId('import-check').click();
  await page.getByTestId('import-counts').waitFor();
  const problems = await page.getByTestId('import-problem').allInnerTexts();
  if (problems.length > 0) throw new Error(`the import's dry run found problems: ${problems.join('; ')}`);
  await page.getByTestId('import-confirm').click();
  await page.getByTestId('import-done').waitFor();
}

/** Signs in on /masuk (username and password typed) and waits for the page `next`. */
export async function signIn({ server, browser }, username, next, password = DEMO_PASSWORD) {
  const opened = await openPage(browser, `${server.url}/masuk?lanjut=${encodeURIComponent(next)}`);
  const { page } = opened;
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  // Either the page moves on, or the form says why not: a refusal fails at once with the page's
  // own message (and where the page is) instead of a bare navigation timeout.
  const moved = page.waitForURL(`${server.url}${next}`).then(() => null);
  const refused = page
    .getByTestId('login-error')
    .waitFor()
    .then(async () => `the sign-in form said: ${await page.getByTestId('login-error').innerText()}`)
    // Only a shown message settles this one; its own time-out or the page closing never does.
    .catch(() => new Promise(() => {}));
  const failure = await Promise.race([moved, refused]).catch(async (error) => {
    const body = await page.locator('body').innerText().catch(() => '(no page text)');
    return `${error.message}\nat ${page.url()}\npage text: ${body.slice(0, 600)}`;
  });
  if (failure) {
    throw new Error(`signing in as ${username} did not reach ${next}: ${failure}\nproblems: ${opened.problems.join('; ')}`);
  }
  return opened;
}
