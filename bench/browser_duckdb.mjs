// DuckDB-WASM, the browser reference for the load: file chosen → table ready, timed in the page,
// with Chromium's extra memory and the page's longest main-thread task, as bench/browser_load.mjs
// measures Crime Lab.
//
// usage: node bench/browser_duckdb.mjs FILE.csv [--runs 1] [--memory]
// --memory samples Chromium's memory during each run, which slows the load (see browser_load.mjs):
// time and memory come from separate runs.
import { join } from 'node:path';
import { serve } from '../tests/e2e/serve.mjs';
import { launch, longestTask, trackLongestTask } from '../tests/e2e/browser.mjs';
import { memorySampler } from './browser_memory.mjs';

const file = process.argv[2];
const i = process.argv.indexOf('--runs');
const runs = i > 0 ? Number(process.argv[i + 1]) : 1;
const sampleMemory = process.argv.includes('--memory');
if (!file) { console.error('usage: node bench/browser_duckdb.mjs FILE.csv [--runs N]'); process.exit(2); }
const ROOT = new URL('..', import.meta.url).pathname;

const server = await serve(ROOT);
for (let run = 0; run < runs; run++) {
  const { context, page } = await launch();
  await page.goto(server.url + 'bench/duckdb/');
  await page.waitForFunction(() => window.__ready, null, { timeout: 60_000 });
  await trackLongestTask(page);
  await new Promise((r) => setTimeout(r, 500));
  const sampler = memorySampler(sampleMemory);
  await page.setInputFiles('#file', file);
  await page.waitForFunction(() => document.body.dataset.ms || document.body.dataset.error, null, { timeout: 300_000 });
  const peakExtraMb = sampler.stop(false);
  const data = { ...(await page.evaluate(() => ({ ...document.body.dataset }))), longest: await longestTask(page) };
  if (data.error) { console.error('duckdb failed:', data.error); process.exit(1); }
  console.log(JSON.stringify({ run, engine: 'duckdb-wasm', rows: Number(data.rows), load_ms: Number(data.ms), peak_extra_mb: peakExtraMb, longest_task_ms: data.longest }));
  await context.close();
}
server.close();
