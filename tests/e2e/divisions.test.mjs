// End-to-end: a file of six divisions (tests/data/several_divisions.csv, which the one-division
// sample cannot stand in for): the division chart's table counts each division, and the
// division filter keeps exactly the chosen divisions' rows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openApp, ROOT, SHOTS } from './browser.mjs';

const FILE = join(ROOT, 'tests/data/several_divisions.csv');
/** The file's rows per division (tests/data/README.md). */
const ROWS = { 'West LA': 360, Central: 288, '77th Street': 216, Southwest: 72, Pacific: 72, Mission: 72 };

let page, errors, close;

before(async () => {
  ({ page, errors, close } = await openApp({ width: 1280, height: 900 }));
});

after(() => close?.());

/** Waits until the dashboard is drawn for `rows` rows. */
const dashboardShows = (rows) => page.waitForFunction(
  (n) => document.querySelector('[data-testid="eda-rows"]')?.dataset.value === String(n)
    && document.querySelector('[data-testid="eda-ready"]'),
  rows,
  { timeout: 60_000 },
);

/** The division chart's table (its text alternative), in its order: [division name, incidents]. */
async function divisionRows() {
  const table = page.locator('[data-testid="table-divisions"]');
  if ((await table.count()) === 0) await page.click('[data-testid="table-toggle-divisions"]');
  const rows = await table.locator('tbody tr').evaluateAll(
    (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())),
  );
  return rows.map(([name, count]) => [name, Number(count.replace(/,/g, ''))]);
}

/** The division chart's table as division name → incidents. */
const divisionTable = async () => Object.fromEntries(await divisionRows());

test('the division chart counts each of six divisions', async () => {
  await page.setInputFiles('[data-testid="file-input"]', FILE);
  await dashboardShows(1080);
  // The table lists what the bars show: the six divisions with incidents, most first.
  const rows = await divisionRows();
  assert.deepEqual(rows.map(([name]) => name).sort(), Object.keys(ROWS).sort());
  for (const [name, n] of rows) assert.equal(n, ROWS[name], name);
  assert.ok(rows.every((r, i) => i === 0 || rows[i - 1][1] >= r[1]), 'most first');
  await page.locator('[data-testid="chart-divisions"]').screenshot({ path: join(SHOTS, 'divisions-six.png') });
  assert.deepEqual(errors, []);
});

test('the division filter keeps exactly the chosen divisions', async () => {
  await page.selectOption('[data-testid="filter-divisions"]', ['1', '12']); // Central, 77th Street
  await page.click('[data-testid="filter-apply"]');
  await dashboardShows(ROWS.Central + ROWS['77th Street']);
  const counts = await divisionTable();
  assert.deepEqual(counts, { Central: ROWS.Central, '77th Street': ROWS['77th Street'] });
  assert.deepEqual(errors, []);
});
