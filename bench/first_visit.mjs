// First-visit benchmark: what a new visitor downloads and how long until the page answers, in
// headless Chromium on a throttled network, with the built app (dist/) served the way a static
// host such as GitHub Pages serves it (gzip for text and wasm, `max-age=600` with ETags).
//
// Each run starts a fresh browser profile (nothing cached) and measures:
//   interactive_ms   navigation start → the "Try the sample" button is on the page and enabled
//   workers_ms       navigation start → a worker has downloaded its wasm
//   first_visit_kb   gzip bytes of the app itself (index, JS, wasm, CSS, worker files, and the
//                    service worker, manifest and icons if the build has them), once all is quiet
//   interactive_kb   the part of it the page had received when it answered (its resource timing)
//   offline_kb       data the service worker (if any) caches for offline use: the sample and the
//                    division outlines (not downloaded by the page itself before the sample)
//   sample_ms, sample_kb   "Try the sample" → the dataset card (the sample's download, if it is
//                    not yet cached, and its parse)
//   repeat_ms        a second visit in the same profile (caches warm) → interactive
// Not a pass/fail test: figures depend on the machine; the network is emulated through the
// DevTools protocol (Network.emulateNetworkConditions) for the page's own requests.
//
// usage: node bench/first_visit.mjs [--dist DIR] [--runs 3] [--down MBIT] [--rtt MS]
import { join, resolve } from 'node:path';
import { serve } from '../tests/e2e/serve.mjs';
import { launch, SAMPLE_ROWS } from '../tests/e2e/browser.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const ROOT = new URL('..', import.meta.url).pathname;
const dist = resolve(option('--dist', join(ROOT, 'dist')));
const runs = Number(option('--runs', 3));
const downMbit = Number(option('--down', 10));
const rttMs = Number(option('--rtt', 40));
const PROFILE = {
  offline: false,
  latency: rttMs,
  downloadThroughput: (downMbit * 1e6) / 8,
  uploadThroughput: (downMbit * 1e6) / 8,
};

const kb = (bytes) => Math.round(bytes / 1024);
const isData = (path) => /\/data\//.test(path);
const sum = (list) => list.reduce((a, r) => a + r.bytes, 0);
const median = (values) => { const s = [...values].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };

// Records when the "Try the sample" button first exists and is enabled (page clock, ms since
// navigation start), without a round trip to the test.
function watchInteractive() {
  const check = () => {
    const button = document.querySelector('[data-testid="load-sample"]');
    if (button && !button.disabled && window.__interactive === undefined) window.__interactive = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
}

/** Resolves when no request has reached the server for 1 s (the page and its workers are idle). */
async function quiet(sent) {
  let count = -1;
  while (count !== sent.length) {
    count = sent.length;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/**
 * Milliseconds from the page's navigation start until a worker had downloaded its wasm (from the
 * worker's own resource timing, on the shared wall clock).
 */
async function workerWasmDownloaded(page) {
  const pageOrigin = await page.evaluate(() => performance.timeOrigin);
  for (let tries = 0; tries < 1200; tries++) {
    for (const worker of page.workers()) {
      const end = await worker.evaluate(() => {
        const entry = performance.getEntriesByType('resource').find((e) => e.name.endsWith('_bg.wasm'));
        return entry && entry.responseEnd > 0 ? performance.timeOrigin + entry.responseEnd : null;
      }).catch(() => null);
      if (end) return end - pageOrigin;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no worker downloaded its wasm within 2 minutes');
}

const server = await serve(dist, { gzip: true, maxAge: 600 });
const results = [];
for (let run = 0; run < runs; run++) {
  const { context, page } = await launch();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', PROFILE);
  await page.addInitScript(watchInteractive);
  server.sent.length = 0;

  await page.goto(server.url, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__interactive !== undefined, null, { timeout: 120_000 });
  const interactiveMs = await page.evaluate(() => window.__interactive);
  // What the page had received by then, by its own resource timing.
  const interactiveBytes = await page.evaluate((t) => {
    const [nav] = performance.getEntriesByType('navigation');
    const done = performance.getEntriesByType('resource').filter((e) => e.responseEnd <= t);
    return nav.encodedBodySize + done.reduce((a, e) => a + e.encodedBodySize, 0);
  }, interactiveMs);
  const workersMs = await workerWasmDownloaded(page);
  // The service worker (if the build has one) fills its cache for offline use.
  const hasWorker = await page.evaluate(async () => Boolean(await navigator.serviceWorker?.getRegistration()));
  if (hasWorker) await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 120_000 });
  await quiet(server.sent);
  const firstVisit = server.sent.filter((r) => !isData(r.path));
  const files = Object.fromEntries(firstVisit.filter((r) => r.bytes > 0).map((r) => [r.path.replace(/^.*\//, ''), kb(r.bytes)]));
  const shellBytes = sum(firstVisit);
  const offlineBytes = sum(server.sent.filter((r) => isData(r.path)));

  const beforeSample = server.sent.length;
  const t0 = Date.now();
  await page.click('[data-testid="load-sample"]');
  await page.waitForFunction(
    (rows) => document.querySelector('[data-testid="dataset-rows"]')?.dataset.value === String(rows),
    SAMPLE_ROWS,
    { timeout: 120_000 },
  );
  const sampleMs = Date.now() - t0;
  const sampleBytes = sum(server.sent.slice(beforeSample).filter((r) => r.path.endsWith('sample.csv')));

  await page.reload({ waitUntil: 'commit' });
  await page.waitForFunction(() => window.__interactive !== undefined, null, { timeout: 120_000 });
  const repeatMs = await page.evaluate(() => window.__interactive);

  results.push({
    run,
    interactive_ms: Math.round(interactiveMs),
    interactive_kb: kb(interactiveBytes),
    workers_ms: Math.round(workersMs),
    first_visit_kb: kb(shellBytes),
    offline_kb: kb(offlineBytes),
    sample_ms: sampleMs,
    sample_kb: kb(sampleBytes),
    repeat_ms: Math.round(repeatMs),
    files,
  });
  console.log(JSON.stringify(results.at(-1)));
  await context.close();
}
server.close();

const m = (key) => median(results.map((r) => r[key]));
console.log(`\nfirst visit on ${downMbit} Mbit/s, ${rttMs} ms RTT (median of ${runs}): ` +
  `interactive after ${m('interactive_ms')} ms (${m('interactive_kb')} KB gzip), ` +
  `workers ready after ${m('workers_ms')} ms; ${m('first_visit_kb')} KB gzip in all ` +
  `(index, JS, wasm, CSS, worker files); offline cache +${m('offline_kb')} KB; ` +
  `"Try the sample" ${m('sample_ms')} ms (${m('sample_kb')} KB); repeat visit interactive after ${m('repeat_ms')} ms`);
