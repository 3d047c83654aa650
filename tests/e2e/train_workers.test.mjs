// End-to-end: a random forest and gradient-boosted trees trained by 1, 2 and 4 trainer workers,
// and a logistic regression by 1, 2 and 3, are the same models, and the same as
// `crimelab train`'s.
//
// Exported models are compared byte for byte after removing their timing fields (`train_ms`,
// `predict_ms`, `prepare_ms`): a split run's training time is the page's wall time of the share
// phase, and no two runs take the same time. Nothing else is ignored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { chooseSampleFile, crimelab, metric, openApp, tempDir, SAMPLE, SHOTS, withoutKeys } from './browser.mjs';

mkdirSync(SHOTS, { recursive: true });
const TMP = tempDir('workers');
const FOREST = '{"n_trees": 12, "max_depth": 12}';
const GBDT = '{"n_rounds": 15, "max_leaves": 15}';
const LOGREG = '{"max_iter": 40}';

let app, page, errors;

before(async () => {
  app = await openApp({ width: 1280, height: 900 });
  ({ page, errors } = app);
  await chooseSampleFile(page);
});

after(async () => {
  await app?.close();
});


async function setParams(model, params) {
  await page.selectOption('[data-testid="model"]', model);
  if (!(await page.isVisible('[data-testid="params"]'))) await page.click('.params-editor summary');
  await page.fill('[data-testid="params"]', params);
  await page.dispatchEvent('[data-testid="params"]', 'change');
}

/** Trains `model` with `workers` workers; returns its exported model (no timings), notes and memory. */
async function train(model, workers) {
  await page.selectOption('[data-testid="train-workers"]', String(workers));
  // Not trainModel(): choosing the model again would reset the hyper-parameters set above.
  const cards = `[data-testid="result-${model}"]`;
  const before = await page.locator(cards).count();
  await page.click('[data-testid="train"]');
  await page.waitForFunction(([c, n]) => document.querySelectorAll(c).length > n, [cards, before], { timeout: 300_000 });
  const card = page.locator(cards).first(); // newest first
  const [download] = await Promise.all([page.waitForEvent('download'), card.locator('[data-testid="export-model"]').click()]);
  const path = join(TMP, `${model}-${workers}.json`);
  await download.saveAs(path);
  const notes = (await card.locator('[data-testid="result-notes"]').count())
    ? await card.locator('[data-testid="result-notes"]').textContent() : '';
  const curve = (await card.locator('[data-testid="learning-curve"] .valid-line').count())
    ? await card.locator('[data-testid="learning-curve"] .valid-line').getAttribute('points') : '';
  return { json: withoutKeys(readFileSync(path, 'utf8')), notes, memory: await metric(card, 'metric-peak-memory'), curve };
}

test('the workers select offers 1 to 8 and says which models use it', async () => {
  // The training form is built a frame after the dataset card.
  await page.waitForSelector('[data-testid="train-workers"] option', { state: 'attached' });
  const values = await page.locator('[data-testid="train-workers"] option').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(values, ['1', '2', '3', '4', '5', '6', '7', '8']);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const expected = Math.min(Math.max(cores - 1, 1), 8);
  assert.equal(await page.inputValue('[data-testid="train-workers"]'), String(expected));
  await setParams('random-forest', FOREST);
  await page.selectOption('[data-testid="train-workers"]', '4');
  assert.match(await page.textContent('[data-testid="train-workers-note"]'), /trees are split/);
  await page.locator('.train-form').first().screenshot({ path: join(SHOTS, 'train-workers-form.png') });
  await page.selectOption('[data-testid="model"]', 'gbdt');
  assert.match(await page.textContent('[data-testid="train-workers-note"]'), /shared out by class/);
  await page.selectOption('[data-testid="model"]', 'logreg');
  assert.match(await page.textContent('[data-testid="train-workers-note"]'), /shared out in blocks/);
  await page.selectOption('[data-testid="model"]', 'knn');
  assert.match(await page.textContent('[data-testid="train-workers-note"]'), /trains on one worker/);
});

