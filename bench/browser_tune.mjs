// Browser Tune benchmark: load a file in the built app (dist/), then run the form's Tune with
// each worker count in turn, timing from the click to the ranked table (the page's wall time,
// as the user waits for it, extra workers' dataset copies included).
//
// usage: node bench/browser_tune.mjs FILE.csv [--model logreg] [--workers 1,2] [--strategy random-8]
//        [--validation 3|5|time] [--rows 20000]
// Prints one JSON line per run: workers, wall_ms, the search's own elapsed time as the table
// shows it, candidates, the fits' own time summed over the workers (from the table's mean fit
// times), the best candidate's params, and whether the table equals the first run's.
import { join } from 'node:path';
import { serve } from '../tests/e2e/serve.mjs';
import { launch } from '../tests/e2e/browser.mjs';

const file = process.argv[2];
const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
if (!file) {
  console.error('usage: node bench/browser_tune.mjs FILE.csv [--model M] [--workers 1,2] [--strategy S] [--validation V] [--rows N]');
  process.exit(2);
}
const model = option('model', 'logreg');
const validation = option('validation', '3');
const folds = validation === 'time' ? 1 : Number(validation);
const counts = option('workers', '1,2').split(',');
const ROOT = new URL('..', import.meta.url).pathname;

const server = await serve(join(ROOT, 'dist'));
const { context, page } = await launch();
await page.goto(server.url);
await page.waitForSelector('[data-testid="file-input"]', { state: 'attached' });
await page.setInputFiles('[data-testid="file-input"]', file);
await page.waitForSelector('[data-testid="dataset-rows"]', { timeout: 300_000 });
const rows = Number(await page.getAttribute('[data-testid="dataset-rows"]', 'data-value'));
console.log(JSON.stringify({ stage: 'load', rows }));

await page.selectOption('[data-testid="model"]', model);
// The search's settings sit in the closed "Tuning" details.
if (!(await page.isVisible('[data-testid="tune-strategy"]'))) await page.click('.tune-options summary');
await page.selectOption('[data-testid="tune-strategy"]', option('strategy', 'random-8'));
await page.selectOption('[data-testid="tune-validation"]', validation);
await page.selectOption('[data-testid="tune-rows"]', option('rows', '20000'));

let first = null;
for (const workers of counts) {
  await page.selectOption('[data-testid="train-workers"]', workers);
  const t = Date.now();
  await page.click('[data-testid="tune"]');
  await page.waitForSelector('[data-testid="train-progress"]');
  await page.waitForSelector('[data-testid="train-progress"]', { state: 'detached', timeout: 3_600_000 });
  const wall = Date.now() - t;
  await page.waitForSelector('[data-testid="tune-candidate"]');
  const table = await page.$$eval('[data-testid="tune-candidate"]', (rs) =>
    rs.map((r) => [r.dataset.rank, r.dataset.params, r.dataset.value, r.dataset.std]));
  // The fits' own time, summed over every worker: each row's mean fit time (4th cell: "327 ms",
  // "1.2 s" or "2 min 05 s") times the folds it was scored on.
  const fitMs = await page.$$eval('[data-testid="tune-candidate"]', (rs) =>
    rs.map((r) => {
      const t = r.cells[3].textContent.trim();
      const m = t.match(/^(\d+) min (\d+) s$/);
      if (m) return (Number(m[1]) * 60 + Number(m[2])) * 1000;
      const [n, unit] = t.split(/\s+/);
      return Number(n) * (unit === 's' ? 1000 : 1);
    }));
  const heading = await page.locator('[data-testid="tune-results"] h3').textContent();
  first ??= JSON.stringify(table);
  console.log(JSON.stringify({
    stage: `tune ${model}`,
    workers: Number(workers),
    wall_ms: wall,
    heading: heading.trim(),
    candidates: table.length,
    fits_ms_summed: Math.round(fitMs.reduce((a, b) => a + b, 0) * folds),
    best: JSON.parse(table[0][1]),
    same_table_as_first: JSON.stringify(table) === first,
  }));
}
await context.close();
server.close();
