// Draws the app's icons (static/icons/): a bar chart on the header's navy, as an SVG and as the
// PNGs (192 and 512 px) an installable web app needs. The background fills the square and the
// bars stay inside the central circle, so the same picture also serves as a maskable icon.
// The PNGs are committed; run this again only to change the design: node scripts/make-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const OUT = new URL('../static/icons/', import.meta.url).pathname;
const SIZE = 512; // design units

const BACKGROUND = '#13233a';
// [x0, y0, x1, y1, radius, colour] in design units.
const SHAPES = [
  [116, 392, 396, 404, 6, '#c8d3e4'],
  [132, 300, 196, 380, 10, '#56b4e9'],
  [224, 220, 288, 380, 10, '#e69f00'],
  [316, 140, 380, 380, 10, '#ffffff'],
];

function svg() {
  const rects = SHAPES.map(([x0, y0, x1, y1, r, c]) =>
    `<rect x="${x0}" y="${y0}" width="${x1 - x0}" height="${y1 - y0}" rx="${r}" fill="${c}"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${SIZE} ${SIZE}">` +
    `<rect width="${SIZE}" height="${SIZE}" fill="${BACKGROUND}"/>${rects.join('')}</svg>\n`;
}

const rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

/** Whether design point (x, y) is inside a rounded rectangle. */
function inside([x0, y0, x1, y1, r], x, y) {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** RGBA pixels of the icon at `px` pixels, 4×4 supersampled. */
function raster(px) {
  const pixels = Buffer.alloc(px * px * 4);
  const scale = SIZE / px;
  const ss = 4;
  for (let j = 0; j < px; j++) {
    for (let i = 0; i < px; i++) {
      const sum = [0, 0, 0];
      for (let sj = 0; sj < ss; sj++) {
        for (let si = 0; si < ss; si++) {
          const x = (i + (si + 0.5) / ss) * scale;
          const y = (j + (sj + 0.5) / ss) * scale;
          let colour = BACKGROUND;
          for (const shape of SHAPES) if (inside(shape, x, y)) colour = shape[5];
          rgb(colour).forEach((v, k) => { sum[k] += v; });
        }
      }
      const o = (j * px + i) * 4;
      sum.forEach((v, k) => { pixels[o + k] = Math.round(v / (ss * ss)); });
      pixels[o + 3] = 255;
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A PNG (8-bit RGBA) of the icon at `px` pixels. */
function png(px) {
  const pixels = raster(px);
  const rows = Buffer.alloc(px * (px * 4 + 1));
  for (let j = 0; j < px; j++) pixels.copy(rows, j * (px * 4 + 1) + 1, j * px * 4, (j + 1) * px * 4);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(px, 0);
  header.writeUInt32BE(px, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync(OUT, { recursive: true });
writeFileSync(`${OUT}icon.svg`, svg());
for (const px of [192, 512]) writeFileSync(`${OUT}icon-${px}.png`, png(px));
console.log(`icons written to ${OUT}`);
