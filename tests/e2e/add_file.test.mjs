// End-to-end: "Add a file" appends a second export to the loaded sample. Incidents already
// loaded (same DR_NO) are counted and dropped, the card lists both files, the dashboard and
// training use the union, and a file with other columns is refused while the data stays.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSample, metric, openApp, tempDir, trainModel, SAMPLE, SAMPLE_ROWS, SHOTS } from './browser.mjs';

const DIR = tempDir('add');

// The second file: the sample's first 3,000 incidents, of which the first 1,000 carry new
// DR_NOs (incidents the sample does not have) and 2,000 are already in the sample.
const OVERLAP = 2000;
const NEW_ROWS = 1000;
const [header, ...lines] = readFileSync(SAMPLE, 'utf8').trimEnd().split('\n');
const added = lines
  .slice(0, NEW_ROWS + OVERLAP)
  .map((line, i) => (i < NEW_ROWS ? line.replace(/^\d+/, String(900000000 + i)) : line));
const SECOND = join(DIR, 'second.csv');
writeFileSync(SECOND, `${header}\n${added.join('\n')}\n`);
const OTHER = join(DIR, 'other-columns.csv');
writeFileSync(OTHER, 'DR_NO,DATE OCC,TIME OCC,AREA ,Crm Cd,LAT,LON\n1,10/15/2020 12:00:00 AM,2000,8,624,34.07,-118.46\n');

let page, errors, close;

before(async () => {
  ({ page, errors, close } = await openApp({ width: 1280, height: 900 }));
});

after(() => close?.());

/** Trains naive Bayes and returns its training + test rows. */
async function trainedRows() {
  const card = await trainModel(page, 'naive-bayes');
  return (await metric(card, 'metric-train-rows')) + (await metric(card, 'metric-test-rows'));
}

const value = (id) => page.getAttribute(`[data-testid="${id}"]`, 'data-value');

test('a second file adds its new incidents, drops the ones already loaded and lists both files', async () => {
  assert.equal(await page.isDisabled('[data-testid="add-file"]'), true, 'nothing to add to before a load');
  await loadSample(page);
  await page.waitForSelector('[data-testid="eda-ready"]', { timeout: 60_000 });
  const sample_rows = await trainedRows();
  await page.setInputFiles('[data-testid="add-file"]', SECOND);
  const union = SAMPLE_ROWS + NEW_ROWS;
  await page.waitForFunction(
    (rows) => document.querySelector('[data-testid="dataset-rows"]')?.dataset.value === String(rows),
    union,
    { timeout: 60_000 },
  );
  assert.equal(await value('dataset-sources'), String(OVERLAP), 'duplicates dropped');
  const sources = await page.$$eval('[data-testid="dataset-source"]', (items) =>
    items.map((li) => [li.textContent, li.dataset.value, li.dataset.duplicates]));
  assert.equal(sources.length, 2);
  assert.match(sources[0][0], /^sample\.csv/);
  assert.deepEqual(sources[0].slice(1), [String(SAMPLE_ROWS), '0']);
  assert.match(sources[1][0], /^second\.csv: 1,000 rows, 2,000 already loaded and dropped/);
  assert.deepEqual(sources[1].slice(1), [String(NEW_ROWS), String(OVERLAP)]);

  // The dashboard counts the union.
  await page.waitForSelector('[data-testid="eda-ready"]', { timeout: 60_000 });
  assert.equal(await value('eda-rows'), String(union));

  // Training uses the union: more usable rows than the sample alone gave.
  const union_rows = await trainedRows();
  assert.ok(union_rows > sample_rows, `trained on ${union_rows} rows, the sample alone on ${sample_rows}`);
  assert.ok(union_rows <= union);
  await page.locator('[data-testid="dataset-card"]').screenshot({ path: join(SHOTS, 'add-file-card.png') });
});

test('a file with other columns is refused by name and the loaded data stays', async () => {
  const before = await value('dataset-rows');
  await page.setInputFiles('[data-testid="add-file"]', OTHER);
  const error = page.locator('[data-testid="error"]');
  await error.waitFor({ timeout: 60_000 });
  const message = await error.textContent();
  assert.match(message, /other-columns\.csv was not added/);
  assert.match(message, /Date Rptd/);
  assert.equal(await value('dataset-rows'), before);
  assert.equal(await page.locator('[data-testid="dataset-source"]').count(), 2);
  assert.deepEqual(errors, []);
});

test('an analysis worker that stops answering is replaced and both files are loaded again', async () => {
  for (const button of await page.locator('[data-testid="error"] button').all()) await button.click();
  await page.evaluate(() => window.crimelabTest.stallEngine(600_000));
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-testid="error"]')].some((e) => e.textContent.includes('being loaded again')),
    null,
    { timeout: 60_000 },
  );
  // The first file, then the second added to it: the same union as before, each file listed.
  await page.waitForFunction(
    (rows) => document.querySelector('[data-testid="dataset-rows"]')?.dataset.value === String(rows)
      && document.querySelectorAll('[data-testid="dataset-source"]').length === 2
      && document.querySelector('[data-testid="eda-ready"]'),
    SAMPLE_ROWS + NEW_ROWS,
    { timeout: 120_000 },
  );
  assert.equal(await value('dataset-sources'), String(OVERLAP));
  assert.deepEqual(errors, []);
});
