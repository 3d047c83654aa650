// End-to-end: the class balance of the chosen target is drawn before training, follows the
// target, the split and the filters, and matches what `crimelab features` prepares.
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

/** The classes `crimelab features` prepares for `args`: name → "train/valid/test". */
function cliClasses(args) {
  const exe = crimelab();
  const out = JSON.parse(execFileSync(exe, ['features', SAMPLE, ...args, '--json']).toString());
  return Object.fromEntries(out.classes.map((c) => [c.name, `${c.train}/${c.valid}/${c.test}`]));
}

/** The page's balance once it has `n` classes: name → "train/valid/test". */
async function pageClasses(n) {
  await page.waitForSelector(`[data-testid="target-balance"][data-value="${n}"]`);
  const rows = await page.$$eval('[data-testid="target-balance-class"]', (els) =>
    els.map((e) => [e.dataset.class, e.dataset.counts]),
  );
  return Object.fromEntries(rows);
}

test('the balance shows before training and equals the prepared classes of the CLI', async () => {
  assert.equal(await page.isVisible('[data-testid="feature-summary"]'), false, 'nothing trained or prepared');
  const crime = await pageClasses(Object.keys(cliClasses([])).length);
  assert.deepEqual(crime, cliClasses([]));

  await page.selectOption('[data-testid="target"]', 'part-1-2');
  assert.deepEqual(await pageClasses(2), cliClasses(['--target', 'part-1-2']));

  await page.selectOption('[data-testid="split"]', 'random');
  const random = await pageClasses(2);
  assert.deepEqual(random, cliClasses(['--target', 'part-1-2', '--split', 'random']));
  assert.notDeepEqual(random, cliClasses(['--target', 'part-1-2']), 'the split changes the counts');
  await page.locator('.class-balance-panel').screenshot({ path: join(SHOTS, 'class-balance.png') });
  assert.deepEqual(errors, []);
});

test('a bad setting is named where the balance would be', async () => {
  await page.selectOption('[data-testid="target"]', 'part-1-2');
  await page.fill('[data-testid="seed"]', '-3');
  await page.dispatchEvent('[data-testid="seed"]', 'change');
  const message = await page.textContent('[data-testid="target-balance-error"]');
  assert.match(message, /seed/);
  await page.fill('[data-testid="seed"]', '42');
  await page.dispatchEvent('[data-testid="seed"]', 'change');
  await page.waitForSelector('[data-testid="target-balance"][data-value="2"]');
});
