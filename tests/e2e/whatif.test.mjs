// End-to-end: a what-if prediction, exporting a model, reloading the page, importing it and
// predicting without retraining.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { serve } from './serve.mjs';
import { launch, loadSample } from './browser.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const SHOTS = join(ROOT, 'target/e2e');
mkdirSync(SHOTS, { recursive: true });

let server, context, page;
const errors = [];

before(async () => {
  server = await serve(join(ROOT, 'dist'));
  ({ context, page } = await launch({ width: 1280, height: 900 }));
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(server.url);
  await loadSample(page);
});

after(async () => {
  await context?.close();
  server?.close();
});

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
  const path = join(tmpdir(), `crimelab-e2e-model-${process.pid}.json`);
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
  const bad = join(tmpdir(), `crimelab-e2e-bad-${process.pid}.json`);
  writeFileSync(bad, '{"hello": 1}');
  await page.setInputFiles('[data-testid="import-model"]', bad);
  await page.waitForSelector('[data-testid="error"]');
});
