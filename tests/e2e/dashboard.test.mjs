// End-to-end: the exploratory dashboard on the real extract, in headless Chromium.
// Needs dist/ (trunk build) and /usr/bin/chromium. Screenshots go to target/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, SAMPLE, SHOTS } from './browser.mjs';
import { parseCsv } from './csv.mjs';

const CHARTS = ['missing', 'crime-types', 'premises', 'monthly', 'hour-weekday', 'reporting-delay',
  'victim-age', 'victim-sex-descent', 'divisions', 'division-map', 'density-map', 'associations'];

// Independent expectations from the CSV itself.
const { header, rows: records } = parseCsv(readFileSync(SAMPLE, 'utf8'));
const col = (name) => header.indexOf(name);
const isoDate = (text) => {
  const [m, d, y] = text.split(' ')[0].split('/');
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
};
const DATE = col('DATE OCC'), DESC = col('Crm Cd Desc');
const descCounts = new Map();
for (const r of records) descCounts.set(r[DESC], (descCounts.get(r[DESC]) || 0) + 1);
const topDesc = [...descCounts.entries()].sort((a, b) => b[1] - a[1])[0][0];
const FROM = '2020-06-01', TO = '2020-12-31';
const inRange = records.filter((r) => { const d = isoDate(r[DATE]); return d >= FROM && d <= TO; });
const expectedDated = inRange.length;
const expectedDatedTop = inRange.filter((r) => r[DESC] === topDesc).length;

let page, errors, close;

before(async () => {
  ({ page, errors, close } = await openApp({ width: 1280, height: 800 }));
});

after(() => close?.());

const value = (id) => page.getAttribute(`[data-testid="${id}"]`, 'data-value');
const waitReady = () => page.waitForSelector('[data-testid="eda-ready"]', { timeout: 60_000 });

/** Non-white pixels and distinct colours of a chart's canvas. */
const inkOf = (name) => page.evaluate((name) => {
  const c = document.querySelector(`canvas[data-testid="chart-${name}"]`);
  if (!c || !c.width || !c.height) return { ink: 0, colours: 0 };
  const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let ink = 0;
  const colours = new Set();
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 0 && (data[i] < 245 || data[i + 1] < 245 || data[i + 2] < 245)) ink++;
    if (i % 64 === 0) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
  }
  return { ink: ink / (c.width * c.height), colours: colours.size };
}, name);

/** How many times a chart's canvas has been drawn. */
const draws = (name) => page.evaluate((name) => Number(document.querySelector(`canvas[data-testid="chart-${name}"]`)?.dataset.draws ?? 0), name);

/** Runs `action` and waits until the chart `name` has been drawn again and no redraw it
 * scheduled is still waiting for its frame (maps redraw once per animation frame). */
