// Browser dashboard benchmark: after loading FILE in headless Chromium (built app, dist/),
// how long until every chart is drawn (`eda-ready`), and how long a filter change takes to
// re-render (click on Apply → `eda-ready` again), and the longest main-thread task of each
// (PerformanceObserver "longtask", ≥ 50 ms; 0 when none): from choosing the file until every
// chart is drawn and the column profiles are shown, and from each click until its charts are
// drawn. Prints one JSON line per run, then a summary.
//
// usage: node bench/browser_eda.mjs FILE.csv [--runs 3] [--shots] [--dist DIR]   (--shots: screenshots
// of every chart on the full file, after the first run, into target/e2e/full-*.png; --dist: serve
// another build than dist/, say a copy kept to compare before and after a change)
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from '../tests/e2e/serve.mjs';
import { launch } from '../tests/e2e/browser.mjs';

const file = process.argv[2];
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1] || 3) || 3;
const shots = process.argv.includes('--shots');
if (!file) { console.error('usage: node bench/browser_eda.mjs FILE.csv [--runs N]'); process.exit(2); }
const ROOT = new URL('..', import.meta.url).pathname;

const attr = (page, id, name = 'data-value') => page.getAttribute(`[data-testid="${id}"]`, name);
const ready = async (page) => ({
  total_ms: Number(await attr(page, 'eda-ready')),
  compute_ms: Number(await attr(page, 'eda-ready', 'data-compute-ms')),
  draw_ms: Number(await attr(page, 'eda-ready', 'data-draw-ms')),
  rows: Number(await attr(page, 'eda-rows')),
});

/** The longest main-thread task since the last call (ms, 0 when none reached 50 ms). */
async function longestTask(page) {
  await page.waitForTimeout(200); // a task ending now is reported just after it
  return page.evaluate(() => Math.round(Math.max(0, ...window.__tasks.splice(0).map((t) => t.duration))));
}

/** Applies the filters and times click → eda-ready (wall clock, in the page). */
async function timeFilter(page, set) {
  await set();
  await page.evaluate(() => {
    window.__tasks = [];
    window.__t0 = performance.now();
    window.__seen = new Promise((resolve) => {
      const gone = () => !document.querySelector('[data-testid="eda-ready"]');
      const obs = new MutationObserver(() => {
        if (!window.__cleared && gone()) window.__cleared = true;
        if (window.__cleared && !gone()) { obs.disconnect(); resolve(performance.now() - window.__t0); }
      });
      window.__cleared = false;
      obs.observe(document.body, { subtree: true, childList: true, attributes: true });
    });
  });
  await page.click('[data-testid="filter-apply"]');
  const wall = await page.evaluate(() => window.__seen);
  return { wall_ms: wall, longest_task_ms: await longestTask(page), ...(await ready(page)) };
}

const distAt = process.argv.indexOf('--dist');
const server = await serve(distAt > 0 ? process.argv[distAt + 1] : join(ROOT, 'dist'));
const size = statSync(file).size;
const results = [];
for (let run = 0; run < runs; run++) {
  const { context, page } = await launch();
  await page.goto(server.url);
  await page.waitForSelector('[data-testid="file-input"]', { state: 'attached' });
  // First appearance of each element, on the page's clock (Node's view of it lags).
  await page.evaluate(() => {
    window.__tasks = [];
    new PerformanceObserver((list) => window.__tasks.push(...list.getEntries())).observe({ type: 'longtask' });
    window.__seenAt = {};
    const ids = ['dataset-rows', 'eda-ready', 'column-profiles'];
    new MutationObserver(() => {
      for (const id of ids) {
        if (!window.__seenAt[id] && document.querySelector(`[data-testid="${id}"]`)) window.__seenAt[id] = performance.now();
      }
    }).observe(document.body, { subtree: true, childList: true });
  });
  const t0 = Date.now();
  await page.setInputFiles('[data-testid="file-input"]', file);
  await page.waitForSelector('[data-testid="dataset-rows"]', { timeout: 180_000 });
  const loaded = Date.now();
  await page.waitForSelector('[data-testid="eda-ready"]', { timeout: 180_000 });
  // Let the column profiles (requested after the dashboard) finish, so they do not queue
  // in front of the filter requests.
  await page.waitForSelector('[data-testid="column-profiles"]', { timeout: 180_000 });
  const seen = await page.evaluate(() => window.__seenAt);
  const first = { ...(await ready(page)), after_load_ms: seen['eda-ready'] - seen['dataset-rows'], longest_task_ms: await longestTask(page) };
  const profiled = seen['column-profiles'] - seen['dataset-rows'];
  if (shots && run === 0) {
    mkdirSync(join(ROOT, 'target/e2e'), { recursive: true });
    for (const canvas of await page.$$('canvas[data-testid^="chart-"]')) {
      const id = await canvas.getAttribute('data-testid');
      await canvas.screenshot({ path: join(ROOT, `target/e2e/full-${id}.png`) });
    }
    await page.locator('[data-testid="column-profiles"]').screenshot({ path: join(ROOT, 'target/e2e/full-profiles.png') });
  }
  const dates = await timeFilter(page, async () => {
    await page.fill('[data-testid="filter-date-from"]', '2023-01-01');
    await page.fill('[data-testid="filter-date-to"]', '2023-12-31');
  });
  const division = await timeFilter(page, async () => {
    await page.selectOption('[data-testid="filter-divisions"]', ['1', '12']);
  });
  const err = await page.$('[data-testid="error"]');
  if (err) console.error('error shown:', await err.textContent());
  results.push({ run, load_wall_ms: loaded - t0, load_ms: Number(await attr(page, 'dataset-load-ms')), dashboard: first, profile_after_load_ms: profiled, filter_dates: dates, filter_divisions: division });
  console.log(JSON.stringify(results.at(-1)));
  await context.close();
}
server.close();
const best = (f) => Math.min(...results.map(f));
console.log(`\ndashboard on ${(size / 1e6).toFixed(1)} MB (${results[0].dashboard.rows} rows): ` +
  `eda-ready ${best((r) => r.dashboard.total_ms).toFixed(0)} ms (compute ${best((r) => r.dashboard.compute_ms).toFixed(0)} + draw ${best((r) => r.dashboard.draw_ms).toFixed(0)}), ` +
  `dataset card → all charts drawn ${best((r) => r.dashboard.after_load_ms).toFixed(0)} ms; ` +
  `longest main-thread task, file → charts and profiles ${results.map((r) => r.dashboard.longest_task_ms).join(' / ')} ms, ` +
  `filter changes ${results.map((r) => Math.max(r.filter_dates.longest_task_ms, r.filter_divisions.longest_task_ms)).join(' / ')} ms; ` +
  `filter change (dates) wall ${best((r) => r.filter_dates.wall_ms).toFixed(0)} ms (eda-ready ${best((r) => r.filter_dates.total_ms).toFixed(0)}), ` +
  `(divisions) wall ${best((r) => r.filter_divisions.wall_ms).toFixed(0)} ms (eda-ready ${best((r) => r.filter_divisions.total_ms).toFixed(0)})`);
