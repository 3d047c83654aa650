// Takes the README's screenshots from the built app (dist/) on the bundled sample, in headless
// Chromium: the dashboard (docs/images/dashboard.png) and the map of predictions of a logistic
// regression (docs/images/prediction-map.png).
//
// usage: scripts/build-site.sh && node scripts/screenshots.mjs
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from '../tests/e2e/serve.mjs';
import { launch, loadSample } from '../tests/e2e/browser.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const OUT = join(ROOT, 'docs/images');
mkdirSync(OUT, { recursive: true });

const server = await serve(join(ROOT, 'dist'));
const { context, page } = await launch({ width: 1280, height: 900 });
try {
  await page.goto(server.url);
  await loadSample(page);
  await page.waitForSelector('[data-testid="eda-ready"]', { timeout: 60_000 });
  // The column profiles and associations finish after the charts: wait until nothing computes.
  await page.waitForFunction(() => !/Computing/.test(document.body.innerText), null, { timeout: 120_000 });
  // The dataset card, the filters and the first rows of charts.
  const top = await page.locator('[data-testid="dataset-rows"]').boundingBox();
  const monthly = await page.locator('[data-testid="chart-monthly"]').boundingBox();
  const y = Math.max(0, top.y - 72);
  await page.screenshot({
    path: join(OUT, 'dashboard.png'),
    fullPage: true,
    clip: { x: 0, y, width: 1280, height: Math.min(1100, monthly.y + monthly.height + 40 - y) },
  });

  await page.selectOption('[data-testid="model"]', 'logreg');
  await page.click('[data-testid="train"]');
  const card = page.locator('[data-testid="result-logreg"]').first();
  await card.waitFor({ timeout: 300_000 });
  await card.locator('[data-testid="prediction-map-panel"] summary').click();
  await page.waitForFunction(() => {
    const c = document.querySelector('[data-testid="result-logreg"] [data-testid="prediction-map"]');
    return c && c.dataset.mode === 'predicted' && c.dataset.layer;
  }, null, { timeout: 60_000 });
  const panel = card.locator('[data-testid="prediction-map-panel"]');
  await panel.scrollIntoViewIfNeeded();
  // One more frame, so that the map's last draw is on screen.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await panel.screenshot({ path: join(OUT, 'prediction-map.png') });
  console.log(`wrote ${join('docs/images', 'dashboard.png')} and ${join('docs/images', 'prediction-map.png')}`);
} finally {
  await context.close();
  server.close();
}
