// End-to-end: the app runs under its Content-Security-Policy (its own files only, plus compiling
// its own WebAssembly), from loading the sample through training to the HTML report, which carries
// a stricter policy of its own. Any violation fails the test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSample, openApp, recordCspViolations, ROOT } from './browser.mjs';

let server, context, page, errors, close, violations;

before(async () => {
  ({ server, context, page, errors, close } = await openApp({
    open: false,
    beforeOpen: async ({ page }) => { violations = await recordCspViolations(page); },
  }));
});

after(() => close?.());

test('the built page carries a policy that allows only its own files', () => {
  const html = readFileSync(join(ROOT, 'dist/index.html'), 'utf8');
  const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)"/);
  assert.ok(meta, 'CSP meta in dist/index.html');
  const policy = Object.fromEntries(meta[1].split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.deepEqual(policy['default-src'], ["'self'"]);
  assert.deepEqual(policy['connect-src'], ["'self'"]);
  assert.deepEqual(policy['style-src'], ["'self'"]);
  assert.deepEqual(policy['object-src'], ["'none'"]);
  const scripts = policy['script-src'];
  assert.ok(scripts.includes("'self'") && scripts.includes("'wasm-unsafe-eval'"), scripts.join(' '));
  assert.ok(!scripts.includes("'unsafe-inline'") && !scripts.includes("'unsafe-eval'"), scripts.join(' '));
  assert.ok(scripts.some((s) => s.startsWith("'sha256-")), 'the start-up script is allowed by its hash');
  assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<script'), 'the policy comes before any script');
});

test('load, dashboard, training and the report run without a policy violation', async () => {
  await page.goto(server.url);
  await loadSample(page);
  await page.waitForSelector('[data-testid="eda-ready"]', { timeout: 60_000 });
  await page.selectOption('[data-testid="model"]', 'gbdt');
  await page.click('[data-testid="train"]');
  const result = page.locator('[data-testid="result-gbdt"]').first();
  await result.waitFor({ timeout: 180_000 });
  // The result views that draw (confusion matrix, curves, map of predictions) are on the page.
  await result.locator('[data-testid="confusion-matrix"]').waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.locator('[data-testid="download-report"]').click(),
  ]);
  const html = readFileSync(await download.path(), 'utf8');
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);

  // The report under its own policy: it renders (inline CSS and SVG apply), nothing is blocked.
  const report = await context.newPage();
  const reportViolations = await recordCspViolations(report);
  await report.setContent(html, { waitUntil: 'load' });
  const background = await report.evaluate(() => getComputedStyle(document.querySelector('main')).maxWidth);
  assert.notEqual(background, 'none', 'the report\'s inline stylesheet applies');
  assert.ok(await report.locator('svg').count() > 5, 'charts are drawn');
  await report.close();

  assert.deepEqual(reportViolations, []);
  assert.deepEqual(violations, []);
  assert.deepEqual(errors, []);
});
