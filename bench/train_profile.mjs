// Where a training run's time goes, function by function, in every thread of the page: loads a
// file in the built app, then traces one training run from the click on Train to the result
// card with V8's sampling profiler (`disabled-by-default-v8.cpu_profiler`) and prints, per
// thread, the self time of its top functions. The samples are taken on wall time, so a thread
// that waits for a core still counts its current function (bench/train_threads.mjs gives CPU
// against wall time).
//
// usage: node bench/train_profile.mjs FILE.csv [MODEL] [WORKERS] [--out profile.json] [--dist DIR]
// MODEL defaults to gbdt, WORKERS (the form's trainer workers) to 1. The shipped worker wasm has
// no function names; for names, copy dist/ and replace its worker-*_bg.wasm with the
// wasm-bindgen output run through `wasm-opt -O3 -g` (target/wasm-bindgen/release/worker_bg.wasm),
// then pass the copy as --dist. --out also writes every thread's top functions as JSON.
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { serve } from '../tests/e2e/serve.mjs';
import { launch } from '../tests/e2e/browser.mjs';

const argv = process.argv.slice(2);
const option = (name) => { const i = argv.indexOf(name); return i >= 0 ? argv.splice(i, 2)[1] : null; };
const out = option('--out');
const dist = option('--dist');
const [file, model = 'gbdt', workers = '1'] = argv;
if (!file) { console.error('usage: node bench/train_profile.mjs FILE.csv [MODEL] [WORKERS] [--out FILE] [--dist DIR]'); process.exit(2); }
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
await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['disabled-by-default-v8.cpu_profiler', 'devtools.timeline'] }, transferMode: 'ReportEvents' });
const t0 = Date.now();
await page.click('[data-testid="train"]');
await page.waitForSelector(`[data-testid="result-${model}"]`, { timeout: 1_200_000 });
console.log('click to result', (Date.now() - t0) / 1000);
await cdp.send('Tracing.end');
await complete;
const tn = new Map(events.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args.name]));
// per profile id: nodes and samples
const profs = new Map();
for (const e of events) {
  if (e.name === 'Profile') profs.set(`${e.pid}:${e.id}`, { thread: tn.get(`${e.pid}:${e.tid}`) || `${e.pid}:${e.tid}`, nodes: new Map(), self: new Map(), total: 0 });
}
for (const e of events) {
  if (e.name !== 'ProfileChunk') continue;
  const p = profs.get(`${e.pid}:${e.id}`); if (!p) continue;
  const d = e.args.data;
  for (const n of d.cpuProfile?.nodes || []) p.nodes.set(n.id, n.callFrame);
  const s = d.cpuProfile?.samples || [], t = d.timeDeltas || [];
  for (let i = 0; i < s.length; i++) { p.self.set(s[i], (p.self.get(s[i]) || 0) + (t[i + 1] ?? t[i] ?? 0)); }
}
const res = [];
for (const p of profs.values()) {
  const byFn = new Map(); let tot = 0;
  for (const [id, us] of p.self) { const f = p.nodes.get(id); const k = f ? `${f.functionName || '(anon)'} ${f.url ? f.url.split('/').pop() : ''}` : id; byFn.set(k, (byFn.get(k) || 0) + us); tot += us; }
  const top = [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([k, us]) => [k, +(us / 1e6).toFixed(3)]);
  res.push({ thread: p.thread, total_s: +(tot / 1e6).toFixed(2), top });
}
if (out) writeFileSync(out, JSON.stringify(res, null, 1));
for (const r of res) console.log(r.thread, r.total_s, JSON.stringify(r.top.slice(0, 12)));
await context.close();
server.close();
