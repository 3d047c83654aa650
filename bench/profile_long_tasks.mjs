// Where do the main thread's long tasks go? Loads a file in a built app, trains models, and
// records a CPU profile of the page (Chrome DevTools Protocol) over each stage; then, for
// every task over the threshold, prints the functions that took its time (self and total).
//
// usage: node bench/profile_long_tasks.mjs DIST FILE.csv [--models logreg,random-forest] [--over 50] [--top 25]
//
// DIST is a build that keeps wasm function names (no wasm-opt; its times run ~2× slower):
//   sed 's/data-wasm-opt="3"/data-wasm-opt="0"/g' index.html > prof.html
//   trunk build --release --dist target/dist-prof prof.html && rm prof.html
// Time in "(program)" is the browser's own work (style, layout, paint): see trace_long_tasks.mjs.
import { serve } from '../tests/e2e/serve.mjs';
import { launch } from '../tests/e2e/browser.mjs';

const [dist, file] = process.argv.slice(2);
if (!dist || !file) { console.error('usage: node bench/profile_long_tasks.mjs DIST FILE.csv [--models a,b] [--over MS]'); process.exit(2); }
const opt = (name, dflt) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : dflt; };
const models = opt('--models', 'logreg').split(',').filter(Boolean);
const over = Number(opt('--over', '50'));

const server = await serve(dist);
const { context, page } = await launch();
const cdp = await context.newCDPSession(page);
await page.goto(server.url);
await page.evaluate(() => {
  window.__tasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__tasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
});
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });

function report(profile, tasks) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  // Sample times in ms on the page's performance.now() clock (profile times are µs, monotonic).
  let t = profile.startTime;
  const times = profile.timeDeltas.map((d) => (t += d));
  const span = (profile.endTime - profile.startTime) / 1000;
  for (const task of tasks) {
    const self = new Map();
    const total = new Map();
    let count = 0;
    for (let i = 0; i < profile.samples.length; i++) {
      const ms = (times[i] - profile.startTime) / 1000 + profile.__startPerf;
      if (ms < task.start || ms > task.start + task.duration) continue;
      count++;
      let id = profile.samples[i];
      const leaf = nodes.get(id).callFrame;
      const key = (f) => `${f.functionName || '(anonymous)'} ${f.url ? f.url.split('/').pop() : ''}`.trim();
      self.set(key(leaf), (self.get(key(leaf)) || 0) + 1);
      const seen = new Set();
      while (id !== undefined) {
        const k = key(nodes.get(id).callFrame);
        if (!seen.has(k)) { seen.add(k); total.set(k, (total.get(k) || 0) + 1); }
        id = parent.get(id);
      }
    }
    const top = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, Number(opt("--top", "25")))
      .map(([k, v]) => `  ${((v / Math.max(count, 1)) * task.duration).toFixed(0).padStart(5)} ms  ${k}`).join('\n');
    console.log(`\n### task at ${task.start.toFixed(0)} ms, ${task.duration.toFixed(0)} ms (${count} samples, profile span ${span.toFixed(0)} ms)`);
    console.log(`self:\n${top(self)}\ntotal:\n${top(total)}`);
  }
}

/** Runs `action` under the profiler, then reports the long tasks it caused. */
async function timed(name, action) {
  await page.evaluate(() => { window.__tasks = []; });
  await cdp.send('Profiler.start');
  const perfAtStart = await page.evaluate(() => performance.now());
  await action();
  await page.waitForTimeout(1500);
  const { profile } = await cdp.send('Profiler.stop');
  // The first sample is taken right at start; anchor it to perfAtStart (error ≈ one round trip).
  profile.__startPerf = perfAtStart - (profile.timeDeltas[0] || 0) / 1000;
  const tasks = await page.evaluate(() => window.__tasks);
  console.log(`\n## ${name}: ${tasks.length} long tasks, longest ${Math.round(Math.max(0, ...tasks.map((t) => t.duration)))} ms`);
  report(profile, tasks.filter((t) => t.duration >= over));
}

await page.waitForSelector('[data-testid="file-input"]', { state: 'attached' });
await timed('load', async () => {
  await page.setInputFiles('[data-testid="file-input"]', file);
  await page.waitForSelector('[data-testid="dataset-rows"]', { timeout: 120_000 });
});
await timed('features', async () => {
  await page.click('[data-testid="preview-features"]');
  await page.waitForSelector('[data-testid="prepare-ms"]', { timeout: 300_000 });
});
for (const model of models) {
  await page.selectOption('[data-testid="model"]', model);
  await timed(`train ${model}`, async () => {
    await page.click('[data-testid="train"]');
    await page.waitForSelector(`[data-testid="result-${model}"]`, { timeout: 1_200_000 });
  });
}
await context.close();
server.close();
