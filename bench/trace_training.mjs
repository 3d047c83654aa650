// One traced training run in the built app, shared by bench/train_profile.mjs and
// bench/train_threads.mjs: loads a file, waits as a reader of the dashboard would (the trainer
// worker warms up meanwhile), sets the model and the trainer workers, and records a Chrome trace
// of the given categories from the click on Train to the result card.
import { join } from 'node:path';
import { serve } from '../tests/e2e/serve.mjs';
import { launch } from '../tests/e2e/browser.mjs';

/** The pause after the load before the click, as bench/browser_train.mjs waits. */
const IDLE_MS = 8000;

/**
 * Parses `FILE [MODEL] [WORKERS]` and the `--NAME VALUE` options in `options` from the command
 * line; exits with `usage` when FILE is missing.
 */
export function parseArgs(usage, options, defaults) {
  const argv = process.argv.slice(2);
  const opts = {};
  for (const name of options) {
    const i = argv.indexOf(`--${name}`);
    opts[name] = i >= 0 ? argv.splice(i, 2)[1] : null;
  }
  const [file, model = defaults.model, workers = defaults.workers] = argv;
  if (!file) {
    console.error(`usage: ${usage}`);
    process.exit(2);
  }
  return { file, model, workers, ...opts };
}

/**
 * Trains `model` on `workers` trainer workers after loading `file` in the app served from
 * `dist` (default dist/), tracing `categories`. Returns the trace events, the seconds from the
 * click to the result card and the card's training milliseconds.
 */
export async function traceTraining({ file, model, workers, dist, categories }) {
  const root = new URL('..', import.meta.url).pathname;
  const server = await serve(dist || join(root, 'dist'));
  const { context, page } = await launch();
  try {
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="file-input"]', { state: 'attached' });
    await page.setInputFiles('[data-testid="file-input"]', file);
    await page.waitForSelector('[data-testid="dataset-rows"]', { timeout: 120_000 });
    await page.waitForTimeout(IDLE_MS);
    await page.selectOption('[data-testid="model"]', model);
    await page.selectOption('[data-testid="train-workers"]', workers);
    const cdp = await context.newCDPSession(page);
    const events = [];
    cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
    const complete = new Promise((resolve) => cdp.on('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.start', { traceConfig: { includedCategories: categories }, transferMode: 'ReportEvents' });
    const t0 = Date.now();
    await page.click('[data-testid="train"]');
    const card = `[data-testid="result-${model}"]`;
    await page.waitForSelector(card, { timeout: 1_200_000 });
    const clickToResultS = (Date.now() - t0) / 1000;
    const trainMs = Number(await page.getAttribute(`${card} [data-testid="metric-train-ms"]`, 'data-value'));
    await cdp.send('Tracing.end');
    await complete;
    return { events, clickToResultS, trainMs };
  } finally {
    await context.close();
    server.close();
  }
}

/** Thread names by `pid:tid` and process names by pid, from a trace's metadata events. */
export function names(events) {
  const threads = new Map(events.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args.name]));
  const processes = new Map(events.filter((e) => e.name === 'process_name').map((e) => [e.pid, e.args.name]));
  return { threads, processes };
}
