// End-to-end: the page's Tune and `crimelab tune` run the same search, and the form names the
// question and says when Scaling cannot matter, in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { crimelab, openApp, SAMPLE, SHOTS } from './browser.mjs';

let page, errors, close;

before(async () => {
  ({ page, errors, close } = await openApp({ sample: true, width: 1280, height: 900 }));
});

after(() => close?.());

function cli(args) {
  const exe = crimelab();
  return JSON.parse(execFileSync(exe, args, { maxBuffer: 64 << 20 }));
}

/** The tuning table's rows: params, mean score and std of each candidate, best first. */
async function pageCandidates() {
  return page.$$eval('[data-testid="tune-candidate"]', (rows) =>
    rows.map((r) => ({
      rank: Number(r.dataset.rank),
      params: JSON.parse(r.dataset.params),
      score: r.dataset.value === undefined ? null : Number(r.dataset.value),
      std: r.dataset.std === undefined ? null : Number(r.dataset.std),
    })),
  );
}

test('the page and crimelab tune give the same ranking for the same inputs', async () => {
  // The form's defaults: 8 random candidates, 3-fold cross-validation, 20,000 rows, seed 42.
  await page.selectOption('[data-testid="model"]', 'logreg');
  await page.click('[data-testid="tune"]');
  await page.waitForSelector('[data-testid="tune-candidate"]', { timeout: 300_000 });
  const browser = await pageCandidates();
  const command = cli(['tune', SAMPLE, '--model', 'logreg', '--json']).candidates;
  assert.ok(browser.length >= 4, `${browser.length} candidates`);
  assert.equal(browser.length, command.length);
  browser.forEach((b, i) => {
    const c = command[i];
    assert.equal(b.rank, c.rank);
    assert.deepEqual(b.params, c.params, `candidate ${i + 1}'s params`);
    assert.equal(b.score, c.score, `candidate ${i + 1}'s mean score`);
    assert.equal(b.std, c.std, `candidate ${i + 1}'s std`);
  });
  // Training the best keeps the search on the run card: the result card says so.
  const before = await page.locator('[data-testid="result-logreg"]').count();
  await page.locator('[data-testid="tune-candidate"]').first().locator('button').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="result-logreg"]').length > n, before, {
    timeout: 180_000,
  });
  const tuned = page.locator('[data-testid="result-logreg"]').first().locator('[data-testid="result-tuning"]');
  assert.equal(await tuned.getAttribute('data-value'), '1');
  assert.match(await tuned.textContent(), /candidate 1 of \d+, macro-F1 0\.\d{4} ± 0\.\d{4}/);
  await page.locator('[data-testid="tune-results"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'tune-page-and-cli.png') });
  assert.deepEqual(errors, []);
});

test('Scaling is offered where it matters and explained where it cannot', async () => {
  await page.selectOption('[data-testid="model"]', 'gbdt');
  assert.ok(await page.isDisabled('[data-testid="scaling"]'));
  assert.match(await page.textContent('[data-testid="scaling-note"]'), /order of values/);
  await page.locator('.train-form').first().screenshot({ path: join(SHOTS, 'scaling-note.png') });
  await page.selectOption('[data-testid="model"]', 'knn');
  assert.ok(await page.isEnabled('[data-testid="scaling"]'));
  assert.equal(await page.locator('[data-testid="scaling-note"]').count(), 0);
});

test('a forecast from when and where uses no report details and says so on its card', async () => {
  await page.selectOption('[data-testid="question"]', 'when-where');
  await page.click('.feature-picker summary');
  assert.ok(await page.isDisabled('input[data-testid="feature"][value="mocodes"]'));
  assert.ok(!(await page.isChecked('input[data-testid="feature"][value="victim_age"]')));
  assert.ok(await page.isChecked('input[data-testid="feature"][value="premise"]'));
  await page.click('.feature-picker summary');
  const before = await page.locator('[data-testid="result-naive-bayes"]').count();
  await page.selectOption('[data-testid="model"]', 'naive-bayes');
  await page.click('[data-testid="train"]');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="result-naive-bayes"]').length > n, before, {
    timeout: 180_000,
  });
  const card = page.locator('[data-testid="result-naive-bayes"]').first();
  assert.equal(await card.locator('[data-testid="result-question"]').getAttribute('data-value'), 'when-where');
  assert.match(await card.locator('[data-testid="result-question"]').textContent(), /Forecast from when and where/);
  await card.locator('header').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'forecast-card.png') });
  // The command line answers the same question with the same model.
  const command = cli(['train', SAMPLE, '--model', 'naive-bayes', '--question', 'when-where', '--json']);
  assert.equal(command.features.question, 'when-where');
  const shown = Number(await card.locator('[data-testid="metric-macro-f1"]').getAttribute('data-value'));
  assert.equal(shown.toFixed(4), command.macro_f1.toFixed(4));
  assert.deepEqual(errors, []);
});
