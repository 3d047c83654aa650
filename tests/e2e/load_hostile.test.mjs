// End-to-end: files that try to break loading, in headless Chromium with four parse workers.
// A generated file over 8 MB whose quoted line endings sit on the parse workers' split points
// loads with exactly the rows it was generated with; hostile headers give a clear error while the
// page stays usable and keeps its dataset; a wide file pages through its columns.
// Needs dist/ (trunk build) and /usr/bin/chromium. Screenshots go to target/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSample, openApp, SAMPLE_ROWS, SHOTS, tempDir } from './browser.mjs';

/** Parse workers the page uses for a large file (it reads navigator.hardwareConcurrency, 1–4). */
const WORKERS = 4;

let page, errors, close;

before(async () => {
  ({ page, errors, close } = await openApp({
    // Four cores, whatever this machine has: the page starts four parse workers.
    beforeOpen: ({ context }) => context.addInitScript(
      (n) => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => n }),
      WORKERS,
    ),
  }));
  await page.waitForSelector('[data-testid="file-input"]', { state: 'attached' });
});

after(() => close?.());

const value = (id) => page.getAttribute(`[data-testid="${id}"]`, 'data-value');

/** Where `tempFile` writes (removed when the tests end). */
const TMP = tempDir('load-hostile');

function tempFile(name, content) {
  const path = join(TMP, name);
  writeFileSync(path, content);
  return path;
}

async function waitForValue(id, expected) {
  await page.waitForFunction(
    ([id, v]) => document.querySelector(`[data-testid="${id}"]`)?.dataset.value === String(v),
    [id, expected],
    { timeout: 120_000 },
  );
}

async function waitForError(pattern) {
  await page.waitForFunction(
    (source) => new RegExp(source).test(document.querySelector('[data-testid="error"]')?.textContent || ''),
    pattern.source,
    { timeout: 60_000 },
  );
  return page.textContent('[data-testid="error"]');
}

/**
 * An export-shaped file of fixed-length rows whose `Notes` field is `note` (quoted, holding line
 * endings). The number of rows, and of blank lines at the end (not rows), are chosen so that
 * every split point of the parse workers falls inside the note, between offsets `from` and `to`
 * of it: a parser that restarted at the next newline would begin in the middle of a field.
 */
function splitTrap(minBytes, workers, note, from, to) {
  const header = 'DR_NO,DATE OCC,TIME OCC,AREA,Crm Cd,Notes\n';
  const pad = (n, w) => String(n).padStart(w, '0');
  const row = (i) => {
    const month = 1 + (i % 12), day = 1 + (i % 28);
    return `${200000000 + i},${pad(month, 2)}/${pad(day, 2)}/2021 12:00:00 AM,${pad(i % 2400, 4)},${pad(1 + (i % 21), 2)},624,${note}\n`;
  };
  const L = row(0).length;
  const noteStart = row(0).indexOf('"');
  // The page splits at floor(len * k / workers) (Part::split).
  const trapped = (rows, blank) => {
    const len = header.length + rows * L + blank;
    for (let k = 1; k < workers; k++) {
      const inRow = (Math.floor((len * k) / workers) - header.length) % L;
      if (inRow < noteStart + from || inRow > noteStart + to) return false;
    }
    return true;
  };
  let rows = Math.ceil(minBytes / L), blank = 0;
  while (!trapped(rows, blank)) {
    blank += 1;
    if (blank === 4 * L) [rows, blank] = [rows + 1, 0];
  }
  const parts = [header];
  for (let i = 0; i < rows; i++) parts.push(row(i));
  parts.push('\n'.repeat(blank));
  return { text: parts.join(''), rows };
}

/** A note with line endings (LF and CRLF), a delimiter and doubled quotes. */
const NOTE = '"first line of the note\nsecond line, with a comma\r\nthird with ""quotes"" and more text"';

/**
 * A note that holds 40 lines that look exactly like rows of the file: from inside it, "the next
 * line starts a row" scores as well as "we are inside quotes", so a worker guesses wrong and
 * the page must have that part parsed again.
 */
const FAKE_ROWS = `"copied rows:\n${Array.from({ length: 40 }, (_, i) => `${i},01/01/2021 12:00:00 AM,0100,01,624,fake`).join('\n')}\nend"`;
const FAKE_FROM = 1, FAKE_TO = FAKE_ROWS.split('\n').slice(0, 8).join('\n').length;

