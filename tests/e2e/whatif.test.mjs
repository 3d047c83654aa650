// End-to-end: a what-if prediction, exporting a model, reloading the page, importing it and
// predicting without retraining.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadSample, openApp, SHOTS, tempDir } from './browser.mjs';

/** Where the tests save model files (removed when they end). */
const TMP = tempDir('whatif');

let page, errors, close;

before(async () => {
  ({ page, errors, close } = await openApp({ sample: true, width: 1280, height: 900 }));
});

after(() => close?.());

test('export a trained model, reload, import it and predict an incident', async () => {
  await page.selectOption('[data-testid="model"]', 'gbdt');
  await page.click('[data-testid="train"]');
  await page.waitForSelector('[data-testid="result-gbdt"]', { timeout: 180_000 });
  await page.click('[data-testid="whatif-predict"]');
  await page.waitForSelector('[data-testid="whatif-result"]');
  const before = await page.locator('[data-testid="whatif-result"] .whatif-row').first().getAttribute('data-class');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-testid="result-gbdt"] [data-testid="export-model"]'),
  ]);
  const path = join(TMP, 'model.json');
  await download.saveAs(path);

  await page.reload();
  await loadSample(page);
  await page.setInputFiles('[data-testid="import-model"]', path);
  await page.waitForFunction(() => !document.querySelector('[data-testid="whatif-predict"]')?.disabled);
  await page.click('[data-testid="whatif-predict"]');
  await page.waitForSelector('[data-testid="whatif-result"]');
  assert.equal(await page.getAttribute('[data-testid="whatif-result"]', 'data-value'), '1');
  const after = await page.locator('[data-testid="whatif-result"] .whatif-row').first().getAttribute('data-class');
  assert.equal(after, before, 'the imported model predicts what the trained one did');
  await page.locator('[data-testid="whatif-result"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'whatif.png') });
  assert.deepEqual(errors, []);
});

test('a file that is not an exported model is refused with a message', async () => {
  const { writeFileSync } = await import('node:fs');
  const bad = join(TMP, 'bad.json');
  writeFileSync(bad, '{"hello": 1}');
  await page.setInputFiles('[data-testid="import-model"]', bad);
  await page.waitForSelector('[data-testid="error"]');
});

test('loading data again keeps the what-if panel, so a model file chosen meanwhile is not lost', async () => {
  const input = await page.$('[data-testid="import-model"]');
  await page.evaluate(() => {
    // The load's progress bar comes and goes: note when it has gone again.
    window.__loadEnded = new Promise((resolve) => {
      let seen = false;
      const obs = new MutationObserver(() => {
        const shown = !!document.querySelector('[data-testid="load-progress"]');
        if (shown) seen = true;
        if (seen && !shown) { obs.disconnect(); resolve(); }
      });
      obs.observe(document.body, { subtree: true, childList: true });
    });
  });
  await page.click('[data-testid="load-sample"]');
  await page.evaluate(() => window.__loadEnded);
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  assert.ok(await input.evaluate((e) => e.isConnected), 'the model file input was replaced by a new panel');
  assert.deepEqual(errors, []);
});