test('a forest on 1, 2 and 4 workers is the same forest, and the command line\'s', async () => {
  await setParams('random-forest', FOREST);
  const one = await train('random-forest', 1);
  const two = await train('random-forest', 2);
  const four = await train('random-forest', 4);
  assert.ok(two.json === one.json, 'the forest of 2 workers differs from 1 worker\'s');
  assert.ok(four.json === one.json, 'the forest of 4 workers differs from 1 worker\'s');
  assert.match(two.notes, /grown by 2 trainer workers/);
  assert.match(four.notes, /grown by 4 trainer workers/);
  // Every worker holds its own data: the summed peak grows with the workers.
  assert.ok(four.memory > one.memory, `4 workers ${four.memory} vs 1 worker ${one.memory}`);

  // The page names the question's features in the card; the command line is given the same list.
  const features = JSON.parse(readFileSync(join(TMP, 'random-forest-1.json'), 'utf8')).card.feature_config.features;
  const path = join(TMP, 'cli-forest.json');
  execFileSync(crimelab(), ['train', SAMPLE, '--model', 'random-forest', '--params', FOREST,
    '--features', features.join(','), '--export-model', path], { maxBuffer: 64 << 20 });
  assert.ok(withoutKeys(readFileSync(path, 'utf8')) === one.json, 'the page\'s forest differs from crimelab train\'s');
  assert.deepEqual(errors, []);
});

test('GBDT on 1, 2 and 4 workers is the same model, and the command line\'s', async () => {
  await setParams('gbdt', GBDT);
  const one = await train('gbdt', 1);
  const two = await train('gbdt', 2);
  const four = await train('gbdt', 4);
  assert.ok(two.json === one.json, 'GBDT on 2 workers differs from 1 worker\'s');
  assert.ok(four.json === one.json, 'GBDT on 4 workers differs from 1 worker\'s');
  assert.match(two.notes, /grown by 2 trainer workers/);
  assert.match(four.notes, /grown by 4 trainer workers/);
  // The learning curve comes with the split model: the same validation losses are drawn.
  assert.ok(one.curve.length > 0, 'one worker\'s GBDT card draws a learning curve');
  assert.equal(two.curve, one.curve);
  assert.equal(four.curve, one.curve);
  const features = JSON.parse(readFileSync(join(TMP, 'gbdt-1.json'), 'utf8')).card.feature_config.features;
  const path = join(TMP, 'cli-gbdt.json');
  execFileSync(crimelab(), ['train', SAMPLE, '--model', 'gbdt', '--params', GBDT,
    '--features', features.join(','), '--export-model', path], { maxBuffer: 64 << 20 });
  assert.ok(withoutKeys(readFileSync(path, 'utf8')) === one.json, 'the page\'s GBDT differs from crimelab train\'s');
  assert.deepEqual(errors, []);
});

test('logistic regression on 1, 2 and 3 workers is the same model, and the command line\'s', async () => {
  await setParams('logreg', LOGREG);
  const one = await train('logreg', 1);
  const two = await train('logreg', 2);
  const three = await train('logreg', 3);
  assert.ok(two.json === one.json, 'logistic regression on 2 workers differs from 1 worker\'s');
  assert.ok(three.json === one.json, 'logistic regression on 3 workers differs from 1 worker\'s');
  assert.match(two.notes, /fitted by 2 trainer workers/);
  assert.match(three.notes, /fitted by 3 trainer workers/);
  // The first worker's learning curve comes with the model: the same validation losses.
  assert.equal(two.curve, one.curve);
  assert.equal(three.curve, one.curve);
  const features = JSON.parse(readFileSync(join(TMP, 'logreg-1.json'), 'utf8')).card.feature_config.features;
  const path = join(TMP, 'cli-logreg.json');
  execFileSync(crimelab(), ['train', SAMPLE, '--model', 'logreg', '--params', LOGREG,
    '--features', features.join(','), '--export-model', path], { maxBuffer: 64 << 20 });
  assert.ok(withoutKeys(readFileSync(path, 'utf8')) === one.json, 'the page\'s logistic regression differs from crimelab train\'s');
  assert.deepEqual(errors, []);
});

test('Cancel stops every worker of a split run; the next run trains', async () => {
  await setParams('random-forest', '{"n_trees": 400, "max_depth": 30}');
  await page.selectOption('[data-testid="train-workers"]', '3');
  const before = await page.locator('[data-testid="result-random-forest"]').count();
  await page.click('[data-testid="train"]');
  await page.waitForSelector('[data-testid="train-progress"]');
  await page.click('[data-testid="train-cancel"]');
  await page.waitForSelector('[data-testid="train-progress"]', { state: 'detached' });
  assert.equal(await page.locator('[data-testid="result-random-forest"]').count(), before, 'results stay as they were');
  await setParams('random-forest', FOREST);
  const again = await train('random-forest', 2);
  assert.match(again.notes, /grown by 2 trainer workers/);
  assert.deepEqual(errors, []);
});
