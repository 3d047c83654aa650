// Browser load benchmark: time from choosing a file to the dataset card, in headless Chromium,
// on the built app (dist/). Also reports the memory Chromium's processes gained while loading
// and the main thread's longest task from choosing the file until the dashboard has drawn.
//
// usage: node bench/browser_load.mjs FILE.csv [--runs 3] [--memory]
// --memory samples Chromium's memory every 50 ms during each run (peak_extra_mb). Sampling reads
// every Chromium process's smaps_rollup, which stalls the browser (it slowed the full-size load
// 1.6–1.8×), so runs that time the load leave it out and memory is measured in runs of its own.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from '../tests/e2e/serve.mjs';
import { launch, longestTask, trackLongestTask } from '../tests/e2e/browser.mjs';
import { memorySampler } from './browser_memory.mjs';

const file = process.argv[2];
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1] || 3) || 3;
const sampleMemory = process.argv.includes('--memory');
if (!file) { console.error('usage: node bench/browser_load.mjs FILE.csv [--runs N]'); process.exit(2); }
const ROOT = new URL('..', import.meta.url).pathname;

const server = await serve(join(ROOT, 'dist'));
const size = statSync(file).size;
const results = [];
for (let run = 0; run < runs; run++) {
  const { context, page } = await launch();
  await page.goto(server.url);
  await page.waitForSelector('[data-testid="file-input"]', { state: 'attached' });
  await trackLongestTask(page);
  await new Promise((r) => setTimeout(r, 500));
  const sampler = memorySampler(sampleMemory);
  await longestTask(page, { reset: true }); // not the page's start-up
  const t0 = Date.now();
  await page.setInputFiles('[data-testid="file-input"]', file);
  await page.waitForSelector('[data-testid="dataset-rows"]', { timeout: 120_000 });
  const wall = Date.now() - t0;
  const peakExtraMb = sampler.stop();
  // The load's main-thread work ends when the dashboard has drawn every chart.
  await page.waitForSelector('[data-testid="eda-ready"]', { timeout: 120_000 });
  const rows = await page.getAttribute('[data-testid="dataset-rows"]', 'data-value');
  const loadMs = Number(await page.getAttribute('[data-testid="dataset-load-ms"]', 'data-value'));
  const longest = await longestTask(page);
  const stages = JSON.parse(await page.getAttribute('[data-testid="dataset-stages"]', 'data-value') || '{}');
  const err = await page.$('[data-testid="error"]');
  if (err) console.error('error shown:', await err.textContent());
  results.push({ run, rows: Number(rows), load_ms: loadMs, wall_ms: wall, peak_extra_mb: peakExtraMb, longest_task_ms: longest, stages });
  console.log(JSON.stringify(results.at(-1)));
  await context.close();
}
server.close();
const best = results.reduce((a, b) => (a.load_ms < b.load_ms ? a : b));
const peakMb = sampleMemory ? Math.max(...results.map((r) => r.peak_extra_mb)) : null;
const memory = peakMb === null ? 'memory not sampled (--memory)' : `peak extra memory ${peakMb.toFixed(0)} MB (${(peakMb / (size / 1e6)).toFixed(2)}× the file)`;
console.log(`\nbrowser load of ${(size / 1e6).toFixed(1)} MB: best ${best.load_ms.toFixed(0)} ms (${(size / 1e6 / (best.load_ms / 1e3)).toFixed(0)} MB/s), ` +
  `${memory}, longest main-thread task ${Math.max(...results.map((r) => r.longest_task_ms)).toFixed(0)} ms`);
