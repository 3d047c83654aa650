// End-to-end: loading data in the built app, in real headless Chromium.
// Run by scripts/test.sh after `trunk build`; needs dist/ and /usr/bin/chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, SAMPLE, SHOTS, tempDir } from './browser.mjs';

let page, errors, close;

before(async () => {
  ({ page, errors, close } = await openApp());
  await page.waitForSelector('[data-testid="file-input"]', { state: 'attached' });
});

after(() => close?.());

const value = (id) => page.getAttribute(`[data-testid="${id}"]`, 'data-value');

async function upload(path) {
  await page.setInputFiles('[data-testid="file-input"]', path);
}

/** Where `tempFile` writes (removed when the tests end). */
const TMP = tempDir('load');

function tempFile(name, content) {
  const path = join(TMP, name);
  writeFileSync(path, content);
  return path;
}

async function waitForRows(expected) {
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid="dataset-rows"]')?.dataset.value === String(n),
    expected,
    { timeout: 60_000 },
  );
}

test('uploading the real extract shows its dataset card', async () => {
  await upload(SAMPLE);
  await waitForRows(12954);
  assert.equal(await value('dataset-rows'), '12954');
  assert.equal(await value('dataset-columns'), '36');
  assert.equal(await value('dataset-date-min'), '2020-03-15');
  assert.equal(await value('dataset-date-max'), '2021-07-31');
  assert.equal(await value('dataset-skipped'), '0');
  assert.ok(Number(await value('dataset-load-ms')) > 0);
  const firstCell = await page.textContent('[data-testid="data-table"] tbody tr td');
  assert.equal(firstCell.trim(), '200815333');
  await page.screenshot({ path: join(SHOTS, 'load-sample.png'), fullPage: false });
  assert.deepEqual(errors, []);
});

test('the data table pages through rows', async () => {
  await page.click('[data-testid="page-next"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="page-range"]')?.textContent.startsWith('rows 51'));
});

test('a file that is not a CSV gets a clear error and the dataset stays', async () => {
  const png = tempFile('image.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]));
  await upload(png);
  await page.waitForSelector('[data-testid="error"]');
  const text = await page.textContent('[data-testid="error"]');
  assert.match(text, /not a CSV/i);
  assert.equal(await value('dataset-rows'), '12954');
});

test('a CSV without the export columns names the missing columns', async () => {
  const csv = tempFile('other.csv', 'name,age\nann,3\nbob,4\n');
  await upload(csv);
  await page.waitForFunction(() => /missing columns/.test(document.querySelector('[data-testid="error"]')?.textContent || ''));
  const text = await page.textContent('[data-testid="error"]');
  assert.match(text, /does not look like the LA crime export: missing columns DR_NO, DATE OCC/);
  assert.equal(await value('dataset-rows'), '12954');
});

test('an empty file is reported', async () => {
  await upload(tempFile('empty.csv', ''));
  await page.waitForFunction(() => /empty/.test(document.querySelector('[data-testid="error"]')?.textContent || ''));
  assert.equal(await value('dataset-rows'), '12954');
});

test('a truncated last line is counted as skipped, not fatal', async () => {
  const text = readFileSync(SAMPLE, 'utf8');
  const lines = text.split('\n').slice(0, 101);
  const cut = lines.join('\n').slice(0, -40);
  await upload(tempFile('truncated.csv', cut));
  await waitForRows(99);
  assert.equal(await value('dataset-skipped'), '1');
  const card = await page.textContent('[data-testid="dataset-card"]');
  assert.match(card, /truncated last line/);
});

test('cancelling a load keeps the previous dataset', async () => {
  await upload(SAMPLE);
  await waitForRows(12954);
  // About 70 MB: long enough to cancel mid-way.
  const text = readFileSync(SAMPLE, 'utf8');
  const [header, ...rows] = text.trimEnd().split('\n');
  const body = rows.join('\n');
  const big = tempFile('big.csv', header + '\n' + Array(20).fill(body).join('\n') + '\n');
  await upload(big);
  await page.waitForSelector('[data-testid="load-progress"]');
  await page.click('[data-testid="load-cancel"]');
  await page.waitForSelector('[data-testid="load-progress"]', { state: 'detached' });
  assert.equal(await value('dataset-rows'), '12954');
  // And the app still loads afterwards.
  await upload(big);
  await waitForRows(12954 * 20);
  await page.screenshot({ path: join(SHOTS, 'load-big.png') });
});

test('a file chosen while the previous one is finishing is loaded after it', async () => {
  const [header, ...rows] = readFileSync(SAMPLE, 'utf8').trimEnd().split('\n');
  const first = `${header}\n${rows.slice(0, 300).join('\n')}\n`;
  const second = `${header}\n${rows.slice(0, 800).join('\n')}\n`;
  // In the page, so nothing comes between seeing the first file "Finishing" and choosing the
  // second: the engine is kept busy for a moment, so the first file's parts wait for it.
  const seen = await page.evaluate(([first, second]) => new Promise((resolve, reject) => {
    const input = document.querySelector('[data-testid="file-input"]');
    const choose = (name, text) => {
      const files = new DataTransfer();
      files.items.add(new File([text], name, { type: 'text/csv' }));
      input.files = files.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    };
    const rows = [];
    const card = new MutationObserver(() => {
      const value = document.querySelector('[data-testid="dataset-rows"]')?.dataset.value;
      if (value && value !== rows.at(-1)) rows.push(value);
      if (value === '800') {
        card.disconnect();
        resolve(rows);
      }
    });
    card.observe(document.body, { subtree: true, childList: true, attributes: true });
    setTimeout(() => reject(new Error(`the second file was not loaded; the card showed ${rows}`)), 60_000);
    window.crimelabTest.stallEngine(600);
    choose('first.csv', first);
    const started = performance.now();
    const finishing = () => {
      if (document.querySelector('[data-testid="load-cancel"]')?.disabled) {
        choose('second.csv', second);
      } else if (performance.now() - started > 30_000) {
        reject(new Error('the first file never reached its last step'));
      } else {
        setTimeout(finishing, 2);
      }
    };
    finishing();
  }), [first, second]);
  // The first file's dataset came (the engine had it), then the second replaced it.
  assert.deepEqual(seen.slice(-2), ['300', '800']);
  await page.waitForSelector('[data-testid="load-progress"]', { state: 'detached' });
  assert.match(await page.textContent('[data-testid="dataset-card"]'), /second\.csv/);
  assert.deepEqual(errors, []);
});

test('the sample button loads the bundled sample', async () => {
  await page.click('[data-testid="load-sample"]');
  await waitForRows(12954);
  await page.screenshot({ path: join(SHOTS, 'load-sample-button.png'), fullPage: true });
  assert.deepEqual(errors, []);
});
