// End-to-end: accessibility in headless Chromium on the bundled sample. axe-core finds no
// serious or critical violation on the empty page, the dashboard and a trained result; a
// keyboard-only run (page.keyboard alone) goes load → dashboard → filters → train → results;
// every dashboard chart has a summary label and a "Show as table" view; Lighthouse scores the
// page ≥ 95 for accessibility and best practices.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { CHROMIUM, FLAGS, openApp, SHOTS } from './browser.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let server, page, errors, close;

before(async () => {
  // The app's Content-Security-Policy would block the injected axe-core script.
  ({ server, page, errors, close } = await openApp({ width: 1280, height: 900, bypassCSP: true }));
});

after(() => close?.());

/** Serious and critical axe-core violations on the page as it is, one line each. */
async function axeViolations() {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ content: AXE });
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/** Presses Tab (Shift+Tab with `back`) until the focused element matches `selector`. */
async function tabTo(selector, { back = false, max = 400 } = {}) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Whether the focused element shows a visible focus indicator (an outline or a box shadow). */
async function focusVisible() {
  return page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  });
}

test('the empty page has no serious or critical axe-core violation', async () => {
  assert.deepEqual(await axeViolations(), []);
});

test('keyboard only: load the sample, filter the dashboard, train, reach the result', async () => {
  // Load: the file input and the "try the sample" button are both reached by Tab.
  await page.evaluate(() => document.activeElement?.blur());
  await tabTo('[data-testid="file-input"]');
  await tabTo('[data-testid="load-sample"]');
  assert.ok(await focusVisible(), 'the focused button shows its focus');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid="dataset-rows"]')?.dataset.value === '12954', null, { timeout: 60_000 });
  await page.waitForSelector('[data-testid="eda-ready"]', { timeout: 60_000 });

  // Filters: the first crime type alone, by arrow keys in its list, then Apply.
  await tabTo('[data-testid="filter-crime-types"]');
  await page.keyboard.press('ArrowDown');
  await tabTo('[data-testid="filter-apply"]');
  assert.ok(await focusVisible());
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => {
    const rows = Number(document.querySelector('[data-testid="eda-rows"]')?.dataset.value);
    return rows > 0 && rows < 12954 && document.querySelector('[data-testid="eda-ready"]');
  }, null, { timeout: 60_000 });

  // Train: the model chosen with the arrow keys, then Train.
  await tabTo('[data-testid="model"]');
  await page.keyboard.press('Home');
  await tabTo('[data-testid="train"]');
  assert.ok(await focusVisible());
  await page.keyboard.press('Enter');
  const card = await page.waitForSelector('[data-testid^="result-"] [data-testid="metric-accuracy"]', { timeout: 180_000 });
  assert.ok(Number(await card.getAttribute('data-value')) > 0);

  // Results: Tab reaches the result card's controls.
  await tabTo('article [data-testid^="download-"], article button', { max: 600 });
  assert.ok(await page.evaluate(() => !!document.activeElement.closest('article')));
  await page.screenshot({ path: join(SHOTS, 'a11y-keyboard-result.png') });
  assert.deepEqual(errors, []);
});

test('the dashboard and a trained result have no serious or critical axe-core violation', async () => {
  await page.waitForSelector('[data-testid="eda-ready"]');
  assert.deepEqual(await axeViolations(), []);
});

test('every dashboard chart has a summary label and shows its data as a table', async () => {
  const charts = await page.$$eval('canvas[data-testid^="chart-"]', (cs) =>
    cs.map((c) => ({ id: c.dataset.testid, role: c.getAttribute('role'), label: c.getAttribute('aria-label') })));
  assert.ok(charts.length >= 12, `${charts.length} charts`);
  for (const c of charts) {
    assert.equal(c.role, 'img', c.id);
    assert.ok(c.label && c.label.length > 20 && c.label.endsWith('.'), `${c.id}: ${c.label}`);
  }
  const monthly = charts.find((c) => c.id === 'chart-monthly').label;
  assert.match(monthly, /^Incidents per month, \d{4}-\d\d to \d{4}-\d\d, peak [\d,]+ in \d{4}-\d\d/);

  await page.click('[data-testid="table-toggle-monthly"]');
  const table = page.locator('[data-testid="table-monthly"]');
  await table.waitFor();
  assert.equal(await page.getAttribute('[data-testid="table-toggle-monthly"]', 'aria-expanded'), 'true');
  const headers = await table.locator('thead th').allTextContents();
  assert.deepEqual(headers, ['month', 'incidents']);
  const months = await table.locator('tbody tr').count();
  assert.equal(months, 17, 'one row per month, March 2020 to July 2021');
  await page.click('[data-testid="table-toggle-monthly"]');
  assert.equal(await table.count(), 0);
});

test('Lighthouse scores the page at least 95 for accessibility and best practices', async () => {
  const { default: lighthouse } = await import('lighthouse');
  const chromeLauncher = await import('chrome-launcher');
  const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH || CHROMIUM, chromeFlags: FLAGS });
  try {
    const result = await lighthouse(server.url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['accessibility', 'best-practices'],
      formFactor: 'desktop',
      screenEmulation: { mobile: false, width: 1280, height: 900, deviceScaleFactor: 1, disabled: false },
      throttlingMethod: 'provided',
    });
    const { categories, audits } = result.lhr;
    const scores = { accessibility: Math.round(categories.accessibility.score * 100), bestPractices: Math.round(categories['best-practices'].score * 100) };
    const failed = Object.values(audits).filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary').map((a) => a.id);
    console.log(`Lighthouse: accessibility ${scores.accessibility}, best practices ${scores.bestPractices}; failed audits: ${failed.join(', ') || 'none'}`);
    assert.ok(scores.accessibility >= 95, `accessibility ${scores.accessibility}: ${failed.join(', ')}`);
    assert.ok(scores.bestPractices >= 95, `best practices ${scores.bestPractices}: ${failed.join(', ')}`);
  } finally {
    await chrome.kill();
  }
});
