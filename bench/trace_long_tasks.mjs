// What the browser itself does in the main thread's long tasks during a load: records a
// Chrome trace (devtools.timeline) while a file loads in the built app (dist/) and, for every
// task over 40 ms, sums its events by name (Layout, UpdateLayoutTree, Paint, FunctionCall,
// HandlePostMessage, FireAnimationFrame, GC…), gives its thread (CPU) time beside its wall
// time, and names the other threads that ran meanwhile (a task whose thread time is far below
// its wall time waited for a core).
//
// usage: node bench/trace_long_tasks.mjs FILE.csv [DIST] [--train MODEL [--workers N]]
// --train traces a training run instead of the load: from the click on Train to the result card
// (the file loads first, untraced).
import { join } from 'node:path';
import { serve } from '../tests/e2e/serve.mjs';
import { launch } from '../tests/e2e/browser.mjs';

const argv = process.argv.slice(2);
const option = (name) => { const i = argv.indexOf(name); return i >= 0 ? argv.splice(i, 2)[1] : null; };
const model = option('--train');
const workers = option('--workers');
const [file, dist] = argv;
if (!file) { console.error('usage: node bench/trace_long_tasks.mjs FILE.csv [DIST]'); process.exit(2); }
const ROOT = new URL('..', import.meta.url).pathname;
const server = await serve(dist || join(ROOT, 'dist'));
const { context, page } = await launch();
await page.goto(server.url);
await page.waitForSelector('[data-testid="file-input"]', { state: 'attached' });
if (model) {
  await page.setInputFiles('[data-testid="file-input"]', file);
  await page.waitForSelector('[data-testid="dataset-rows"]', { timeout: 120_000 });
  await page.waitForTimeout(2500);
  await page.selectOption('[data-testid="model"]', model);
  if (workers) await page.selectOption('[data-testid="train-workers"]', workers);
}
const cdp = await context.newCDPSession(page);
const events = [];
cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
const complete = new Promise((resolve) => cdp.on('Tracing.tracingComplete', resolve));
await cdp.send('Tracing.start', {
  traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8'] },
  transferMode: 'ReportEvents',
});
if (model) {
  await page.click('[data-testid="train"]');
  await page.waitForSelector(`[data-testid="result-${model}"]`, { timeout: 1_200_000 });
  await page.waitForTimeout(1500); // the card's charts and map draw a frame or two later
} else {
  await page.setInputFiles('[data-testid="file-input"]', file);
  await page.waitForSelector('[data-testid="dataset-rows"]', { timeout: 120_000 });
  await page.waitForTimeout(2500); // the dashboard's charts draw after the card
}
await cdp.send('Tracing.end');
await complete;

const mainThreads = new Set(events.filter((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
const main = events.filter((e) => mainThreads.has(`${e.pid}:${e.tid}`) && e.ph === 'X' && e.dur);
const tasks = main.filter((e) => e.name === 'RunTask' && e.dur > 40_000);
console.log(`${tasks.length} main-thread tasks over 40 ms`);
for (const task of tasks) {
  const byName = new Map();
  for (const e of main) {
    if (e.name !== 'RunTask' && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur) byName.set(e.name, (byName.get(e.name) || 0) + e.dur);
  }
  const top = [...byName].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([name, us]) => `${name} ${(us / 1000).toFixed(1)}`);
  console.log(`${(task.dur / 1000).toFixed(0)} ms (thread ${((task.tdur || 0) / 1000).toFixed(0)} ms) at ${((task.ts - tasks[0].ts) / 1000).toFixed(0)}: ${top.join(', ')}`);
}
const threadNames = new Map(events.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args.name]));
const all = events.filter((e) => e.ph === 'X' && e.dur && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask' || e.name === 'ThreadPool_RunTask'));
for (const task of tasks) {
  const busy = new Map();
  for (const e of all) {
    const k = `${e.pid}:${e.tid}`;
    if (mainThreads.has(k)) continue;
    const a = Math.max(e.ts, task.ts), b = Math.min(e.ts + e.dur, task.ts + task.dur);
    if (b <= a) continue;
    const share = (b - a) / e.dur;
    const name = `${threadNames.get(k) || k} (${e.pid})`;
    busy.set(name, (busy.get(name) || 0) + (e.tdur || e.dur) * share);
  }
  console.log(`during ${(task.dur / 1000).toFixed(0)} ms: ${[...busy].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([n, us]) => `${n} ${(us / 1000).toFixed(0)}`).join(', ')}`);
}
await context.close();
server.close();
