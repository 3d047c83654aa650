// End-to-end: the published site works under a sub-path, as on GitHub Pages
// (https://USER.github.io/crimelab/): the one build of scripts/build-site.sh, served at /crimelab/
// with nothing at /, loads the sample, draws the dashboard and trains a model; every file it asks
// for is under /crimelab/; it is an installable web app (manifest, icons, service worker).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadSample, openApp, recordCspViolations } from './browser.mjs';

const BASE = '/crimelab/';

let server, context, page, errors, close, violations;
const outside = [];

before(async () => {
  ({ server, context, page, errors, close } = await openApp({
    base: BASE,
    gzip: true,
    open: false,
    beforeOpen: async ({ context, page }) => {
      violations = await recordCspViolations(page);
      // Every request of the page, its workers and its service worker stays under the sub-path.
      context.on('request', (r) => {
        const url = new URL(r.url());
        if (url.protocol.startsWith('http') && !url.pathname.startsWith(BASE)) outside.push(r.url());
      });
    },
  }));
});

after(() => close?.());

test('under /crimelab/: load the sample, the dashboard, train a model', async () => {
  await page.goto(server.url);
  await loadSample(page);
  await page.waitForSelector('[data-testid="eda-ready"]', { timeout: 60_000 });
  // The division outlines (data/lapd_divisions.geojson) were fetched from the sub-path.
  assert.ok(server.sent.some((r) => r.path === `${BASE}data/lapd_divisions.geojson`), 'division outlines served');
  await page.selectOption('[data-testid="model"]', 'logreg');
  await page.click('[data-testid="train"]');
  const result = page.locator('[data-testid="result-logreg"]').first();
  await result.waitFor({ timeout: 180_000 });
  const accuracy = Number(await result.locator('[data-testid="metric-accuracy"]').getAttribute('data-value'));
  assert.ok(accuracy > 0.5, `accuracy ${accuracy}`);
  // The worker files the page started are the content-hashed ones the build names.
  const workerScript = await page.getAttribute('meta[name="crimelab-worker"]', 'content');
  assert.match(workerScript, /^\.\/worker_loader-[0-9a-f]{16}\.js$/);
  assert.ok(server.sent.some((r) => r.path === BASE + workerScript.slice(2)), 'hashed worker loader served');
  assert.deepEqual(outside, [], 'requests outside the sub-path');
  assert.deepEqual(violations, []);
  assert.deepEqual(errors, []);
});

test('the site is an installable web app: manifest, icons 192 and 512, service worker', async () => {
  const cdp = await context.newCDPSession(page);
  const manifest = await cdp.send('Page.getAppManifest');
  assert.ok(manifest.url.endsWith(`${BASE}manifest.webmanifest`), manifest.url);
  assert.deepEqual(manifest.errors, []);
  const parsed = JSON.parse(manifest.data);
  assert.equal(parsed.short_name, 'Crime Lab');
  assert.equal(parsed.display, 'standalone');
  const sizes = parsed.icons.map((i) => i.sizes);
  assert.ok(sizes.includes('192x192') && sizes.includes('512x512'), sizes.join(' '));
  for (const icon of parsed.icons) {
    const response = await page.request.get(new URL(icon.src, manifest.url).href);
    assert.equal(response.status(), 200, icon.src);
    assert.equal(response.headers()['content-type'], icon.type, icon.src);
  }
  // Chromium's own check, as for its install prompt (needs the service worker in control).
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 120_000 });
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors, []);
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).scope);
  assert.equal(new URL(scope).pathname, BASE);
});

test('nothing is served at / (the test server really mounts the site under the sub-path)', async () => {
  const response = await page.request.get(new URL('/index.html', server.url).href);
  assert.equal(response.status(), 404);
});
