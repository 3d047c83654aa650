// CPU time against wall time of every thread of the browser during one training run: loads a
// file in the built app, traces from the click on Train to the result card (`toplevel`,
// `devtools.timeline`) and prints, per thread, its tasks' wall and CPU seconds, and those of its
// tasks over 100 ms (a boosting worker's rounds). A thread whose CPU time is far below its wall
// time waited for a core; two workers whose rounds differ in length wait for each other.
//
// usage: node bench/train_threads.mjs FILE.csv [MODEL] [WORKERS] [--tasks tasks.json] [--dist DIR]
// MODEL defaults to gbdt, WORKERS (the form's trainer workers) to 2. --tasks writes every
// thread's top-level tasks as [start µs, wall µs, CPU µs], to line the workers' rounds up.
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { serve } from '../tests/e2e/serve.mjs';
import { launch } from '../tests/e2e/browser.mjs';

const argv = process.argv.slice(2);
const option = (name) => { const i = argv.indexOf(name); return i >= 0 ? argv.splice(i, 2)[1] : null; };
const tasksOut = option('--tasks');
const dist = option('--dist');
const [file, model = 'gbdt', workers = '2'] = argv;
if (!file) { console.error('usage: node bench/train_threads.mjs FILE.csv [MODEL] [WORKERS] [--tasks FILE] [--dist DIR]'); process.exit(2); }
const ROOT = new URL('..', import.meta.url).pathname;
const server = await serve(dist || join(ROOT, 'dist'));
const { context, page } = await launch();
await page.goto(server.url);
await page.waitForSelector('[data-testid="file-input"]', { state: 'attached' });
await page.setInputFiles('[data-testid="file-input"]', file);
await page.waitForSelector('[data-testid="dataset-rows"]', { timeout: 120_000 });
await page.waitForTimeout(8000);
await page.selectOption('[data-testid="model"]', model);
await page.selectOption('[data-testid="train-workers"]', workers);
const cdp = await context.newCDPSession(page);
const events = [];
cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
const complete = new Promise((resolve) => cdp.on('Tracing.tracingComplete', resolve));
await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline'] }, transferMode: 'ReportEvents' });
const t0 = Date.now();
await page.click('[data-testid="train"]');
await page.waitForSelector(`[data-testid="result-${model}"]`, { timeout: 1_200_000 });
const train = await page.getAttribute(`[data-testid="result-${model}"] [data-testid="metric-train-ms"]`, 'data-value').catch(() => null);
console.log('click to result', (Date.now() - t0) / 1000, 'train ms', train);
await cdp.send('Tracing.end');
await complete;
const tn = new Map(events.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args.name]));
const pn = new Map(events.filter((e) => e.name === 'process_name').map((e) => [e.pid, e.args.name]));
const byThread = new Map();
for (const e of events) {
  if (e.ph !== 'X' || !e.dur) continue;
  if (!['RunTask', 'ThreadControllerImpl::RunTask', 'ThreadPool_RunTask'].includes(e.name)) continue;
  const k = `${pn.get(e.pid) || e.pid} / ${tn.get(`${e.pid}:${e.tid}`) || ''} ${e.tid}`;
  (byThread.get(k) || byThread.set(k, []).get(k)).push(e);
}
const rows = [];
const dump = {};
for (const [k, list] of byThread) {
  list.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  let end = -1, dur = 0, tdur = 0, n = 0, big = 0, bigWall = 0, bigCpu = 0;
  for (const e of list) {
    if (e.ts < end) continue;
    (dump[k] ||= []).push([e.ts, e.dur, e.tdur || 0]);
    end = e.ts + e.dur; dur += e.dur; tdur += e.tdur || 0; n++;
    if (e.dur > 100_000) { big++; bigWall += e.dur; bigCpu += e.tdur || 0; }
  }
  rows.push([k, dur, tdur, n, big, bigWall, bigCpu]);
}
if (tasksOut) writeFileSync(tasksOut, JSON.stringify(dump));
for (const [k, dur, tdur, n, big, bw, bc] of rows.sort((a, b) => b[2] - a[2]).slice(0, 14)) console.log(`${k.padEnd(55)} wall ${(dur / 1e6).toFixed(2)} s cpu ${(tdur / 1e6).toFixed(2)} s tasks ${n}; over 100 ms: ${big} wall ${(bw / 1e6).toFixed(2)} cpu ${(bc / 1e6).toFixed(2)}`);
await context.close();
server.close();
