// End-to-end: saved models are data, never code paths to trust. A trained model is exported,
// imported back and applied to the loaded data (a result card with metrics); edited model files
// and an oversized one are refused with clear messages while the dataset stays loaded and the
// dashboard keeps answering; an analysis worker that stops answering is replaced and its
// dataset loaded again; a panic on the page shows a message instead of a frozen page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, openSync, closeSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { metric, openApp, tempDir, trainModel, SAMPLE_ROWS, SHOTS } from './browser.mjs';

const TMP = tempDir('models');

let page, errors, close;
let exported; // path of the exported GBDT model

before(async () => {
  ({ page, errors, close } = await openApp({ sample: true, width: 1280, height: 900 }));
});

after(async () => {
  await close?.();
});

const value = (testid) => page.getAttribute(`[data-testid="${testid}"]`, 'data-value');

/** Waits until the error banner says `text`. */
async function errorSays(text, timeout = 60_000) {
  await page.waitForFunction(
    (t) => [...document.querySelectorAll('[data-testid="error"]')].some((e) => e.textContent.includes(t)),
    text,
    { timeout },
  );
  return page.locator('[data-testid="error"]').first().textContent();
}

async function dismissErrors() {
  for (const button of await page.locator('[data-testid="error"] button').all()) await button.click();
}

/** Applies a date filter and waits for the dashboard's answer: another row count than before. */
async function dashboardAnswers(from, to) {
  await page.waitForSelector('[data-testid="eda-ready"]', { timeout: 60_000 });
  const before = await value('eda-rows');
  await page.fill('[data-testid="filter-date-from"]', from);
  await page.fill('[data-testid="filter-date-to"]', to);
  await page.click('[data-testid="filter-apply"]');
  await page.waitForFunction((b) => {
    const rows = document.querySelector('[data-testid="eda-rows"]')?.dataset.value;
    return document.querySelector('[data-testid="eda-ready"]') && rows !== undefined && rows !== b;
  }, before, { timeout: 60_000 });
  return Number(await value('eda-rows'));
}

test('train, export, import the file and apply it: the applied card shows its metrics', async () => {
  await trainModel(page, 'gbdt');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-testid="result-gbdt"] [data-testid="export-model"]'),
  ]);
  exported = join(TMP, 'gbdt.json');
  await download.saveAs(exported);

  await page.setInputFiles('[data-testid="import-model"]', exported);
  await page.waitForSelector('[data-testid="apply-model"]');
  await page.click('[data-testid="apply-model"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="result-gbdt"]').length === 2,
    null, { timeout: 180_000 });
  const applied = page.locator('[data-testid="result-gbdt"]', { hasText: 'saved model, applied' });
  const trained = page.locator('[data-testid="result-gbdt"]', { hasNotText: 'saved model, applied' });
  const accuracy = await metric(applied, 'metric-accuracy');
  const f1 = await metric(applied, 'metric-macro-f1');
  assert.ok(accuracy > 0.5 && accuracy <= 1, `applied accuracy ${accuracy}`);
  assert.ok(f1 > 0 && f1 <= 1, `applied macro-F1 ${f1}`);
  // Every row of the sample with a crime group is scored: more than the trained run's test rows.
  const scored = await metric(applied, 'metric-test-rows');
  assert.ok(scored > await metric(trained, 'metric-test-rows') && scored <= SAMPLE_ROWS, `${scored} rows`);
  // The applied card has the predictions CSV and the map, like a trained one.
  await applied.locator('[data-testid="download-predictions"]').waitFor();
  await applied.locator('[data-testid="prediction-map-panel"]').waitFor();
  await applied.scrollIntoViewIfNeeded();
  await applied.screenshot({ path: join(SHOTS, 'model-applied.png') });
  assert.deepEqual(errors, []);
});

test('edited model files are refused with a clear message; the dataset and dashboard stay', async () => {
  assert.ok(exported, 'the first test exported a model');
  const original = JSON.parse(readFileSync(exported, 'utf8'));
  const imported = await page.locator('[data-testid="imported-model"]').count();
  const edits = [
    ['self-loop', (m) => { m.model.fitted.trees[0].nodes[0].right = 0; }, 'node 0: child 0 points back up the tree'],
    ['feature', (m) => { m.model.fitted.trees[2].nodes[0].feature = 4e9; }, 'tree 2, node 0: feature 4000000000 does not exist'],
    ['n-out', (m) => { m.model.fitted.n_out = 0; }, 'n_out is 0'],
  ];
  for (const [name, edit, message] of edits) {
    const model = structuredClone(original);
    edit(model);
    const path = join(TMP, `edited-${name}.json`);
    writeFileSync(path, JSON.stringify(model));
    await dismissErrors();
    await page.setInputFiles('[data-testid="import-model"]', path);
    const text = await errorSays(message);
    assert.match(text, /This model file cannot be used/);
  }
  await page.locator('[data-testid="error"]').first().screenshot({ path: join(SHOTS, 'model-edited-refused.png') });
  assert.equal(await page.locator('[data-testid="imported-model"]').count(), imported, 'nothing was imported');
  assert.equal(await value('dataset-rows'), String(SAMPLE_ROWS), 'the dataset is still loaded');
  const rows = await dashboardAnswers('2020-06-01', '2020-12-31');
  assert.ok(rows > 1000, `${rows} rows in the filtered dashboard`);
  assert.deepEqual(errors, []);
});

test('a model file over the size cap is refused before it is read', async () => {
  await dismissErrors();
  const path = join(TMP, 'huge.json');
  const fd = openSync(path, 'w');
  ftruncateSync(fd, 257_000_000); // sparse: nothing to read but zeros, and nothing is read
  closeSync(fd);
  await page.setInputFiles('[data-testid="import-model"]', path);
  const text = await errorSays('bytes in the model file');
  assert.match(text, /257\.0 MB, where Crime Lab accepts at most 256\.0 MB/);
  assert.equal(await value('dataset-rows'), String(SAMPLE_ROWS));
  assert.deepEqual(errors, []);
});

test('an analysis worker that stops answering is replaced and the dataset is loaded again', async () => {
  await dismissErrors();
  const results = await page.locator('.result-card').count();
  await page.evaluate(() => window.crimelabTest.stallEngine(600_000));
  const text = await errorSays('did not answer within 1 s');
  assert.match(text, /being loaded again/);
  await page.waitForFunction((n) => document.querySelector('[data-testid="dataset-rows"]')?.dataset.value === String(n)
    && document.querySelector('[data-testid="eda-ready"]'), SAMPLE_ROWS, { timeout: 60_000 });
  // The filters were kept, and the new engine answers a new one.
  assert.equal(await page.inputValue('[data-testid="filter-date-from"]'), '2020-06-01');
  const rows = await dashboardAnswers('2021-01-01', '2021-06-30');
  assert.ok(rows > 500, `${rows} rows`);
  assert.equal(await page.locator('.result-card').count(), results, 'results are kept');
  assert.deepEqual(errors, []);
});

test('a panic on the page shows a clear message instead of a frozen page', async () => {
  await page.evaluate(() => { try { window.crimelabTest.panic(); } catch { /* the wasm trap */ } });
  const text = await errorSays('internal error', 10_000);
  assert.match(text, /Reload the page/);
  await page.screenshot({ path: join(SHOTS, 'page-panic.png') });
});
