// End-to-end: the column profiles, the feature ranking and the tuning table download as CSV
// (header and one row per item), and a linear model's result card shows its top coefficients.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crimelab, openApp, ROOT } from './browser.mjs';
import { parseCsv } from './csv.mjs';

let page, errors, close;

before(async () => {
  ({ page, errors, close } = await openApp({ sample: true, width: 1280, height: 900 }));
});

after(() => close?.());

/** Clicks the download button `testid` and parses the saved CSV. */
async function download(testid) {
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.click(`[data-testid="${testid}"]`),
  ]);
  assert.match(file.suggestedFilename(), /^crimelab-.*\.csv$/);
  return parseCsv(readFileSync(await file.path(), 'utf8'));
}

test('the column profiles download with one row per column', async () => {
  await page.waitForSelector('[data-testid="download-profile-csv"]');
  const { header, rows } = await download('download-profile-csv');
  assert.deepEqual(header.slice(0, 7), ['column', 'kind', 'official', 'count', 'missing', 'missing_pct', 'distinct']);
  const columns = Number(await page.getAttribute('[data-testid="dataset-columns"]', 'data-value'));
  assert.equal(rows.length, columns);
  const area = rows.find((r) => r[0] === 'AREA NAME');
  assert.equal(area[header.indexOf('top_value')], 'West LA');
});

test('the feature ranking downloads best first', async () => {
  await page.click('[data-testid="preview-features"]');
  await page.waitForSelector('[data-testid="feature-summary"]', { timeout: 120_000 });
  const { header, rows } = await download('download-ranking-csv');
  assert.deepEqual(header, ['rank', 'column', 'feature', 'mutual_info', 'uncertainty', 'chi2', 'chi2_dof', 'kept']);
  assert.ok(rows.length > 10, `${rows.length} ranked columns`);
  assert.deepEqual(rows.map((r) => Number(r[0])), rows.map((_, i) => i + 1));
  const mi = rows.map((r) => Number(r[3]));
  assert.ok(mi.every((v, i) => i === 0 || v <= mi[i - 1]), 'sorted by mutual information');
});

test('the tuning table downloads with every candidate and fold', async () => {
  await page.selectOption('[data-testid="model"]', 'naive-bayes');
  await page.click('[data-testid="tune"]');
  await page.waitForSelector('[data-testid="tune-results"]', { timeout: 180_000 });
  const candidates = await page.locator('[data-testid="tune-results"] tbody tr').count();
  const { header, rows } = await download('download-tuning-csv');
  assert.deepEqual(header, ['rank', 'alpha', 'score', 'std', 'fold_1', 'fold_2', 'fold_3', 'fit_ms', 'error', 'params']);
  assert.equal(rows.length, candidates);
  assert.equal(rows[0][0], '1');
  assert.ok(Number(rows[0][2]) > 0.1, `best score ${rows[0][2]}`);
  assert.equal(JSON.parse(rows[0][9]).alpha, Number(rows[0][1]));
});

test('a logistic regression card shows its top coefficients per class', async () => {
  await page.selectOption('[data-testid="target"]', 'part-1-2');
  await page.selectOption('[data-testid="model"]', 'logreg');
  await page.click('[data-testid="train"]');
  await page.waitForSelector('[data-testid="result-logreg"] [data-testid="coefficients"]', { timeout: 180_000 });
  const table = page.locator('[data-testid="result-logreg"] [data-testid="coefficients"]');
  assert.equal(await table.getAttribute('data-value'), '2');
  const part1 = table.locator('tr[data-class="Part 1"]');
  assert.equal(await part1.locator('.coef.pos').count(), 5);
  assert.equal(await part1.locator('.coef.neg').count(), 5);
  const theft = part1.locator('.coef.pos[data-feature="mocode_0344"][data-level="yes"]');
  assert.equal(await theft.count(), 1, 'MO code 0344 weighs towards Part 1');
  assert.ok(Number(await theft.getAttribute('data-value')) > 0);
  await table.screenshot({ path: join(ROOT, 'target/e2e/coefficients.png') });
  assert.deepEqual(errors, []);
});
