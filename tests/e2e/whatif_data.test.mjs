// End-to-end: the what-if form's choices come from the loaded data — a division moves the
// incident to its location, a click on the map sets the division and LAT/LON, premises,
// weapons and MO codes are searchable lists of the file, an unknown premise is refused by
// name, and predict gives a result.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openApp, SHOTS } from './browser.mjs';

let page, errors, close;

before(async () => {
  ({ page, errors, close } = await openApp({ sample: true, width: 1280, height: 900 }));
  // The lists arrive from the engine; the map's outlines from the GeoJSON.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="whatif-division"] option').length === 21);
  await page.waitForSelector('[data-testid="whatif-map"] path[data-area="8"]');
});

after(() => close?.());

const value = (id) => page.inputValue(`[data-testid="${id}"]`);
const location = async () => ({ lat: Number(await value('whatif-lat')), lon: Number(await value('whatif-lon')) });

/** Clicks the what-if map at a longitude/latitude (the SVG carries its view in data-view). */
async function clickMap(lon, lat) {
  const map = page.locator('[data-testid="whatif-map"]');
  const [lonMin, latMin, lonMax, latMax] = (await map.getAttribute('data-view')).split(',').map(Number);
  const [, , width, height] = (await map.getAttribute('viewBox')).split(' ').map(Number);
  // The outlines fill the viewBox less a 4-pixel margin, linearly in longitude and latitude.
  const x = 4 + ((lon - lonMin) / (lonMax - lonMin)) * (width - 8);
  const y = 4 + ((latMax - lat) / (latMax - latMin)) * (height - 8);
  await map.scrollIntoViewIfNeeded();
  const box = await map.boundingBox(); // viewport pixels, as the mouse takes them
  await page.mouse.click(box.x + (x * box.width) / width, box.y + (y * box.height) / height);
}

test('the sample opens on West LA at its incidents\' median location', async () => {
  assert.equal(await value('whatif-division'), '8');
  const { lat, lon } = await location();
  assert.ok(lat > 34.0 && lat < 34.1 && lon > -118.5 && lon < -118.4, `${lat}, ${lon}`);
  assert.match(await page.locator('[data-testid="whatif-division"] option[value="8"]').textContent(), /West LA \(12,954\)/);
  // Lists of the file, most frequent first, with their codes.
  assert.ok(await page.locator('#whatif-premises option').count() > 20);
  assert.ok(await page.locator('#whatif-weapons option').count() > 10);
  assert.ok(await page.locator('#whatif-mocode-list option').count() > 100);
  assert.notEqual(await value('whatif-premise'), '');
});

test('choosing a division moves the incident; a map click sets division and LAT/LON', async () => {
  const westLa = await location();
  await page.selectOption('[data-testid="whatif-division"]', '1');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="whatif-lon"]').value) > -118.3);
  const central = await location();
  assert.ok(central.lon > -118.3 && central.lon < -118.2 && central.lat > 34.0 && central.lat < 34.1, JSON.stringify(central));
  assert.notDeepEqual(central, westLa);

  // Back to West LA by clicking a point of it (Westwood).
  await clickMap(-118.445, 34.06);
  await page.waitForFunction(() => document.querySelector('[data-testid="whatif-division"]').value === '8');
  const clicked = await location();
  assert.ok(Math.abs(clicked.lon + 118.445) < 0.005 && Math.abs(clicked.lat - 34.06) < 0.005, JSON.stringify(clicked));
  assert.equal(await page.getAttribute('[data-testid="whatif-map"] path[data-area="8"]', 'class'), 'division selected');

  // Typed coordinates in another division choose it too (Hollywood).
  await page.fill('[data-testid="whatif-lat"]', '34.1016');
  await page.fill('[data-testid="whatif-lon"]', '-118.3267');
  await page.locator('[data-testid="whatif-lon"]').dispatchEvent('change');
  await page.waitForFunction(() => document.querySelector('[data-testid="whatif-division"]').value === '6');
});

test('searchable premise, weapon and MO codes; an unknown premise is refused by name; predict', async () => {
  await page.selectOption('[data-testid="model"]', 'naive-bayes');
  await page.click('[data-testid="train"]');
  await page.waitForSelector('[data-testid="result-naive-bayes"]', { timeout: 180_000 });

  await page.fill('[data-testid="whatif-premise"]', 'moon base');
  await page.locator('[data-testid="whatif-premise"]').dispatchEvent('change');
  await page.click('[data-testid="whatif-predict"]');
  await page.waitForSelector('[data-testid="error"]');
  const message = await page.textContent('[data-testid="error"]');
  assert.match(message, /what-if: premise = "moon base" is not valid/);
  await page.click('[data-testid="error"] button');

  await page.fill('[data-testid="whatif-premise"]', 'parking lot');
  await page.locator('[data-testid="whatif-premise"]').dispatchEvent('change');
  await page.fill('[data-testid="whatif-weapon"]', 'HAND GUN');
  await page.locator('[data-testid="whatif-weapon"]').dispatchEvent('change');
  // A value of the list is shown as the list spells it.
  await page.waitForFunction(() => document.querySelector('[data-testid="whatif-premise"]').value === 'PARKING LOT');
  for (const code of ['0344', '1822']) {
    await page.fill('[data-testid="whatif-mocode"]', code);
    await page.locator('[data-testid="whatif-mocode"]').dispatchEvent('change');
  }
  await page.waitForFunction(() => document.querySelector('[data-testid="whatif-mocodes"]').dataset.value === '0344 1822');
  assert.equal(await value('whatif-mocode'), '');
  await page.click('[data-testid="whatif-predict"]');
  await page.waitForSelector('[data-testid="whatif-result"]');
  assert.equal(await page.getAttribute('[data-testid="whatif-result"]', 'data-value'), '1');
  assert.equal(await page.locator('[data-testid="error"]').count(), 0);
  await page.locator('[data-testid="whatif-form"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'whatif-data.png') });
  assert.deepEqual(errors, []);
});
