// End-to-end: Tune shared out over 1 and 2 trainer workers gives the same candidates table,
// the same best params and, trained with one click, the same exported model; Cancel of a
// Tune on 3 workers stops every worker and the next Tune runs.
//
// Exported models are compared after removing their wall times (`train_ms`, `predict_ms`,
// `prepare_ms`, and the search's `elapsed_ms` and each candidate's `fit_ms` on the run card).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chooseSampleFile, openApp, SHOTS, TIMINGS, tempDir, withoutKeys } from './browser.mjs';

mkdirSync(SHOTS, { recursive: true });
const TMP = tempDir('tune-workers');
/** The model's wall times, and the search's (`elapsed_ms`, each candidate's `fit_ms`). */
const WALL_TIMES = [...TIMINGS, 'elapsed_ms', 'fit_ms'];

let app, page, errors;

before(async () => {
  app = await openApp({ width: 1280, height: 900 });
  ({ page, errors } = app);
  await chooseSampleFile(page);
});

after(async () => {
  await app?.close();
});


const withoutTimes = (text) => withoutKeys(text, WALL_TIMES);

/** The tuning table's rows: rank, params, mean score and std of each candidate, best first. */
async function candidates() {
  return page.$$eval('[data-testid="tune-candidate"]', (rows) =>
    rows.map((r) => ({ rank: r.dataset.rank, params: r.dataset.params, score: r.dataset.value, std: r.dataset.std })),
  );
}

/** Resolves once `n` of the page's current workers have closed (fails after 30 s). */
function closings(n) {
  return new Promise((resolve, reject) => {
    let closed = 0;
    for (const w of page.workers()) w.once('close', () => ++closed === n && resolve());
    setTimeout(() => reject(new Error(`${closed} of ${n} workers closed within 30 s`)), 30_000).unref();
  });
}

/** Tunes the chosen model on `workers` workers; returns the candidates table. */
async function tune(workers) {
  await page.selectOption('[data-testid="train-workers"]', String(workers));
  await page.click('[data-testid="tune"]');
  await page.waitForSelector('[data-testid="train-progress"]');
  await page.waitForSelector('[data-testid="train-progress"]', { state: 'detached', timeout: 300_000 });
  await page.waitForSelector('[data-testid="tune-candidate"]');
  return candidates();
}

/** Trains the best candidate (its "train with these") and returns its exported model, no timings. */
async function trainBest(name) {
  const cards = '[data-testid="result-logreg"]';
  const before = await page.locator(cards).count();
  await page.locator('[data-testid="tune-candidate"]').first().locator('button').click();
  await page.waitForFunction(([c, n]) => document.querySelectorAll(c).length > n, [cards, before], { timeout: 300_000 });
  const card = page.locator(cards).first();
  const [download] = await Promise.all([page.waitForEvent('download'), card.locator('[data-testid="export-model"]').click()]);
  const path = join(TMP, `${name}.json`);
  await download.saveAs(path);
  return withoutTimes(readFileSync(path, 'utf8'));
}

test('Tune on 1 and 2 workers gives the same table, best params and trained model', async () => {
  await page.selectOption('[data-testid="model"]', 'logreg');
  const one = await tune(1);
  const oneModel = await trainBest('logreg-1');
  const two = await tune(2);
  await page.locator('[data-testid="tune-results"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'tune-two-workers.png') });
  const twoModel = await trainBest('logreg-2');
  assert.ok(one.length >= 4, `${one.length} candidates`);
  assert.deepEqual(two, one, 'the candidates table');
  assert.equal(two[0].params, one[0].params, 'the best params');
  // The same model, and the same search on its run card.
  assert.ok(twoModel === oneModel, 'the model trained from the best candidate differs');
  assert.equal(JSON.parse(twoModel).card.tuning.candidates.length, one.length);
  assert.deepEqual(errors, []);
});

test('Cancel stops every worker of a shared Tune; results stay and the next Tune runs', async () => {
  await page.selectOption('[data-testid="model"]', 'random-forest');
  // The search's settings sit in the closed "Tuning" details.
  if (!(await page.isVisible('[data-testid="tune-strategy"]'))) await page.click('.tune-options summary');
  await page.selectOption('[data-testid="tune-strategy"]', 'random-20');
  await page.selectOption('[data-testid="tune-rows"]', '0');
  await page.selectOption('[data-testid="train-workers"]', '3');
  const results = await page.locator('[data-testid^="result-"]').count();
  await page.click('[data-testid="tune"]');
  // The shared search says how many candidates are scored and on how many workers.
  await page.waitForFunction(
    () => /candidates scored \(\d+ of \d+ fits done on 3 workers\)/.test(document.querySelector('.train-progress .progress-detail')?.textContent ?? ''),
    null,
    { timeout: 120_000 },
  );
  // The trainer and both extra workers are terminated.
  const stopped = closings(3);
  await page.click('[data-testid="train-cancel"]');
  await page.waitForSelector('[data-testid="train-progress"]', { state: 'detached' });
  await stopped;
  assert.equal(await page.locator('[data-testid^="result-"]').count(), results, 'results stay as they were');
  // The next search runs (a quick one: logistic regression on 2 workers).
  await page.selectOption('[data-testid="model"]', 'logreg');
  await page.selectOption('[data-testid="tune-strategy"]', 'random-8');
  await page.selectOption('[data-testid="tune-rows"]', '20000');
  const again = await tune(2);
  assert.ok(again.length >= 4);
  assert.deepEqual(errors, []);
});