async function loadTrap(name, note, from, to) {
  const { text, rows } = splitTrap(9 << 20, WORKERS, note, from, to);
  assert.ok(text.length >= 8 << 20);
  await page.setInputFiles('[data-testid="file-input"]', tempFile(name, text));
  await waitForValue('dataset-rows', rows);
  // Independent expectations, from how the file was made: every row, none skipped, 12 months.
  assert.equal(await value('dataset-skipped'), '0');
  assert.equal(await value('dataset-columns'), '6');
  assert.equal(await value('dataset-date-min'), '2021-01-01');
  assert.equal(await value('dataset-date-max'), '2021-12-28');
  const firstCell = await page.textContent('[data-testid="data-table"] tbody tr td');
  assert.equal(firstCell.trim(), '200000000');
  const stages = JSON.parse(await value('dataset-stages'));
  assert.ok(`part ${WORKERS} parse` in stages, JSON.stringify(stages));
  return Object.keys(stages).filter((k) => k.includes('again'));
}

test('a file over 8 MB with quoted line endings at every split point loads every row', async () => {
  const again = await loadTrap('split-trap.csv', NOTE, 1, NOTE.lastIndexOf('\n'));
  // Each of the four workers guessed its first record right: no part parsed again.
  assert.deepEqual(again, []);
  assert.deepEqual(errors, []);
});

test('a part whose guessed first record is wrong is parsed again, and the rows are still exact', async () => {
  const again = await loadTrap('fake-rows.csv', FAKE_ROWS, FAKE_FROM, FAKE_TO);
  assert.ok(again.includes(`part 2 again parse`), JSON.stringify(again));
  assert.deepEqual(errors, []);
});

test('a header of 20,000 columns gets a clear error; the page stays usable and keeps its dataset', async () => {
  await loadSample(page);
  const wide = `DR_NO,DATE OCC,TIME OCC,AREA,Crm Cd,${Array(20000).fill('x').join(',')}\n1,1/1/2020,1,1,624\n`;
  await page.setInputFiles('[data-testid="file-input"]', tempFile('wide.csv', wide));
  const text = await waitForError(/Too many columns/);
  assert.match(text, /Too many columns: 20,005 in the header, where Crime Lab accepts at most 1,000\./);
  assert.equal(await value('dataset-rows'), String(SAMPLE_ROWS));
  // The page answers: the data table of the loaded dataset still pages.
  await page.click('[data-testid="page-next"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="page-range"]')?.textContent.startsWith('rows 51'));
  // 10,000 copies of one name: the same clear error.
  const dups = `${Array(10000).fill('AREA').join(',')}\n`;
  await page.setInputFiles('[data-testid="file-input"]', tempFile('dups.csv', dups));
  await waitForError(/Too many columns: 10,000/);
  assert.equal(await value('dataset-rows'), String(SAMPLE_ROWS));
  assert.deepEqual(errors, []);
});

test('a file of 1,000 columns with 995 duplicate names loads and pages through its columns', async () => {
  const n = 995;
  const header = `DR_NO,DATE OCC,TIME OCC,AREA,Crm Cd,${Array(n).fill('dup').join(',')}\n`;
  const rows = Array.from({ length: 120 }, (_, i) => `${i + 1},1/${1 + (i % 28)}/2021,${i},${1 + (i % 21)},624${`,${i}`.repeat(n)}\n`);
  await page.setInputFiles('[data-testid="file-input"]', tempFile('dup-names.csv', header + rows.join('')));
  await waitForValue('dataset-rows', 120);
  assert.equal(await value('dataset-columns'), '1000');
  const range = () => page.textContent('[data-testid="table-columns-range"]');
  assert.equal(await range(), 'columns 1–40 of 1,000');
  assert.equal(await page.locator('[data-testid="data-table"] thead th').count(), 40);
  await page.click('[data-testid="table-columns-next"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="table-columns-range"]')?.textContent === 'columns 41–80 of 1,000');
  const names = await page.locator('[data-testid="data-table"] thead th').allTextContents();
  assert.equal(names[0], 'dup (36)');
  // The profiles page through their columns too.
  await page.waitForSelector('[data-testid="profile-columns-range"]', { timeout: 60_000 });
  assert.equal(await page.textContent('[data-testid="profile-columns-range"]'), 'columns 1–40 of 1,000');
  await page.screenshot({ path: join(SHOTS, 'load-wide.png'), fullPage: false });
  assert.deepEqual(errors, []);
});
