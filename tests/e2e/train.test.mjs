// End-to-end: training models on the bundled sample in the trainer worker, in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { crimelab, metric, openApp, trainModel, SAMPLE, SHOTS } from './browser.mjs';

let page, errors, close;

before(async () => {
  ({ page, errors, close } = await openApp({ sample: true, width: 1280, height: 900 }));
});

after(() => close?.());

/** Trains `model` and returns the figures of its result card. */
async function train(model) {
  const card = await trainModel(page, model);
  return {
    accuracy: await metric(card, 'metric-accuracy'),
    macroF1: await metric(card, 'metric-macro-f1'),
    trainMs: await metric(card, 'metric-train-ms'),
    memory: await metric(card, 'metric-peak-memory'),
  };
}

test('logistic regression and GBDT train on the sample and beat the majority baseline', async () => {
  const majority = await train('majority');
  const logreg = await train('logreg');
  const gbdt = await train('gbdt');
  for (const [name, r] of Object.entries({ logreg, gbdt })) {
    assert.ok(r.accuracy > majority.accuracy + 0.2, `${name} accuracy ${r.accuracy} vs majority ${majority.accuracy}`);
    assert.ok(r.macroF1 > 0.5, `${name} macro-F1 ${r.macroF1}`);
    assert.ok(r.trainMs > 0);
    // The trainer's wasm memory (dataset copy, matrix, model) is reported, and far below 1.5 GB.
    assert.ok(r.memory > 1_000_000 && r.memory < 1.5 * 2 ** 30, `${name} trainer memory ${r.memory}`);
  }
  assert.equal(await page.locator('[data-testid="model-comparison"] tbody tr').count(), 3);
  assert.ok(await page.locator('[data-testid="result-gbdt"] [data-testid="confusion-matrix"]').count());
  assert.ok(await page.locator('[data-testid="result-gbdt"] [data-testid="importance-chart"]').count());
  // ROC / precision-recall curves for each of the 10 crime groups, and the reliability diagram.
  assert.equal(await page.locator('[data-testid="result-gbdt"] [data-testid="roc-pr"] .curve-legend li').count(), 10);
  assert.ok(await page.locator('[data-testid="result-gbdt"] [data-testid="calibration"] circle').count() > 3);
  const shape = await page.getAttribute('[data-testid="matrix-shape"]', 'data-value');
  assert.match(shape, /^\d+x\d+$/);
  await page.locator('[data-testid="result-gbdt"]').first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'train-results.png'), fullPage: true });
  assert.deepEqual(errors, []);
});

test('the same seed gives the same metrics', async () => {
  const a = await train('logreg');
  const b = await train('logreg');
  assert.equal(a.accuracy, b.accuracy);
  assert.equal(a.macroF1, b.macroF1);
});

test('cancelling a run keeps earlier results and the dataset', async () => {
  const before = await page.locator('[data-testid="model-comparison"] tbody tr').count();
  // A run long enough to cancel midway: boosting with many rounds and no early stop.
  await page.selectOption('[data-testid="model"]', 'gbdt');
  await page.click('.params-editor summary');
  await page.fill('[data-testid="params"]', '{"n_rounds": 5000, "early_stopping_rounds": 0}');
  await page.dispatchEvent('[data-testid="params"]', 'change');
  await page.click('.params-editor summary');
  await page.click('[data-testid="train"]');
  await page.waitForSelector('[data-testid="train-progress"]');
  // Once the run has measured its pace, the time left shows (seconds in data-value).
  const eta = await page.waitForSelector('[data-testid="train-eta"]', { timeout: 60_000 });
  assert.match(await eta.getAttribute('data-value'), /^\d+$/, 'whole seconds left');
  assert.match(await eta.textContent(), /left/);
  await page.click('[data-testid="train-cancel"]');
  await page.waitForSelector('[data-testid="train-progress"]', { state: 'detached' });
  assert.equal(await page.locator('[data-testid="model-comparison"] tbody tr').count(), before);
  assert.equal(await page.getAttribute('[data-testid="dataset-rows"]', 'data-value'), '12954');
  // Training works again after a cancel (a fresh trainer gets the dataset again).
  const again = await train('naive-bayes');
  assert.ok(again.accuracy > 0.3);
});

