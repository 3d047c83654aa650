// Starts Debian's Chromium headless through playwright-core, with the flags this sandbox needs.
import { chromium } from 'playwright-core';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../..', import.meta.url).pathname;

/**
 * The `crimelab` binary the end-to-end tests compare the page with: the newer of the release and
 * debug builds (a stale one would compare the page with old code). Throws when neither is built.
 */
export function crimelab() {
  const built = ['target/release/crimelab', 'target/debug/crimelab'].map((p) => join(ROOT, p)).filter(existsSync);
  if (built.length === 0) throw new Error('build crimelab first (cargo build)');
  return built.reduce((a, b) => (statSync(b).mtimeMs > statSync(a).mtimeMs ? b : a));
}

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * A fresh persistent context (own user-data-dir) and its first page. `bypassCSP` lets a test inject
 * a script (such as axe-core) that the app's Content-Security-Policy would refuse.
 */
export async function launch({ width = 1280, height = 800, bypassCSP = false } = {}) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'crimelab-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width, height },
    bypassCSP,
  });
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
