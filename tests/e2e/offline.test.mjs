// End-to-end: after one visit the app works offline (the service worker keeps the app, its
// workers, the sample and the division outlines), and a new version is offered, not forced.
// The site is served under a sub-path (/crimelab/), as on GitHub Pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeServiceWorker } from '../../scripts/post-build.mjs';
import { loadSample, metric, openApp, tempDir, trainModel, ROOT, SAMPLE_ROWS, SHOTS } from './browser.mjs';

const DIST = join(ROOT, 'dist');
const BASE = '/crimelab/';

/** The files the build's service worker keeps (written into dist/sw.js by the post-build step). */
function buildOf(dir) {
  return JSON.parse(readFileSync(join(dir, 'sw.js'), 'utf8').match(/^const BUILD = (.*);$/m)[1]);
}

/**
 * A copy of the build as a new version would deploy it: its stylesheet under another hashed name
 * (same bytes, so the page's integrity check still holds), and a new version and service worker.
 */
function nextVersion() {
  const dir = tempDir('next');
  cpSync(DIST, dir, { recursive: true });
  const css = readdirSync(dir).find((f) => /^style-[0-9a-f]+\.css$/.test(f));
  const renamed = css.replace(/-([0-9a-f]+)\.css$/, (_, h) => `-${[...h].reverse().join('')}0.css`);
  renameSync(join(dir, css), join(dir, renamed));
  const index = join(dir, 'index.html');
  writeFileSync(index, readFileSync(index, 'utf8').replace(css, renamed));
  return { dir, css: renamed, build: writeServiceWorker(dir) };
}

let server, context, page, errors, close;

before(async () => {
  ({ server, context, page, errors, close } = await openApp({ base: BASE, open: false }));
});

after(() => close?.());

/** Trains `model` and returns its accuracy. */
async function train(model) {
  return metric(await trainModel(page, model), 'metric-accuracy');
}

test('after one visit, the page, the sample and training work offline', async () => {
  await page.goto(server.url);
  await page.waitForSelector('[data-testid="load-sample"]');
  // The service worker takes control once it has cached every file of the build.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 120_000 });
  const build = buildOf(DIST);
  const cached = await page.evaluate(async (version) => {
    const cache = await caches.open(`crimelab-${version}`);
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  }, build.version);
  assert.deepEqual(cached.sort(), build.files.map((f) => BASE + f).sort());
  for (const kind of [/app-.*_bg\.wasm$/, /worker-.*_bg\.wasm$/, /worker_loader-.*\.js$/, /^index\.html$/, /^data\/sample\.csv$/, /^data\/lapd_divisions\.geojson$/]) {
    assert.ok(build.files.some((f) => kind.test(f)), `${kind} is kept for offline use`);
  }

  await context.setOffline(true);
  const requestsBefore = server.sent.length;
  await page.reload();
  await loadSample(page);
  await page.waitForSelector('[data-testid="eda-ready"]', { timeout: 60_000 });
  const accuracy = await train('logreg');
  assert.ok(accuracy > 0.5, `accuracy ${accuracy}`);
  // Nothing the page or its workers asked for reached the server (the browser's own check for a
  // new service worker script may, as DevTools' offline mode does not cover it).
  const reached = server.sent.slice(requestsBefore).map((r) => r.path).filter((p) => p !== `${BASE}sw.js`);
  assert.deepEqual(reached, [], 'requests that reached the server while offline');
  assert.deepEqual(errors, []);
});

test('a new version is offered, not forced, and Reload switches to it', async () => {
  await context.setOffline(false);
  const next = nextVersion();
  const oldCss = await page.getAttribute('link[rel="stylesheet"]', 'href');
  assert.notEqual(oldCss, `./${next.css}`);
  await page.evaluate(() => { window.stillTheSamePage = true; });

  // Deploy the new version; the page's periodic check (here: now) finds it.
  server.setRoot(next.dir);
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  const notice = page.locator('[data-testid="update-available"]');
  await notice.waitFor({ timeout: 120_000 });
  assert.match(await notice.textContent(), /new version/i);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS, 'update-available.png') });

  // Not forced: the page, its data and its results are still there, under the old version.
  assert.equal(await page.evaluate(() => window.stillTheSamePage), true);
  assert.equal(await page.getAttribute('[data-testid="dataset-rows"]', 'data-value'), String(SAMPLE_ROWS));
  assert.ok(await page.locator('[data-testid="result-logreg"]').count() > 0);
  assert.equal(await page.getAttribute('link[rel="stylesheet"]', 'href'), oldCss);

  // Reload: the new version takes over and the page reloads with it.
  await Promise.all([page.waitForEvent('load', { timeout: 60_000 }), notice.locator('button').click()]);
  await page.waitForSelector('[data-testid="load-sample"]');
  assert.equal(await page.evaluate(() => window.stillTheSamePage), undefined);
  assert.equal(await page.getAttribute('link[rel="stylesheet"]', 'href'), `./${next.css}`);
  assert.equal(await page.getAttribute('meta[name="crimelab-version"]', 'content'), next.build.version);
  assert.equal(await page.evaluate(() => navigator.serviceWorker.controller !== null), true);
  assert.equal(await page.locator('[data-testid="update-available"]').count(), 0);
  // The new version's files are cached; the previous version's stay for tabs still running it.
  const caches = await page.evaluate(() => caches.keys());
  assert.ok(caches.includes(`crimelab-${next.build.version}`), caches.join(' '));
  assert.ok(caches.includes(`crimelab-${buildOf(DIST).version}`), caches.join(' '));
  assert.deepEqual(errors, []);
});
