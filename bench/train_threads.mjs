// CPU time against wall time of every thread of the browser during one training run: loads a
// file in the built app, traces from the click on Train to the result card (`toplevel`,
// `devtools.timeline`) and prints, per thread, its tasks' wall and CPU seconds, and those of its
// tasks over 100 ms (a boosting worker's rounds). A thread whose CPU time is far below its wall
// time waited for a core; two workers whose rounds differ in length wait for each other.
//
// usage: node bench/train_threads.mjs FILE.csv [MODEL] [WORKERS] [--tasks tasks.json] [--dist DIR]
// MODEL defaults to gbdt, WORKERS (the form's trainer workers) to 2. --tasks writes every
// thread's top-level tasks as [start µs, wall µs, CPU µs], to line the workers' rounds up.
import { writeFileSync } from 'node:fs';
import { names, parseArgs, traceTraining } from './trace_training.mjs';

const args = parseArgs('node bench/train_threads.mjs FILE.csv [MODEL] [WORKERS] [--tasks FILE] [--dist DIR]', ['tasks', 'dist'], { model: 'gbdt', workers: '2' });
const { events, clickToResultS, trainMs } = await traceTraining({
  ...args,
  categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline'],
});
console.log(`click to result ${clickToResultS} s, training ${trainMs} ms`);
const { threads, processes } = names(events);
// Each thread's top-level tasks (a nested task event is inside its parent's time).
const byThread = new Map();
for (const e of events) {
  if (e.ph !== 'X' || !e.dur) continue;
  if (!['RunTask', 'ThreadControllerImpl::RunTask', 'ThreadPool_RunTask'].includes(e.name)) continue;
  const key = `${processes.get(e.pid) || e.pid} / ${threads.get(`${e.pid}:${e.tid}`) || ''} ${e.tid}`;
  if (!byThread.has(key)) byThread.set(key, []);
  byThread.get(key).push(e);
}
const rows = [];
const tasks = {};
for (const [key, list] of byThread) {
  list.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const row = { key, wall: 0, cpu: 0, n: 0, long: 0, longWall: 0, longCpu: 0 };
  let end = -1;
  for (const e of list) {
    if (e.ts < end) continue;
    end = e.ts + e.dur;
    (tasks[key] ||= []).push([e.ts, e.dur, e.tdur || 0]);
    row.wall += e.dur; row.cpu += e.tdur || 0; row.n++;
    if (e.dur > 100_000) { row.long++; row.longWall += e.dur; row.longCpu += e.tdur || 0; }
  }
  rows.push(row);
}
if (args.tasks) writeFileSync(args.tasks, JSON.stringify(tasks));
const s = (us) => `${(us / 1e6).toFixed(2)} s`;
for (const r of rows.sort((a, b) => b.cpu - a.cpu).slice(0, 14)) {
  console.log(`${r.key.padEnd(55)} wall ${s(r.wall)}, CPU ${s(r.cpu)}, ${r.n} tasks; ${r.long} over 100 ms: wall ${s(r.longWall)}, CPU ${s(r.longCpu)}`);
}
