// End-to-end: a run's test predictions in the browser — the predictions CSV (written in the
// engine worker) and the map of predictions (points, right/wrong, per-division choropleths,
// pan/zoom, details of a clicked incident, PNG), in headless Chromium on the bundled sample.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, trainModel, SHOTS } from './browser.mjs';
import { parseCsv } from './csv.mjs';

let page, errors, close;
const MAP = '[data-testid="result-logreg"] [data-testid="prediction-map"]';
const DETAILS = '[data-testid="result-logreg"] [data-testid="prediction-map-details"]';

before(async () => {
  ({ page, errors, close } = await openApp({ sample: true, width: 1280, height: 1000 }));
  await trainModel(page, 'logreg');
});

after(() => close?.());

/** Clicks the card's CSV button and returns the parsed file. */
async function downloadCsv(card) {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    card.locator('[data-testid="download-predictions"]').click(),
  ]);
  assert.match(download.suggestedFilename(), /^crimelab-logreg-run\d+-predictions\.csv$/);
  return parseCsv(readFileSync(await download.path(), 'utf8'));
}

const attr = (sel, name) => page.getAttribute(sel, name);
const num = async (sel, name) => Number(await attr(sel, name));

/** How many times the map's canvas has been drawn (0 before it exists). */
const draws = () => page.evaluate((sel) => Number(document.querySelector(sel)?.dataset.draws ?? 0), MAP);

/** Runs `action` and waits until the map has been drawn again, in `mode`. */
async function drawnAfter(mode, action) {
  const before = await draws();
  await action();
  await page.waitForFunction(([sel, m, n]) => {
    const c = document.querySelector(sel);
    return c && c.dataset.mode === m && c.dataset.layer && Number(c.dataset.draws ?? 0) > n;
  }, [MAP, mode, before], { timeout: 20_000 });
}

test('the predictions CSV has one row per test incident and gives the shown accuracy', async () => {
  const card = page.locator('[data-testid="result-logreg"]').first();
  const { header, rows } = await downloadCsv(card);
  assert.deepEqual(header.slice(0, 3), ['DR_NO', 'actual', 'predicted']);
  assert.ok(header.slice(3).every((h) => h.startsWith('p_')), header.join());
  const testRows = Number(await card.locator('[data-testid="metric-test-rows"]').getAttribute('data-value'));
  assert.equal(rows.length, testRows);
  const accuracy = rows.filter((r) => r[1] === r[2]).length / rows.length;
  const shown = Number(await card.locator('[data-testid="metric-accuracy"]').getAttribute('data-value'));
  assert.equal(accuracy.toFixed(4), shown.toFixed(4));
  assert.ok(rows.every((r) => /^\d+$/.test(r[0])), 'every row has a DR_NO');
  const sum = rows[0].slice(3).reduce((s, p) => s + Number(p), 0);
  assert.ok(Math.abs(sum - 1) < 1e-3, `probabilities sum to ${sum}`);
});

test('the map shows every located test incident, and a click shows its details', async () => {
  const card = page.locator('[data-testid="result-logreg"]').first();
  await drawnAfter('predicted', () => card.locator('[data-testid="prediction-map-panel"] summary').click());
  const points = await num(MAP, 'data-value');
  const hidden = await num(MAP, 'data-hidden');
  assert.equal(await attr(MAP, 'data-layer'), 'all');
  assert.equal(await num(MAP, 'data-in-view'), points);
  const { rows } = await downloadCsv(card);
  assert.equal(points + hidden, rows.length, 'points drawn + without location = test rows');
  assert.ok(points > 1000, `${points} points`);

  // Find a point by hovering (the tooltip appears over one), then click it.
  await page.locator(MAP).scrollIntoViewIfNeeded();
  const box = await page.locator(MAP).boundingBox();
  let found = null;
  for (let r = 0; r < 260 && !found; r += 6) {
    for (let a = 0; a < 360 && !found; a += 30) {
      const x = box.x + box.width * 0.4 + r * Math.cos((a * Math.PI) / 180);
      const y = box.y + box.height * 0.55 + r * Math.sin((a * Math.PI) / 180);
      await page.mouse.move(x, y);
      if (await page.locator('[data-testid="prediction-map-tooltip"]').count()) found = { x, y };
    }
  }
  assert.ok(found, 'a point under the pointer somewhere');
  const tip = await page.textContent('[data-testid="prediction-map-tooltip"]');
  assert.match(tip, /→ predicted .+ \(\d+%\)/);
  await page.mouse.click(found.x, found.y);
  await page.waitForSelector(`${DETAILS}[data-kind="point"]`);
  await page.mouse.move(box.x + 5, box.y - 30);
  const point = page.locator(`${DETAILS} [data-testid="prediction-map-point"]`);
  const dr = await point.getAttribute('data-dr-no');
  const actual = await point.getAttribute('data-actual');
  const predicted = await point.getAttribute('data-predicted');
  assert.match(await page.textContent(`${DETAILS} [data-testid="prediction-map-date"]`), /^20\d\d-\d\d-\d\d/);
  assert.ok((await page.textContent(`${DETAILS} [data-testid="prediction-map-premise"]`)).length > 2);
  // The same incident in the CSV: same truth and prediction, the highest probability shown first.
  const row = rows.find((r) => r[0] === dr);
  assert.ok(row, `DR_NO ${dr} in the CSV`);
  assert.deepEqual([row[1], row[2]], [actual, predicted]);
  const first = point.locator('.class-row').first();
  assert.equal(await first.getAttribute('data-class'), predicted);
  assert.equal(await point.locator('.class-row').count(), row.length - 3);
  await page.locator('[data-testid="result-logreg"] [data-testid="prediction-map-panel"]').screenshot({ path: join(SHOTS, 'prediction-map-points.png') });
});

