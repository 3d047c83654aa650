// End-to-end: a view shared by link. Filters, target, split, model, hyper-parameters and the
// what-if incident set on the sample are in the "Copy link" address; opened in a new page, the
// link loads the sample by itself and restores every setting. A link made with another file
// says so once data is loaded; a link with a misspelt key names it and applies the rest.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadSample, openApp, SAMPLE_ROWS, SHOTS } from './browser.mjs';

let server, context, page, errors, close;

before(async () => {
  ({ server, context, page, errors, close } = await openApp({ width: 1280, height: 900, open: false }));
});

after(() => close?.());

const PARAMS = '{"max_depth": 6, "min_samples_leaf": 20}';

/** Waits until the sample is loaded by itself (no click) and the dashboard is drawn. */
async function sampleLoadsByItself(p) {
  await p.waitForFunction(
    (rows) => document.querySelector('[data-testid="dataset-rows"]')?.dataset.value === String(rows),
    SAMPLE_ROWS,
    { timeout: 60_000 },
  );
  await p.waitForSelector('[data-testid="eda-ready"]', { timeout: 60_000 });
}

/** The settings a link restores, as the page shows them. */
async function settings(p) {
  return p.evaluate(() => {
    const value = (id) => document.querySelector(`[data-testid="${id}"]`)?.value;
    const selected = (id) => [...document.querySelector(`[data-testid="${id}"]`).selectedOptions].map((o) => o.value);
    return {
      from: value('filter-date-from'),
      to: value('filter-date-to'),
      divisions: selected('filter-divisions'),
      crimes: selected('filter-crime-types'),
      target: value('target'),
      split: value('split'),
      model: value('model'),
      params: value('params'),
      date: value('whatif-date'),
      time: value('whatif-time'),
      lat: value('whatif-lat'),
    };
  });
}

test('a copied link opens the same view, loading the sample by itself', async () => {
  await page.goto(server.url);
  await loadSample(page);
  await page.waitForSelector('[data-testid="eda-ready"]', { timeout: 60_000 });
  // Filters.
  const crime = await page.$eval('[data-testid="filter-crime-types"] option', (o) => o.value);
  await page.fill('[data-testid="filter-date-from"]', '2020-06-01');
  await page.fill('[data-testid="filter-date-to"]', '2021-03-31');
  await page.selectOption('[data-testid="filter-divisions"]', ['8']);
  await page.selectOption('[data-testid="filter-crime-types"]', [crime]);
  await page.click('[data-testid="filter-apply"]');
  await page.waitForSelector('[data-testid="eda-ready"]', { timeout: 60_000 });
  // Training form.
  await page.selectOption('[data-testid="target"]', 'arrest');
  await page.selectOption('[data-testid="split"]', 'random');
  await page.selectOption('[data-testid="model"]', 'tree');
  await page.click('.params-editor summary');
  await page.fill('[data-testid="params"]', PARAMS);
  await page.dispatchEvent('[data-testid="params"]', 'change');
  // What-if incident.
  await page.waitForSelector('[data-testid="whatif-form"]', { timeout: 60_000 });
  await page.fill('[data-testid="whatif-date"]', '2021-02-03');
  await page.fill('[data-testid="whatif-time"]', '10:45');
  await page.fill('[data-testid="whatif-lat"]', '34.0500');
  await page.dispatchEvent('[data-testid="whatif-lat"]', 'change');

  const expected = {
    from: '2020-06-01', to: '2021-03-31', divisions: ['8'], crimes: [crime],
    target: 'arrest', split: 'random', model: 'tree', params: PARAMS,
    date: '2021-02-03', time: '10:45', lat: '34.0500',
  };
  assert.deepEqual(await settings(page), expected);
  // The address follows the settings, and the button carries it.
  await page.waitForFunction(() => {
    const link = document.querySelector('[data-testid="share-link"]')?.dataset.value || '';
    return link.includes('model=tree') && link.includes('34.05') && location.href === link;
  }, null, { timeout: 30_000 });
  const link = await page.getAttribute('[data-testid="share-link"]', 'data-value');
  assert.match(link, /#v=1&sample&target=arrest&split=random&model=tree&params=/);
  assert.ok(link.length < 2000, `a short link: ${link.length} characters`);
  await page.click('[data-testid="share-link"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="share-link"]').textContent === 'Link copied');
  const history = await page.evaluate(() => history.length);

  const other = await context.newPage();
  other.on('pageerror', (e) => errors.push(String(e)));
  await other.goto(link);
  await sampleLoadsByItself(other);
  await other.waitForFunction(
    () => document.querySelector('[data-testid="whatif-date"]')?.value === '2021-02-03',
    null,
    { timeout: 60_000 },
  );
  await other.waitForFunction(() => document.querySelector('[data-testid="model"]')?.value === 'tree');
  assert.deepEqual(await settings(other), expected);
  // The dashboard is filtered as in the first page.
  const filtered = await page.getAttribute('[data-testid="eda-rows"]', 'data-value');
  assert.ok(Number(filtered) < SAMPLE_ROWS);
  await other.waitForFunction(
    (rows) => document.querySelector('[data-testid="eda-rows"]')?.dataset.value === rows,
    filtered,
    { timeout: 60_000 },
  );
  assert.equal(await other.locator('[data-testid="share-note"]').count(), 0, 'same data: nothing to say');
  await other.screenshot({ path: join(SHOTS, 'share-link-restored.png') });
  await other.close();
  assert.equal(await page.evaluate(() => history.length), history, 'the address is replaced, not pushed');
});

test('a link made with another file says so and applies what fits', async () => {
  const p = await context.newPage();
  p.on('pageerror', (e) => errors.push(String(e)));
  await p.goto(`${server.url}#v=1&file=crimes-2024.csv&rows=1005000&model=knn&div=8`);
  await p.waitForSelector('[data-testid="load-sample"]');
  assert.equal(await p.locator('[data-testid="dataset-rows"]').count(), 0, 'another file does not load by itself');
  await loadSample(p);
  const note = p.locator('[data-testid="share-note"]');
  await note.waitFor({ timeout: 60_000 });
  assert.match(
    await note.textContent(),
    /This link was made with crimes-2024\.csv \(1,005,000 rows\); you have sample\.csv \(West LA 2020–21\) \(12,954 rows\) loaded: the settings were applied where they fit\./,
  );
  await p.waitForFunction(() => document.querySelector('[data-testid="model"]')?.value === 'knn');
  assert.deepEqual(await p.$$eval('[data-testid="filter-divisions"] option:checked', (o) => o.map((x) => x.value)), ['8']);
  await p.close();
});

test('a link with a misspelt key names it and still applies the rest', async () => {
  const p = await context.newPage();
  p.on('pageerror', (e) => errors.push(String(e)));
  await p.goto(`${server.url}#sample&modle=gbdt&split=sideways&model=naive-bayes`);
  await sampleLoadsByItself(p);
  const note = await p.locator('[data-testid="share-note"]').textContent();
  assert.match(note, /unknown setting "modle"/);
  assert.match(note, /split = "sideways" is not valid; it must be one of: time, random/);
  await p.waitForFunction(() => document.querySelector('[data-testid="model"]')?.value === 'naive-bayes');
  assert.equal(await p.inputValue('[data-testid="split"]'), 'time');
  await p.close();
  assert.deepEqual(errors, []);
});
