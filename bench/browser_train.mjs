// Browser training benchmark: load a file in the built app (dist/), build the training matrix,
// then train models in the trainer worker, reading every figure from the page.
//
// usage: node bench/browser_train.mjs FILE.csv [--models logreg,gbdt,random-forest] [--workers N] [--importance]
// --workers N sets the form's trainer workers (1-8; a forest's trees, boosting's classes or logistic
// regression's row blocks are split over them; default:
// the form's own default, one per core but one). Each train row prints the count and the summed
// peak memory of the workers that took part.
// After the load it waits as a person reading the dashboard would (IDLE_MS, 8 s): the page starts
// the trainer worker in that idle time and has it warm up, as it does for everyone.
// --importance also times permutation importance (app defaults: 5 repeats, 20,000 test rows)
// after each model, first with the trainer's cached matrix, then after a Cancel restarted it.
import { join } from 'node:path';
import { serve } from '../tests/e2e/serve.mjs';
import { launch, longestTask, trackLongestTask } from '../tests/e2e/browser.mjs';

const file = process.argv[2];
const arg = process.argv.indexOf('--models');
const models = (arg > 0 ? process.argv[arg + 1] : 'logreg,gbdt,random-forest').split(',');
const workersArg = process.argv.indexOf('--workers');
const workers = workersArg > 0 ? process.argv[workersArg + 1] : null;
if (!file) { console.error('usage: node bench/browser_train.mjs FILE.csv [--models a,b]'); process.exit(2); }
const ROOT = new URL('..', import.meta.url).pathname;
/** The pause after the load before the first click (see the header). */
const IDLE_MS = 8000;

const server = await serve(join(ROOT, 'dist'));
const { context, page } = await launch();
await page.goto(server.url);
// The page's longest main-thread task, reset before each model.
await trackLongestTask(page);
await page.waitForSelector('[data-testid="file-input"]', { state: 'attached' });
await page.setInputFiles('[data-testid="file-input"]', file);
await page.waitForSelector('[data-testid="dataset-rows"]', { timeout: 120_000 });
const rows = await page.getAttribute('[data-testid="dataset-rows"]', 'data-value');
const loadMs = await page.getAttribute('[data-testid="dataset-load-ms"]', 'data-value');
console.log(JSON.stringify({ stage: 'load', rows: Number(rows), ms: Number(loadMs) }));
await page.waitForTimeout(IDLE_MS);

const t0 = Date.now();
await page.click('[data-testid="preview-features"]');
await page.waitForSelector('[data-testid="prepare-ms"]', { timeout: 300_000 });
const shape = await page.getAttribute('[data-testid="matrix-shape"]', 'data-value');
const prepareMs = await page.getAttribute('[data-testid="prepare-ms"]', 'data-value');
console.log(JSON.stringify({ stage: 'features', shape, prepare_ms: Number(prepareMs), wall_ms_incl_dataset_copy: Date.now() - t0 }));

if (workers) await page.selectOption('[data-testid="train-workers"]', workers);
const usedWorkers = Number(await page.inputValue('[data-testid="train-workers"]'));

for (const model of models) {
  await page.selectOption('[data-testid="model"]', model);
  await longestTask(page, { reset: true });
  const t = Date.now();
  await page.click('[data-testid="train"]');
  await page.waitForSelector(`[data-testid="result-${model}"]`, { timeout: 1_200_000 });
  const card = page.locator(`[data-testid="result-${model}"]`).first();
  const get = async (id) => Number(await card.locator(`[data-testid="${id}"]`).getAttribute('data-value'));
  console.log(JSON.stringify({ stage: `train ${model}`, workers: usedWorkers, train_ms: await get('metric-train-ms'), accuracy: await get('metric-accuracy'), macro_f1: await get('metric-macro-f1'), trainer_wasm_memory_mb: Math.round(await get('metric-peak-memory') / 1048576), longest_task_ms: await longestTask(page), wall_ms: Date.now() - t }));
  if (process.argv.includes('--importance')) {
    for (const when of ['cached matrix', 'after restart']) {
      if (when === 'after restart') {
        // Start a run and cancel it: the trainer worker is replaced and loses its matrix.
        await page.click('[data-testid="train"]');
        await page.click('[data-testid="train-cancel"]');
        await page.waitForSelector('[data-testid="train-progress"]', { state: 'detached' });
      }
      const w = Date.now();
      await card.locator('[data-testid="permutation-run"]').click();
      await card.locator('[data-testid="permutation-progress"]').waitFor();
      await card.locator('[data-testid="permutation-progress"]').waitFor({ state: 'detached', timeout: 1_200_000 });
      const ms = Number(await card.locator('[data-testid="permutation-ms"]').getAttribute('data-value'));
      console.log(JSON.stringify({ stage: `permutation importance ${model} (${when})`, worker_ms: ms, wall_ms: Date.now() - w }));
    }
  }
}
await context.close();
server.close();
