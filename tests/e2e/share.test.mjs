// End-to-end: results you can trust and share. Two models on the bundled sample, permutation
// importance in the trainer worker (with progress, cancel, and again after the worker was
// replaced), a result chart saved as PNG and the one-file HTML report, in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, trainModel, SHOTS } from './browser.mjs';

let page, errors, close, context;

before(async () => {
  ({ page, errors, close, context } = await openApp({ sample: true, width: 1280, height: 900 }));
  await page.waitForSelector('[data-testid="eda-ready"]', { timeout: 60_000 });
});

after(() => close?.());

const train = (model) => trainModel(page, model);

/** Clicks `locator` and returns the saved download's bytes and suggested name. */
async function download(locator) {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), locator.click()]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

test('permutation importance runs in the worker with progress, also after a cancel', async () => {
  const logreg = await train('logreg');
  const gbdt = await train('gbdt');

  // Start on logistic regression and cancel: the trainer worker is terminated.
  await logreg.locator('[data-testid="permutation-repeats"]').fill('50');
  await logreg.locator('[data-testid="permutation-repeats"]').dispatchEvent('change');
  await logreg.locator('[data-testid="permutation-run"]').click();
  await logreg.locator('[data-testid="permutation-progress"]').waitFor();
  await logreg.locator('[data-testid="permutation-cancel"]').click();
  await logreg.locator('[data-testid="permutation-progress"]').waitFor({ state: 'detached' });
  assert.equal(await logreg.locator('[data-testid="permutation-importance-chart"]').count(), 0);

  // GBDT on a fresh worker: it rebuilds the test rows from the exported model's run card.
  await page.evaluate(() => {
    window.__progress = [];
    new MutationObserver(() => {
      const p = document.querySelector('[data-testid="result-gbdt"] [data-testid="permutation-progress"]');
      if (p) window.__progress.push(Number(p.dataset.value));
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-value'] });
  });
  await gbdt.locator('[data-testid="permutation-repeats"]').fill('3');
  await gbdt.locator('[data-testid="permutation-repeats"]').dispatchEvent('change');
  await gbdt.locator('[data-testid="permutation-rows"]').fill('2000');
  await gbdt.locator('[data-testid="permutation-rows"]').dispatchEvent('change');
  const started = Date.now();
  await gbdt.locator('[data-testid="permutation-run"]').click();
  await gbdt.locator('[data-testid="permutation-importance-chart"]').waitFor({ timeout: 120_000 });
  const ms = Date.now() - started;
  const progress = await page.evaluate(() => window.__progress);
  assert.ok(progress.length >= 1, 'progress was shown');
  assert.ok(progress.every((v, i) => v >= 0 && v <= 1 && (i === 0 || v >= progress[i - 1])), `progress ${progress}`);
  const features = Number(await gbdt.locator('[data-testid="permutation-importance-chart"]').getAttribute('data-value'));
  assert.ok(features > 5, `${features} features`);
  console.log(`permutation importance (GBDT, sample, 3 repeats × 2,000 rows, ${features} features): ${ms} ms incl. worker restart`);
  // The gain chart stays beside it.
  assert.equal(await gbdt.locator('[data-testid="importance-chart"]').count(), 1);
  // Per class: choose a class, the chart is redrawn.
  const chart = gbdt.locator('[data-testid="permutation-importance-chart"]');
  const draws = Number(await chart.getAttribute('data-draws'));
  await gbdt.locator('[data-testid="permutation-class"]').selectOption('1');
  await page.waitForFunction(([el, n]) => Number(el.dataset.draws) > n, [await chart.elementHandle(), draws]);
  await gbdt.locator('[data-testid="permutation-importance"]').scrollIntoViewIfNeeded();
  await gbdt.locator('[data-testid="permutation-importance"]').screenshot({ path: join(SHOTS, 'permutation-importance.png') });
  await gbdt.locator('[data-testid="permutation-class"]').selectOption('');
  await gbdt.screenshot({ path: join(SHOTS, 'share-result-card.png') });
  assert.deepEqual(errors, []);
});

test('result charts download as PNG images', async () => {
  const gbdt = page.locator('[data-testid="result-gbdt"]').first();
  for (const chart of ['confusion-matrix', 'roc', 'permutation-importance']) {
    const { name, bytes } = await download(gbdt.locator(`[data-testid="download-png-${chart}"]`));
    assert.ok(bytes.subarray(0, 8).equals(PNG), `${name} is a PNG`);
    assert.ok(bytes.length > 5000, `${name}: ${bytes.length} bytes`);
    assert.match(name, new RegExp(`^crimelab-gbdt-run\\d+-${chart}\\.png$`));
    writeFileSync(join(SHOTS, `download-${chart}.png`), bytes);
  }
});

test('the HTML report holds both models with the page\'s metrics', async () => {
  const { name, bytes } = await download(page.locator('[data-testid="download-report"]'));
  assert.match(name, /^crimelab-report.*\.html$/);
  const html = bytes.toString('utf8');
  writeFileSync(join(SHOTS, 'report.html'), html);
  assert.ok(html.startsWith('<!DOCTYPE html>'));
  for (const section of ['dataset', 'exploration', 'comparison']) assert.ok(html.includes(`<section id="${section}"`), section);
  for (const external of ['<script', '<link', '<img', ' src=']) assert.ok(!html.includes(external), external);
  for (const model of ['logreg', 'gbdt']) {
    const accuracy = await page.locator(`[data-testid="result-${model}"] [data-testid="metric-accuracy"]`).first().getAttribute('data-value');
    const section = html.split(`data-testid="result-${model}"`)[1];
    assert.ok(section, `report has ${model}`);
    assert.ok(section.includes(`data-testid="metric-accuracy" data-value="${accuracy}"`), `${model} accuracy ${accuracy}`);
  }
  assert.ok(html.includes('Permutation importance'), 'permutation chart');
  const reportPage = await context.newPage();
  await reportPage.setViewportSize({ width: 1300, height: 900 });
  await reportPage.setContent(html, { waitUntil: 'load' });
  await reportPage.screenshot({ path: join(SHOTS, 'report.png'), fullPage: true });
  await reportPage.screenshot({ path: join(SHOTS, 'report-top.png') });
  await reportPage.close();
});

test('a kernel SVM result says which sample it used', async () => {
  const svm = await train('svm-kernel');
  const notes = await svm.locator('[data-testid="result-notes"]').textContent();
  assert.match(notes, /sample of [\d,]+ of the [\d,]+ training rows/);
  assert.deepEqual(errors, []);
});