test('modes: right or wrong, accuracy and macro-F1 per division, share of a class', async () => {
  const mode = '[data-testid="result-logreg"] [data-testid="prediction-map-mode"]';
  const panel = page.locator('[data-testid="result-logreg"] [data-testid="prediction-map-panel"]');
  await drawnAfter('correct', () => page.selectOption(mode, 'correct'));
  const points = await num(MAP, 'data-value');
  assert.ok(points > 1000);
  await panel.screenshot({ path: join(SHOTS, 'prediction-map-correct.png') });

  await drawnAfter('accuracy', () => page.selectOption(mode, 'accuracy'));
  assert.equal(await attr(MAP, 'data-layer'), 'divisions');
  assert.equal(await num(MAP, 'data-value'), 0);
  // The sample is all West LA: click the middle of the map.
  await page.locator(MAP).scrollIntoViewIfNeeded();
  const box = await page.locator(MAP).boundingBox();
  await page.mouse.click(box.x + box.width * 0.4, box.y + box.height * 0.55);
  await page.waitForSelector(`${DETAILS}[data-kind="division"]`);
  const division = page.locator(`${DETAILS} [data-testid="prediction-map-division"]`);
  const shown = Number(await page.locator('[data-testid="result-logreg"] [data-testid="metric-accuracy"]').first().getAttribute('data-value'));
  const rows = Number(await division.getAttribute('data-rows'));
  assert.ok(rows > 1000);
  // One division holds every test row, so its accuracy is the model's.
  assert.equal(Number(await division.getAttribute('data-accuracy')).toFixed(4), shown.toFixed(4));
  await panel.screenshot({ path: join(SHOTS, 'prediction-map-accuracy.png') });

  await drawnAfter('macro-f1', () => page.selectOption(mode, 'macro-f1'));
  await drawnAfter('share', () => page.selectOption(mode, 'share'));
  const cls = '[data-testid="result-logreg"] [data-testid="prediction-map-class"]';
  const theft = await page.$eval(cls, (s) => [...s.options].find((o) => o.textContent === 'Theft').value);
  assert.notEqual(theft, '0', 'Theft is not the class shown before choosing it');
  await drawnAfter('share', () => page.selectOption(cls, theft));
  await page.waitForFunction((sel) => /Theft, predicted/.test(document.querySelector(sel)?.textContent ?? ''), DETAILS);
  await panel.screenshot({ path: join(SHOTS, 'prediction-map-share.png') });
});

test('wheel zoom and drag pan change the view; reset and PNG work', async () => {
  const mode = '[data-testid="result-logreg"] [data-testid="prediction-map-mode"]';
  await drawnAfter('predicted', () => page.selectOption(mode, 'predicted'));
  const before = await num(MAP, 'data-in-view');
  await page.locator(MAP).scrollIntoViewIfNeeded();
  const box = await page.locator(MAP).boundingBox();
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.55);
  for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -120);
  await page.waitForFunction(([sel, n]) => Number(document.querySelector(sel).dataset.inView) < n, [MAP, before]);
  const zoomed = await num(MAP, 'data-in-view');
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.4 + 150, box.y + box.height * 0.55 + 40, { steps: 6 });
  await page.mouse.up();
  await page.waitForFunction(([sel, n]) => Number(document.querySelector(sel).dataset.inView) !== n, [MAP, zoomed]);
  await page.locator('[data-testid="result-logreg"] [data-testid="prediction-map-panel"]').screenshot({ path: join(SHOTS, 'prediction-map-zoomed.png') });
  await page.click('[data-testid="result-logreg"] [data-testid="prediction-map-reset"]');
  await page.waitForFunction(([sel, n]) => Number(document.querySelector(sel).dataset.inView) === n, [MAP, before]);
  const [png] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-testid="result-logreg"] [data-testid="prediction-map-png"]'),
  ]);
  assert.match(png.suggestedFilename(), /^crimelab-logreg-run\d+-map-predicted\.png$/);
  const bytes = readFileSync(await png.path());
  assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
  // How long the page's thread is held while the map opens, zooms and pans is a speed figure:
  // bench/browser_prediction_map.mjs reports it (longest task per step, against its target).
});

test('the CSV and the map keep working after a cancelled run restarted the trainer', async () => {
  await page.selectOption('[data-testid="model"]', 'mlp');
  await page.click('[data-testid="train"]');
  await page.waitForSelector('[data-testid="train-progress"]');
  await page.click('[data-testid="train-cancel"]');
  await page.waitForSelector('[data-testid="train-progress"]', { state: 'detached' });
  const card = page.locator('[data-testid="result-logreg"]').first();
  const { rows } = await downloadCsv(card);
  assert.ok(rows.length > 1000);
  assert.ok((await num(MAP, 'data-value')) > 1000);
  assert.deepEqual(errors, []);
});
