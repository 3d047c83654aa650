// Starts Debian's Chromium headless through playwright-core, with the flags this sandbox needs,
// and opens the app in it (`openApp`): the setup every end-to-end test shares.
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from './serve.mjs';

/** The repository's root folder. */
export const ROOT = new URL('../..', import.meta.url).pathname;

/** Where tests save screenshots for people to look at (made on import). */
export const SHOTS = join(ROOT, 'target/e2e');
mkdirSync(SHOTS, { recursive: true });

/** The bundled sample the page's "Try the sample" loads. */
export const SAMPLE = join(ROOT, 'static/data/sample.csv');

/**
 * The `crimelab` binary the end-to-end tests compare the page with: the newer of the release and
 * debug builds (a stale one would compare the page with old code). Throws when neither is built.
 */
export function crimelab() {
  const built = ['target/release/crimelab', 'target/debug/crimelab'].map((p) => join(ROOT, p)).filter(existsSync);
  if (built.length === 0) throw new Error('build crimelab first (cargo build)');
  return built.reduce((a, b) => (statSync(b).mtimeMs > statSync(a).mtimeMs ? b : a));
}

/** Folders made by `tempDir` in this test process, removed when it exits. */
const temporary = new Set();
process.on('exit', () => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/**
 * A fresh folder under the system's temporary folder, named `crimelab-PREFIX-…`, removed with
 * everything in it when the test process exits (passed or failed), so test runs leave nothing
 * behind (a browser profile alone takes tens of MB).
 */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), `crimelab-${prefix}-`));
  temporary.add(dir);
  return dir;
}

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * A fresh persistent context (own user-data-dir) and its first page. `bypassCSP` lets a test inject
 * a script (such as axe-core) that the app's Content-Security-Policy would refuse. Closing the
 * context deletes its profile.
 */
export async function launch({ width = 1280, height = 800, bypassCSP = false } = {}) {
  const userDataDir = tempDir('chromium');
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width, height },
    bypassCSP,
  });
  const closeBrowser = context.close.bind(context);
  context.close = async (...args) => {
    try {
      await closeBrowser(...args);
    } finally {
      rmSync(userDataDir, { recursive: true, force: true });
      temporary.delete(userDataDir);
    }
  };
  const page = context.pages()[0] || (await context.newPage());
  return { context, page };
}

/** Rows of the bundled sample (static/data/sample.csv). */
export const SAMPLE_ROWS = 12954;

/** Clicks "Try the sample" and waits until its dataset card shows every row. */
export async function loadSample(page) {
  await page.click('[data-testid="load-sample"]');
  await page.waitForFunction(
    (rows) => document.querySelector('[data-testid="dataset-rows"]')?.dataset.value === String(rows),
    SAMPLE_ROWS,
    { timeout: 60_000 },
  );
}

/**
 * Chooses the bundled sample as a file (so that run cards name it as the command line does) and
 * waits until its dataset card shows every row.
 */
export async function chooseSampleFile(page) {
  await page.setInputFiles('[data-testid="file-input"]', SAMPLE);
  await page.waitForFunction(
    (rows) => document.querySelector('[data-testid="dataset-rows"]')?.dataset.value === String(rows),
    SAMPLE_ROWS,
    { timeout: 60_000 },
  );
}

/** The wall-time fields of an exported model: the only fields that differ between two runs. */
export const TIMINGS = ['train_ms', 'predict_ms', 'prepare_ms'];

/** JSON `text` without the fields named in `keys` (at any depth), as canonical text. */
export function withoutKeys(text, keys = TIMINGS) {
  return JSON.stringify(JSON.parse(text), (key, value) => (keys.includes(key) ? undefined : value));
}

/**
 * Serves the build (`dist/`) and opens the app in a fresh Chromium; every uncaught page error is
 * recorded in `errors` (tests end with `assert.deepEqual(errors, [])`).
 *
 * - `beforeOpen({ server, context, page })` runs before the first visit (init scripts, listeners);
 * - `open: false` stops there (the test visits when it wants); otherwise the page is visited and
 *   the setup waits until "Try the sample" can be clicked;
 * - `sample: true` then loads the sample and waits for its every row;
 * - `width`, `height`, `bypassCSP` go to `launch`, `base` and `gzip` to `serve`.
 *
 * Resolves to `{ server, context, page, errors, close }`; `close()` ends the browser and server.
 */
export async function openApp({
  sample = false, open = true, beforeOpen, width, height, bypassCSP, base, gzip,
} = {}) {
  const server = await serve(join(ROOT, 'dist'), { base, gzip });
  let context;
  const close = async () => {
    await context?.close();
    server.close();
  };
  try {
    let page;
    ({ context, page } = await launch({ width, height, bypassCSP }));
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    if (beforeOpen) await beforeOpen({ server, context, page });
    if (open) {
      await page.goto(server.url);
      await page.waitForSelector('[data-testid="load-sample"]:not([disabled])');
      if (sample) await loadSample(page);
    }
    return { server, context, page, errors, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * Chooses `model`, clicks Train and waits for its new result card; returns that card (results
 * are listed newest first).
 */
export async function trainModel(page, model, { timeout = 180_000 } = {}) {
  const card = `[data-testid="result-${model}"]`;
  const before = await page.locator(card).count();
  await page.selectOption('[data-testid="model"]', model);
  await page.click('[data-testid="train"]');
  await page.waitForFunction(([c, n]) => document.querySelectorAll(c).length > n, [card, before], { timeout });
  return page.locator(card).first();
}

/** The `data-value` of a card's metric (`metric-accuracy`, `metric-train-rows`, …) as a number. */
export async function metric(card, testid) {
  return Number(await card.locator(`[data-testid="${testid}"]`).getAttribute('data-value'));
}

/** Starts recording the page's longest main-thread task (PerformanceObserver 'longtask'). */
export async function trackLongestTask(page) {
  await page.evaluate(() => {
    window.__longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** The longest main-thread task in ms since tracking started or the last reset (`reset`: start over). */
export async function longestTask(page, { reset = false } = {}) {
  return page.evaluate((r) => {
    const ms = window.__longest;
    if (r) window.__longest = 0;
    return ms;
  }, reset);
}

/**
 * Records every Content-Security-Policy violation of `page` (and of documents it opens later):
 * the `securitypolicyviolation` events, and the console's "Refused to …" reports, which also
 * cover workers. Returns the live list.
 */
export async function recordCspViolations(page) {
  const violations = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  page.on('console', (m) => {
    const text = m.text();
    if (/CSP violation|Content Security Policy|Refused to (load|execute|apply|connect|create|compile|evaluate)/.test(text)) violations.push(text);
  });
  page.on('worker', (w) => w.on('console', (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) violations.push(`worker: ${m.text()}`);
  }));
  return violations;
}