async function redrawn(name, action) {
  const before = await draws(name);
  await action();
  await page.waitForFunction(([name, n]) => Number(document.querySelector(`canvas[data-testid="chart-${name}"]`)?.dataset.draws ?? 0) > n, [name, before]);
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

const snapshot = (name) => page.evaluate((name) => document.querySelector(`canvas[data-testid="chart-${name}"]`).toDataURL(), name);

test('loading the sample draws every chart of the dashboard', async () => {
  await page.click('[data-testid="load-sample"]');
  await waitReady();
  assert.ok(Number(await value('eda-ready')) > 0);
  assert.equal(await value('eda-rows'), '12954');
  for (const name of CHARTS) {
    const { ink, colours } = await inkOf(name);
    assert.ok(ink > 0.01 && colours > 3, `chart ${name} looks blank (ink ${ink}, ${colours} colours)`);
  }
  await page.waitForSelector('[data-testid="column-profiles"]', { timeout: 60_000 });
  const profileText = await page.textContent('[data-testid="column-profiles"]');
  assert.match(profileText, /leaks crime type/);
  assert.match(profileText, /high cardinality/);
  await page.screenshot({ path: join(SHOTS, 'dashboard-top.png') });
  await page.screenshot({ path: join(SHOTS, 'dashboard-full.png'), fullPage: true });
  for (const name of CHARTS) {
    await page.locator(`[data-testid="chart-${name}"]`).screenshot({ path: join(SHOTS, `chart-${name}.png`) });
  }
  assert.deepEqual(errors, []);
});

test('a date filter re-runs the dashboard on fewer rows', async () => {
  await page.fill('[data-testid="filter-date-from"]', FROM);
  await page.fill('[data-testid="filter-date-to"]', TO);
  await page.click('[data-testid="filter-apply"]');
  await page.waitForFunction((n) => document.querySelector('[data-testid="eda-rows"]')?.dataset.value === String(n)
    && document.querySelector('[data-testid="eda-ready"]'), expectedDated, { timeout: 60_000 });
  assert.ok(expectedDated < 12954 && expectedDated > 1000);
  assert.equal(await value('eda-rows'), String(expectedDated));
});

test('a crime-type filter narrows further, and Reset restores every row', async () => {
  await page.selectOption('[data-testid="filter-crime-types"]', [topDesc]);
  await page.click('[data-testid="filter-apply"]');
  await page.waitForFunction((n) => document.querySelector('[data-testid="eda-rows"]')?.dataset.value === String(n)
    && document.querySelector('[data-testid="eda-ready"]'), expectedDatedTop, { timeout: 60_000 });
  const { ink } = await inkOf('crime-types');
  assert.ok(ink > 0.01);
  await page.screenshot({ path: join(SHOTS, 'dashboard-filtered.png') });
  await page.click('[data-testid="filter-reset"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="eda-rows"]')?.dataset.value === '12954'
    && document.querySelector('[data-testid="eda-ready"]'), null, { timeout: 60_000 });
});

test('a division filter selects only that division', async () => {
  await page.selectOption('[data-testid="filter-divisions"]', ['1']); // Central: none in the West LA sample
  await page.click('[data-testid="filter-apply"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="eda-rows"]')?.dataset.value === '0'
    && document.querySelector('[data-testid="eda-ready"]'), null, { timeout: 60_000 });
  await page.selectOption('[data-testid="filter-divisions"]', ['8']);
  await page.click('[data-testid="filter-apply"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="eda-rows"]')?.dataset.value === '12954'
    && document.querySelector('[data-testid="eda-ready"]'), null, { timeout: 60_000 });
  assert.deepEqual(errors, []);
});

test('the maps zoom with the wheel, pan by dragging, and reset', async () => {
  const map = page.locator('[data-testid="chart-division-map"]');
  await map.scrollIntoViewIfNeeded();
  const before = await snapshot('division-map');
  const box = await map.boundingBox();
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.55);
  await redrawn('division-map', async () => {
    for (let i = 0; i < 3; i++) await page.mouse.wheel(0, -200);
    await page.waitForFunction(() => !document.querySelector('[data-testid="reset-view-division-map"]')?.disabled);
  });
  assert.notEqual(await snapshot('division-map'), before, 'zooming changes the map');
  await map.screenshot({ path: join(SHOTS, 'chart-division-map-zoomed.png') });

  const density = page.locator('[data-testid="chart-density-map"]');
  await density.scrollIntoViewIfNeeded();
  const dBefore = await snapshot('density-map');
  const dBox = await density.boundingBox();
  await page.mouse.move(dBox.x + dBox.width * 0.4, dBox.y + dBox.height * 0.6);
  await redrawn('density-map', async () => {
    await page.mouse.down();
    await page.mouse.move(dBox.x + dBox.width * 0.4 + 80, dBox.y + dBox.height * 0.6 + 40, { steps: 5 });
    await page.mouse.up();
    await page.waitForFunction(() => !document.querySelector('[data-testid="reset-view-density-map"]')?.disabled);
  });
  assert.notEqual(await snapshot('density-map'), dBefore, 'dragging pans the map');

  await redrawn('division-map', async () => {
    await page.click('[data-testid="reset-view-division-map"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="reset-view-division-map"]')?.disabled);
  });
  assert.equal(await snapshot('division-map'), before, 'reset restores the fitted view');
  assert.deepEqual(errors, []);
});

test('each chart downloads as a PNG', async () => {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-testid="download-monthly"]'),
  ]);
  assert.equal(download.suggestedFilename(), 'crimelab-monthly.png');
});
