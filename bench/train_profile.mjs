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
import { writeFileSync } from 'node:fs';
import { names, parseArgs, traceTraining } from './trace_training.mjs';

const { out, ...args } = parseArgs('node bench/train_profile.mjs FILE.csv [MODEL] [WORKERS] [--out FILE] [--dist DIR]', ['out', 'dist'], { model: 'gbdt', workers: '1' });
const { events, clickToResultS, trainMs } = await traceTraining({
  ...args,
  categories: ['disabled-by-default-v8.cpu_profiler', 'devtools.timeline'],
});
console.log(`click to result ${clickToResultS} s, training ${trainMs} ms`);
const { threads: tn } = names(events);
// Each thread's profile: its call-tree nodes and the time sampled in each (a sample stands for
// the time until the next one).
const profiles = new Map();
for (const e of events) {
  if (e.name === 'Profile') profiles.set(`${e.pid}:${e.id}`, { thread: tn.get(`${e.pid}:${e.tid}`) || `${e.pid}:${e.tid}`, nodes: new Map(), self: new Map() });
}
for (const e of events) {
  if (e.name !== 'ProfileChunk') continue;
  const p = profiles.get(`${e.pid}:${e.id}`);
  if (!p) continue;
  const d = e.args.data;
  for (const n of d.cpuProfile?.nodes || []) p.nodes.set(n.id, n.callFrame);
  const samples = d.cpuProfile?.samples || [], deltas = d.timeDeltas || [];
  for (let i = 0; i < samples.length; i++) p.self.set(samples[i], (p.self.get(samples[i]) || 0) + (deltas[i + 1] ?? deltas[i] ?? 0));
}
// Self time by function name (Rust's hash suffixes dropped), top 40 per thread.
const result = [];
for (const p of profiles.values()) {
  const byFunction = new Map();
  let total = 0;
  for (const [id, us] of p.self) {
    const f = p.nodes.get(id);
    const name = f ? `${(f.functionName || '(anonymous)').replace(/::h[0-9a-f]{16}/g, '')}${f.url ? ` (${f.url.split('/').pop()})` : ''}` : `node ${id}`;
    byFunction.set(name, (byFunction.get(name) || 0) + us);
    total += us;
  }
  const top = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([name, us]) => [name, +(us / 1e6).toFixed(3)]);
  result.push({ thread: p.thread, total_s: +(total / 1e6).toFixed(2), top });
}
if (out) writeFileSync(out, JSON.stringify(result, null, 1));
for (const r of result) {
  console.log(`${r.thread}: ${r.total_s} s sampled`);
  for (const [name, s] of r.top.slice(0, 12)) console.log(`  ${s.toFixed(2).padStart(7)} s  ${name}`);
}
