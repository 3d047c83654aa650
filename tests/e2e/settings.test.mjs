// End-to-end: a setting that is not understood is refused by name, and the page shows exactly
// the command line's message (both build the run through the core's one builder).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { crimelab, openApp, SAMPLE, SHOTS } from './browser.mjs';

let page, errors, close;

before(async () => {
  ({ page, errors, close } = await openApp({ sample: true, width: 1280, height: 900 }));
});

after(() => close?.());

/** The command line's message for `args` (it must fail), without the `crimelab: ` prefix. */
function cliError(args) {
  const exe = crimelab();
  try {
    execFileSync(exe, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    assert.equal(e.stdout.length, 0, 'nothing on stdout');
    return e.stderr.toString().trim().replace(/^crimelab: /, '');
  }
  assert.fail(`crimelab ${args.join(' ')} succeeded`);
}

/** Types `text` into the hyper-parameter box (as a person would: the change event follows). */
async function setParams(text) {
  if (!(await page.isVisible('[data-testid="params"]'))) await page.click('.params-editor summary');
  await page.fill('[data-testid="params"]', text);
  await page.dispatchEvent('[data-testid="params"]', 'change');
}

/** The error banner's message once it shows. */
async function errorMessage() {
  await page.waitForSelector('[data-testid="error"]');
  return (await page.textContent('[data-testid="error"] span')).trim();
}

async function dismissError() {
  await page.click('[data-testid="error"] button');
  await page.waitForSelector('[data-testid="error"]', { state: 'detached' });
}

test('a misspelt hyper-parameter is refused with the same message as the command line', async () => {
  await page.selectOption('[data-testid="model"]', 'gbdt');
  await setParams('{"rounds": 50}');
  await page.click('[data-testid="train"]');
  const shown = await errorMessage();
  for (const word of ['"rounds"', 'gbdt', 'n_rounds']) assert.ok(shown.includes(word), `${word} missing from: ${shown}`);
  assert.equal(shown, cliError(['train', SAMPLE, '--model', 'gbdt', '--params', '{"rounds": 50}', '--json']));
  // Nothing trained with the defaults instead.
  assert.equal(await page.locator('[data-testid="train-progress"]').count(), 0);
  assert.equal(await page.locator('[data-testid="result-gbdt"]').count(), 0);
  await page.locator('[data-testid="error"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'settings-unknown-param.png') });
  // Tune refuses it the same way.
  await dismissError();
  await page.click('[data-testid="tune"]');
  assert.equal(await errorMessage(), shown);
  await dismissError();
});

test('a value out of range and text that is not JSON are refused like on the command line', async () => {
  await page.selectOption('[data-testid="model"]', 'tree');
  for (const params of ['{"max_depth": 99}', '{"max_depth": 8,}']) {
    await setParams(params);
    await page.click('[data-testid="train"]');
    const shown = await errorMessage();
    assert.equal(shown, cliError(['train', SAMPLE, '--model', 'tree', '--params', params]));
    await dismissError();
  }
});

test('the number inputs are checked by name, not replaced by defaults', async () => {
  await setParams('{}');
  await page.fill('[data-testid="keep-top-k"]', '0');
  await page.dispatchEvent('[data-testid="keep-top-k"]', 'change');
  await page.click('[data-testid="preview-features"]');
  assert.match(await errorMessage(), /keep_top_k = 0 is not valid/);
  await dismissError();
  await page.fill('[data-testid="keep-top-k"]', '');
  await page.dispatchEvent('[data-testid="keep-top-k"]', 'change');
  await page.fill('[data-testid="seed"]', '');
  await page.dispatchEvent('[data-testid="seed"]', 'change');
  await page.click('[data-testid="train"]');
  assert.match(await errorMessage(), /^features: seed = "" is not valid/);
  await dismissError();
  await page.fill('[data-testid="seed"]', '42');
  await page.dispatchEvent('[data-testid="seed"]', 'change');
});

test('after a refusal, a correct setting trains', async () => {
  await page.selectOption('[data-testid="model"]', 'tree');
  await setParams('{"max_depth": 6}');
  await page.click('[data-testid="train"]');
  await page.waitForSelector('[data-testid="result-tree"]', { timeout: 180_000 });
  assert.equal(await page.locator('[data-testid="error"]').count(), 0);
  assert.deepEqual(errors, []);
});
