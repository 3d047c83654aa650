// End-to-end: train on what you explored — the dashboard's filters reach training through the
// "train on the filtered rows" switch; the result card says so and trains on fewer rows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { metric, openApp, trainModel, SHOTS } from './browser.mjs';

let page, errors, close;

before(async () => {
  ({ page, errors, close } = await openApp({ sample: true, width: 1280, height: 900 }));
});

after(() => close?.());

const train = (model) => trainModel(page, model);
const trainRows = (card) => metric(card, 'metric-train-rows');

test('the dashboard filters reach training when the switch is on', async () => {
  const unfiltered = await train('naive-bayes');
  assert.equal(await unfiltered.locator('[data-testid="result-filters"]').count(), 0);
  const allRows = await trainRows(unfiltered);

  // Filter the dashboard: 2021 to mid-2022, West LA.
  await page.fill('[data-testid="filter-date-from"]', '2021-01-01');
  await page.fill('[data-testid="filter-date-to"]', '2022-06-30');
  await page.selectOption('[data-testid="filter-divisions"]', ['8']);
  await page.click('[data-testid="filter-apply"]');
  await page.waitForFunction(() => {
    const rows = document.querySelector('[data-testid="eda-rows"]')?.dataset.value;
    return rows && Number(rows) < 12954 && document.querySelector('[data-testid="eda-ready"]');
  }, null, { timeout: 60_000 });
  const selected = Number(await page.getAttribute('[data-testid="eda-rows"]', 'data-value'));

  // Off, training ignores them.
  const still = await train('naive-bayes');
  assert.equal(await trainRows(still), allRows);

  await page.check('[data-testid="train-filtered"]');
  assert.match(await page.textContent('[data-testid="train-filtered-what"]'), /2021-01-01 → 2022-06-30 · West LA/);
  const filtered = await train('naive-bayes');
  const line = filtered.locator('[data-testid="result-filters"]');
  assert.match(await line.textContent(), /Trained on the filtered rows: 2021-01-01 → 2022-06-30 · West LA/);
  const leftOut = Number(await line.getAttribute('data-value'));
  assert.equal(leftOut, 12954 - selected, 'the rows the filters exclude are left out before the split');
  const rows = await trainRows(filtered);
  assert.ok(rows < allRows, `${rows} training rows filtered vs ${allRows}`);
  await line.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'train-filtered.png') });
  assert.deepEqual(errors, []);
});