test('the leakage guard explains what it excluded, and an override flags results', async () => {
  // Predicting Part 1-2 from the crime code leaks the answer.
  await page.selectOption('[data-testid="target"]', 'part-1-2');
  await page.click('.feature-picker summary');
  await page.check('input[data-testid="feature"][value="column:Crm Cd"]');
  await page.click('[data-testid="preview-features"]');
  await page.waitForSelector('[data-testid="leakage-notes"] li');
  const notes = await page.textContent('[data-testid="leakage-notes"]');
  assert.match(notes, /excluded/);
  await page.check('[data-testid="keep-leaky"]');
  await train('tree');
  const warnings = await page.locator('[data-testid="result-tree"]').first().locator('[data-testid="result-warnings"]').textContent();
  assert.ok(warnings.length > 0, 'leaky result carries a warning');
  await page.uncheck('[data-testid="keep-leaky"]');
  await page.uncheck('input[data-testid="feature"][value="column:Crm Cd"]');
  await page.selectOption('[data-testid="target"]', 'crime-group');
});

test('the browser and the command line give the same model for the same inputs', async () => {
  const { execFileSync } = await import('node:child_process');
  const exe = crimelab();
  const cli = JSON.parse(execFileSync(exe, ['train', SAMPLE, '--model', 'logreg', '--json'], { maxBuffer: 64 << 20 }));
  const browser = await train('logreg');
  assert.equal(browser.accuracy.toFixed(4), cli.accuracy.toFixed(4));
  assert.equal(browser.macroF1.toFixed(4), cli.macro_f1.toFixed(4));
});

test('tuning ranks candidates by cross-validation and trains the chosen one', async () => {
  const before = await page.locator('[data-testid="result-tree"]').count();
  await page.selectOption('[data-testid="model"]', 'tree');
  await page.click('[data-testid="tune"]');
  await page.waitForSelector('[data-testid="tune-results"] tbody tr', { timeout: 180_000 });
  const rows = await page.locator('[data-testid="tune-results"] tbody tr').count();
  assert.ok(rows >= 2, `${rows} candidates`);
  const best = page.locator('[data-testid="tune-results"] tbody tr').first();
  const chosen = JSON.parse(await best.getAttribute('data-params'));
  await best.locator('button').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="result-tree"]').length > n, before, { timeout: 120_000 });
  // The params box now holds exactly the chosen candidate's hyper-parameters.
  assert.deepEqual(JSON.parse(await page.inputValue('[data-testid="params"]')), chosen);
});

test('tuning can search a grid scored on the time split over every training row', async () => {
  await page.selectOption('[data-testid="model"]', 'tree');
  await page.click('.tune-options summary');
  await page.selectOption('[data-testid="tune-strategy"]', 'grid');
  await page.selectOption('[data-testid="tune-validation"]', 'time');
  await page.selectOption('[data-testid="tune-rows"]', '0');
  await page.click('[data-testid="tune"]');
  await page.waitForFunction(
    () => /the time split/.test(document.querySelector('[data-testid="tune-results"] h3')?.textContent || ''),
    null,
    { timeout: 180_000 },
  );
  const heading = await page.textContent('[data-testid="tune-results"] h3');
  const candidates = Number(heading.match(/(\d+) candidates/)[1]);
  assert.ok(candidates >= 4, heading);
  assert.equal(await page.locator('[data-testid="tune-results"] tbody tr').count(), candidates);
  await page.locator('[data-testid="tune-results"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'tune-time-split.png') });
  assert.deepEqual(errors, []);
});
